using RiskGovernance.Engine.Json;

namespace RiskGovernance.Cli.Tests;

public sealed class BookGenerateCommandTests : IDisposable
{
    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    private CliResult Generate(string name, string seed, params string[] more) =>
        CliRun.Run(["book", "generate", "--market", CliRun.Market, "--accounts", "40", "--seed", seed, "--out", _run.PathOf(name), .. more]);

    [Fact]
    public void Generate_WithParams_WritesReadableBookThatMargins()
    {
        var r = Generate("b.json", "7", "--params", CliRun.Params);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var book = BookJson.Read(File.ReadAllBytes(_run.PathOf("b.json")));
        Assert.Equal(40, book.Accounts.Count);
        Assert.True(book.Accounts.Sum(a => a.Positions.Count) > 40);
        var margin = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", _run.PathOf("b.json"));
        Assert.True(margin.ExitCode == 0, margin.Stderr);
        using var doc = margin.Json();
        Assert.Equal(40, doc.RootElement.GetProperty("totals").GetProperty("accounts").GetInt32());
    }

    [Fact]
    public void Generate_SameSeed_SameBytes_OtherSeed_OtherBook()
    {
        Assert.Equal(0, Generate("a.json", "11", "--params", CliRun.Params).ExitCode);
        Assert.Equal(0, Generate("b.json", "11", "--params", CliRun.Params).ExitCode);
        Assert.Equal(0, Generate("c.json", "12", "--params", CliRun.Params).ExitCode);
        var a = File.ReadAllBytes(_run.PathOf("a.json"));
        Assert.Equal(a, File.ReadAllBytes(_run.PathOf("b.json")));
        Assert.NotEqual(a, File.ReadAllBytes(_run.PathOf("c.json")));
    }

    [Fact]
    public void Generate_WithoutParams_DerivesParametersFromEmbeddedHistory()
    {
        var r = Generate("b.json", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(40, BookJson.Read(File.ReadAllBytes(_run.PathOf("b.json"))).Accounts.Count);
    }

    [Theory]
    [InlineData("--accounts", "0", "--accounts must be an integer in [1,")]
    [InlineData("--seed", "x", "--seed must be an integer")]
    public void Generate_BadNumber_UsageError(string option, string value, string message)
    {
        var args = new List<string> { "book", "generate", "--market", CliRun.Market, "--accounts", "5", "--seed", "1", "--out", _run.PathOf("b.json") };
        args[args.IndexOf(option) + 1] = value;
        var r = CliRun.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.Empty(_run.FilesExcept());
    }

    [Fact]
    public void Generate_MarketWithoutParamsAsset_ErrorNamesAsset()
    {
        var market = _run.Write("m.json", File.ReadAllText(CliRun.Market).Replace("\"SOL\"", "\"AVAX\"", StringComparison.Ordinal));
        var r = CliRun.Run("book", "generate", "--market", market, "--accounts", "5", "--seed", "1", "--out", _run.PathOf("b.json"), "--params", CliRun.Params);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("params.assets.SOL: 'SOL' is not in the market snapshot", Assert.Single(r.StderrLines));
        Assert.Equal(["m.json"], _run.FilesExcept());
    }
}
