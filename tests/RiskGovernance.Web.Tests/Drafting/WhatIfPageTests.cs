using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Web.Components.Pages.WhatIf;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>The what-if page over the real portal's stores: bad input is named, good input is margined under both sets.</summary>
[Collection(DraftingPortalCollection.Name)]
public sealed class WhatIfPageTests : PortalComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Registers the calculator over the portal's stores.</summary>
    public WhatIfPageTests(DraftingPortal portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        Services.AddSingleton(portal.WhatIf());
    }

    [Fact]
    public void BadQuantity_ErrorNamesField_ThenGoodInputShowsBothSets()
    {
        var cut = Render<WhatIfPage>();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid='what-if-proposal'] option").Count > 1), Wait);

        cut.Find("[data-testid='position-0-quantity']").Input("abc");
        cut.Find("[data-testid='what-if-run']").Click();

        cut.WaitForAssertion(() => Assert.Equal("positions[0].quantity: 'abc' is not a number (use a dot for decimals)",
            cut.Find("[data-testid='error-positions[0].quantity']").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid='what-if-results']"));

        cut.Find("[data-testid='position-0-quantity']").Input("2");
        cut.Find("[data-testid='what-if-run']").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='what-if-results']")), Wait);
        Assert.Single(cut.FindAll("[data-testid='what-if-ratified']"));
        Assert.Single(cut.FindAll("[data-testid='what-if-proposed']"));
        Assert.Empty(cut.FindAll("[data-testid^='error-']"));
    }

    [Fact]
    public void PastedJson_UnknownAsset_ErrorNamesField()
    {
        var cut = Render<WhatIfPage>();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid='what-if-proposal'] option").Count > 1), Wait);
        cut.Find("[data-testid='mode-json']").Click();

        cut.Find("[data-testid='what-if-json']").Input("""{ "id": "x", "collateral": { "USDC": 1000 }, "positions": [ { "type": "perp", "asset": "ZZZ", "quantity": 1, "entryPrice": 1 } ] }""");
        cut.Find("[data-testid='what-if-run']").Click();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid='what-if-error']"),
            e => e.TextContent.StartsWith("book.accounts[0].positions[0].asset:", StringComparison.Ordinal)), Wait);
        Assert.Empty(cut.FindAll("[data-testid='what-if-results']"));
    }
}
