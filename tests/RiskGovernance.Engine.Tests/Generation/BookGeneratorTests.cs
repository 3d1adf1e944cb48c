using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using Xunit.Abstractions;

namespace RiskGovernance.Engine.Tests.Generation;

public sealed class BookGeneratorTests(ITestOutputHelper output)
{
    private const int Accounts = 2_000;
    private const long Seed = 20240910;

    private static readonly MarketSnapshot Market = DemoInputs.Market10();
    private static readonly ParameterSet Params = DemoInputs.Params10();
    private static readonly Book Sample = BookGenerator.Generate(Market, Params, Accounts, Seed);

    [Fact]
    public void Generate_SameSeed_SameBook()
    {
        var again = BookGenerator.Generate(Market, Params, Accounts, Seed);

        Assert.Equal(Sample.Accounts.Count, again.Accounts.Count);
        for (var i = 0; i < Accounts; i++)
        {
            var a = Sample.Accounts[i];
            var b = again.Accounts[i];
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Collateral, b.Collateral);
            Assert.Equal(a.Positions, b.Positions);
        }
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentBook()
    {
        var other = BookGenerator.Generate(Market, Params, Accounts, Seed + 1);

        Assert.NotEqual(Sample.Accounts[0].Id, other.Accounts[0].Id);
        Assert.Empty(Sample.Accounts.Select(a => a.Id).Intersect(other.Accounts.Select(a => a.Id)));
    }

    [Fact]
    public void Generate_Ids_AreUnique0xPrefixed40Hex()
    {
        Assert.All(Sample.Accounts, a => Assert.Matches("^0x[0-9a-f]{40}$", a.Id));
        Assert.Equal(Accounts, Sample.Accounts.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void Generate_Shape_AboutSixPositionsAThirdOptionsEveryAsset()
    {
        var positions = Sample.Accounts.SelectMany(a => a.Positions).ToArray();
        var perAccount = (double)positions.Length / Accounts;
        var optionShare = (double)positions.Count(p => p is OptionPosition) / positions.Length;
        output.WriteLine($"positions/account {perAccount:F2}, option share {optionShare:F3}");

        Assert.InRange(perAccount, 5.0, 7.0);
        Assert.InRange(optionShare, 0.25, 0.42);
        Assert.Equal(Params.RiskyAssets.Order(), positions.Select(p => p.Asset).Distinct().Order());
        Assert.All(Sample.Accounts, a => Assert.NotEmpty(a.Positions));
    }

    [Fact]
    public void Generate_Options_AreListedContractsInTheHundreds()
    {
        var options = Sample.Accounts.SelectMany(a => a.Positions).OfType<OptionPosition>().ToArray();
        var distinct = options.Select(o => (o.Asset, o.Right, o.Strike, o.ExpiryDays)).Distinct().Count();
        output.WriteLine($"distinct option contracts {distinct}");

        Assert.InRange(distinct, 100, 999);
        Assert.All(options, o => Assert.Contains(o.ExpiryDays, ListedOptionSeries.StandardExpiryDays));
        Assert.All(options, o => Assert.Contains(o.Strike, ListedOptionSeries.For(Market[o.Asset]).Strikes()));
    }

    [Fact]
    public void Generate_Perps_EnteredNearSpotLongAndShort()
    {
        var perps = Sample.Accounts.SelectMany(a => a.Positions).OfType<PerpPosition>().ToArray();

        Assert.All(perps, p => Assert.InRange(p.EntryPrice / Market[p.Asset].Price, 0.75, 1.3));
        Assert.InRange((double)perps.Count(p => p.Quantity > 0) / perps.Length, 0.3, 0.7);
    }

    [Fact]
    public void Generate_Collateral_StablecoinsAndRiskyAssetsWithHedgedAccounts()
    {
        var withRisky = Sample.Accounts.Count(a => a.Collateral.Any(c => Params.IsRisky(c.Asset) && c.Amount > 0));
        var withStable = Sample.Accounts.Count(a => a.Collateral.Any(c => !Params.IsRisky(c.Asset) && c.Amount > 0));
        var spotAgainstShortPerp = Sample.Accounts.Count(a => a.Collateral.Any(c =>
            Params.IsRisky(c.Asset) && a.Positions.OfType<PerpPosition>().Any(p => p.Asset == c.Asset && p.Quantity < 0)));
        var coveredCall = Sample.Accounts.Count(a => a.Collateral.Any(c =>
            Params.IsRisky(c.Asset) && a.Positions.OfType<OptionPosition>().Any(p => p.Asset == c.Asset && p.Right == OptionRight.Call && p.Quantity < 0)));

        Assert.InRange(withRisky, Accounts / 5, Accounts * 4 / 5);
        Assert.True(withStable > Accounts / 2, $"{withStable} accounts with stablecoins");
        Assert.True(spotAgainstShortPerp > Accounts / 10, $"{spotAgainstShortPerp} spot + short perp accounts");
        Assert.True(coveredCall > Accounts / 20, $"{coveredCall} covered-call accounts");
    }

    [Fact]
    public void Generate_UnderGridMargin_MostHealthyAndEveryOtherStatusPresent()
    {
        var result = new MarginEngine(new MarginEngineOptions(1)).Margin(MarginInputs.Create(Market, Params, Sample));
        var counts = Enum.GetValues<MarginStatus>().ToDictionary(s => s, s => result.Accounts.Count(a => a.Status == s));
        output.WriteLine(string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}")));

        Assert.InRange(counts[MarginStatus.Healthy], Accounts * 0.6, Accounts * 0.92);
        Assert.True(counts[MarginStatus.Restricted] >= Accounts * 0.02, "restricted");
        Assert.True(counts[MarginStatus.MarginCall] >= Accounts * 0.02, "margin-call");
        Assert.True(counts[MarginStatus.Liquidatable] >= Accounts * 0.02, "liquidatable");
    }

    [Fact]
    public void Generate_ThreeAssetExampleInputs_AcceptedByMarginInputs()
    {
        var market = MarketSnapshot.Create(new DateOnly(2022, 11, 8),
        [
            new AssetQuote("BTC", 18547.23, 0.7666), new AssetQuote("ETH", 1334.77, 1.0485),
            new AssetQuote("SOL", 24.38, 1.2), new AssetQuote("USDC", 1.0, 0.0),
        ]);
        string[] assets = ["BTC", "ETH", "SOL"];
        var parameters = Tests.Correlation.ParameterSetFactory.Create(assets, [[1, 0.85, 0.7], [0.85, 1, 0.75], [0.7, 0.75, 1]]);

        var book = BookGenerator.Generate(market, parameters, 300, Seed);

        var inputs = MarginInputs.Create(market, parameters, book);
        Assert.Equal(300, inputs.Book.Accounts.Count);
        Assert.Equal(assets.Order(), book.Accounts.SelectMany(a => a.Positions).Select(p => p.Asset).Distinct().Order());
    }

    [Fact]
    public void Generate_BookJsonRoundTrip_GivesTheSameBook()
    {
        var small = BookGenerator.Generate(Market, Params, 200, Seed);

        var read = Engine.Json.BookJson.Read(Engine.Json.BookJson.ToUtf8Bytes(small));

        Assert.Equal(small.Accounts.Count, read.Accounts.Count);
        for (var i = 0; i < small.Accounts.Count; i++)
        {
            Assert.Equal(small.Accounts[i].Id, read.Accounts[i].Id);
            Assert.Equal(small.Accounts[i].Collateral, read.Accounts[i].Collateral);
            Assert.Equal(small.Accounts[i].Positions, read.Accounts[i].Positions);
        }
    }

    [Fact]
    public void Generate_NoRisklessAssetInMarket_Throws()
    {
        var riskyOnly = MarketSnapshot.Create(Market.AsOf, Market.Assets.Where(q => q.Volatility > 0));

        Assert.Throws<ArgumentException>(() => BookGenerator.Generate(riskyOnly, Params, 10, Seed));
    }

    [Fact]
    public void Generate_ZeroAccounts_EmptyBook()
    {
        Assert.Empty(BookGenerator.Generate(Market, Params, 0, Seed).Accounts);
    }
}
