using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Components.Pages.WhatIf;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Tests.Drafting;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.WhatIf;

/// <summary>
/// What-if (issue 14) over the real portal's stores: absurd magnitudes refused naming the field, mark prices,
/// each position's contribution to IM and each asset's liquidation price, checked against the engine itself.
/// </summary>
[Collection(DraftingPortalCollection.Name)]
public sealed class WhatIfDetailsTests : PortalComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DraftingPortal _portal;

    /// <summary>Registers the calculator over the portal's stores.</summary>
    public WhatIfDetailsTests(DraftingPortal portal)
    {
        _portal = portal ?? throw new ArgumentNullException(nameof(portal));
        Services.AddSingleton(portal.WhatIf());
    }

    private IRenderedComponent<WhatIfPage> Page()
    {
        var cut = Render<WhatIfPage>();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid='what-if-proposal'] option").Count > 1), Wait);
        return cut;
    }

    [Fact]
    public void PastedJson_1e308Collateral_RefusedNamingTheField()
    {
        var cut = Page();
        cut.Find("[data-testid='mode-json']").Click();

        cut.Find("[data-testid='what-if-json']").Input("""{ "id": "x", "collateral": { "USDC": 1e308 }, "positions": [] }""");
        cut.Find("[data-testid='what-if-run']").Click();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid='what-if-error']"),
            e => e.TextContent.StartsWith("book.accounts[0].collateral.USDC: 1E+308 is too large", StringComparison.Ordinal)), Wait);
        Assert.Empty(cut.FindAll("[data-testid='what-if-results']"));
    }

    [Fact]
    public void Table_HugeQuantity_RefusedNamingTheField()
    {
        var cut = Page();

        cut.Find("[data-testid='position-0-quantity']").Input("1e20");
        cut.Find("[data-testid='what-if-run']").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("positions[0].quantity: 1E+20 is too large",
            cut.Find("[data-testid='error-positions[0].quantity']").TextContent.Trim(), StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("[data-testid='what-if-results']"));
    }

    [Fact]
    public void CheckMagnitudes_EveryFieldNamed()
    {
        var book = Book.Create([new Account("a", [new CollateralBalance("USDC", 2e12)],
            [new PerpPosition("BTC", 1, 5e13), new OptionPosition("ETH", OptionRight.Call, 3000, 1e15, 1)])]);

        var e = Assert.Throws<InputValidationException>(() => WhatIfCalculator.CheckMagnitudes(book));

        Assert.Equal(["book.accounts[0].collateral.USDC", "book.accounts[0].positions[0].entryPrice", "book.accounts[0].positions[1].expiryDays"],
            e.Errors.Select(x => x.Field));
    }

    [Fact]
    public async Task Compare_ShortPerpAndHedge_MarksContributionsAndLiquidationPriceAsTheEngineSays()
    {
        var calculator = _portal.WhatIf();
        var snapshot = (await _portal.Get<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await _portal.Get<GovernanceService>().GetInForceAsync(CancellationToken.None))!;
        var parameters = ParameterSetJson.Read(ratified.ParamsJson);
        var btc = snapshot.Market["BTC"].Price;
        var shortPerp = new Account("short", [new CollateralBalance("USDC", 0.5 * btc)], [new PerpPosition("BTC", -2, btc)]);
        var hedged = new Account("hedged", [new CollateralBalance("USDC", 0.5 * btc)], [new PerpPosition("BTC", -2, btc), new PerpPosition("BTC", 2, btc)]);

        var result = await calculator.CompareAsync(Book.Create([shortPerp, hedged]), null, CancellationToken.None);

        Assert.Equal(btc, Assert.Single(result.MarkPrices, q => q.Symbol == "BTC").Price);
        var single = result.Accounts[0];
        Assert.Equal(single.Current.InitialMargin, Assert.Single(single.Contributions).Contribution, 1e-6);
        // Two offsetting perps: each one alone needs margin, together they need less, so each contribution is negative.
        Assert.Equal(2, result.Accounts[1].Contributions.Count);
        Assert.All(result.Accounts[1].Contributions, c => Assert.True(c.Contribution < 0, c.Description + " " + c.Contribution));

        var liquidation = Assert.Single(single.LiquidationPrices, l => l.Asset == "BTC");
        Assert.False(liquidation.AlreadyLiquidatable);
        var above = Assert.NotNull(liquidation.Above);
        Assert.True(above > btc);
        MarginStatus StatusAt(double price)
        {
            var market = MarketSnapshot.Create(snapshot.Market.AsOf, snapshot.Market.Assets.Select(q => q.Symbol == "BTC" ? q with { Price = price } : q));
            return new MarginEngine(new MarginEngineOptions(1)).Margin(MarginInputs.Create(market, parameters, Book.Create([shortPerp])), null, CancellationToken.None)
                .Accounts[0].Status;
        }

        Assert.Equal(MarginStatus.Liquidatable, StatusAt(above));
        Assert.NotEqual(MarginStatus.Liquidatable, StatusAt(above - (1e-5 * btc)));
    }

    [Fact]
    public void Page_TypedPerp_ShowsMarksContributionAndLiquidationPrices()
    {
        var cut = Page();

        cut.Find("[data-testid='position-0-quantity']").Input("2");
        cut.Find("[data-testid='what-if-run']").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='what-if-results']")), Wait);
        Assert.NotNull(cut.Find("[data-testid='what-if-marks']"));
        Assert.NotNull(cut.Find($"[data-testid='what-if-contribution-{WhatIfCalculator.TypedAccountId}-0']"));
        Assert.NotNull(cut.Find($"[data-testid='what-if-liquidation-{WhatIfCalculator.TypedAccountId}-BTC']"));
    }
}
