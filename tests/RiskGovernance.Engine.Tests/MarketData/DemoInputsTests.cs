using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Tests.MarketData;

/// <summary>The committed demo inputs src/RiskGovernance.Cli/examples/market10.json and
/// params10.json are exactly what <see cref="DemoInputs"/> builds from the embedded data. To
/// regenerate them, run these tests with RISKGOV_WRITE_EXAMPLES=1.</summary>
public sealed class DemoInputsTests
{
    private const string WriteVariable = "RISKGOV_WRITE_EXAMPLES";

    [Fact]
    public void Market10_CommittedExample_IsWhatTheGeneratorBuilds()
    {
        var built = DemoInputs.Market10();
        var path = ExamplePath("market10.json");
        WriteIfAsked(path, MarketSnapshotJson.ToUtf8Bytes(built));

        var committed = MarketSnapshotJson.Read(File.ReadAllText(path));

        Assert.Equal(built.AsOf, committed.AsOf);
        Assert.Equal(built.Assets, committed.Assets);
    }

    [Fact]
    public void Params10_CommittedExample_IsWhatTheGeneratorBuilds()
    {
        var built = DemoInputs.Params10();
        var path = ExamplePath("params10.json");
        WriteIfAsked(path, ParameterSetJson.ToUtf8Bytes(built));

        var committed = ParameterSetJson.Read(File.ReadAllText(path));

        Assert.Equal(ParameterSetJson.ToCanonicalJson(built), ParameterSetJson.ToCanonicalJson(committed));
    }

    [Fact]
    public void Market10_TenAssetsAtTheirClosesAndTwoStablecoins()
    {
        var m = DemoInputs.Market10();
        var closes = MarketDataset.LoadDailyCloses();

        Assert.Equal(new DateOnly(2024, 9, 10), m.AsOf);
        Assert.Equal(12, m.Assets.Count);
        foreach (var a in MarketDataset.DailyAssets)
        {
            Assert.True(closes.TryGetClose(a, m.AsOf, out var close));
            Assert.Equal(close, m[a].Price);
            Assert.InRange(m[a].Volatility, 0.2, 1.5);
        }
        Assert.True(MarketDataset.LoadDvolCloses().TryGetClose("BTC", m.AsOf, out var dvol));
        Assert.Equal(Math.Round(dvol / 100, 4), m["BTC"].Volatility);
        Assert.Equal(0.0, m["USDC"].Volatility);
    }

    [Fact]
    public void Params10_ScaledFromVolatilityAndCorrelationValid()
    {
        var m = DemoInputs.Market10();
        var p = DemoInputs.Params10();

        Assert.Equal(MarketDataset.DailyAssets, p.RiskyAssets);
        foreach (var a in p.RiskyAssets)
        {
            var sigma = m[a].Volatility;
            Assert.Equal(Math.Round(Math.Clamp(3.3 * sigma * Math.Sqrt(3 / 365.0), 0.05, 0.33), 2), p.Asset(a).ScanRange);
            Assert.True(p.Grid.ExtremeMultiple * p.Asset(a).ScanRange < 1);
        }
        Assert.True(p.Asset("DOGE").ScanRange > p.Asset("BTC").ScanRange);
        var report = CorrelationCheck.Analyse(p);
        Assert.True(report.IsValid);
        Assert.True(report.SmallestEigenvalue > 0.01, $"smallest eigenvalue {report.SmallestEigenvalue}");
        Assert.InRange(p.Correlation[0, 1], 0.7, 0.95);
    }

    private static void WriteIfAsked(string path, byte[] bytes)
    {
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllBytes(path, bytes);
        }
    }

    private static string ExamplePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RiskGovernance.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "src", "RiskGovernance.Cli", "examples", name);
    }
}
