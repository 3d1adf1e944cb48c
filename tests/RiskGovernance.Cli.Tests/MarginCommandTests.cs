using System.Text.Json;

namespace RiskGovernance.Cli.Tests;

public sealed class MarginCommandTests : IDisposable
{
    /// <summary>Totals are sums of the same doubles in another order at most.</summary>
    private const double SumTolerance = 1e-9;

    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    private static string ParamsWith(string find, string replace)
    {
        var text = File.ReadAllText(CliRun.Params);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return text.Replace(find, replace, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grid")]
    [InlineData("montecarlo")]
    [InlineData("historical")]
    public void Margin_Examples_ExitZeroAndTotalsAreSumsOfAccounts(string method)
    {
        var p = _run.Write("p.json", ParamsWith("\"method\": \"grid\"", $"\"method\": \"{method}\""));
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.Equal(method, root.GetProperty("method").GetString());
        var accounts = root.GetProperty("accounts").EnumerateArray().ToArray();
        Assert.Equal(["0x8ba1f109551bd432803012645ac136ddd64dba72", "0x71c7656ec7ab88b098defb751b7401b5f6d8976f",
            "0xdd2fd4581271e230360230f9337d5c0430bf44c0"], accounts.Select(a => a.GetProperty("id").GetString()));
        var totals = root.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("accounts").GetInt32());
        foreach (var (total, field) in new[] { ("equity", "equity"), ("initialMargin", "initialMargin"),
                     ("maintenanceMargin", "maintenanceMargin"), ("isolatedInitialMargin", "isolatedInitialMargin") })
        {
            var sum = accounts.Sum(a => a.GetProperty(field).GetDouble());
            Assert.Equal(sum, totals.GetProperty(total).GetDouble(), SumTolerance * Math.Max(1, Math.Abs(sum)));
        }
        var byStatus = totals.GetProperty("byStatus");
        foreach (var status in new[] { "healthy", "restricted", "margin-call", "liquidatable" })
        {
            Assert.Equal(accounts.Count(a => a.GetProperty("status").GetString() == status), byStatus.GetProperty(status).GetInt32());
        }
        foreach (var a in accounts)
        {
            var im = a.GetProperty("initialMargin").GetDouble();
            Assert.True(im >= 0);
            Assert.Equal(0.6 * im, a.GetProperty("maintenanceMargin").GetDouble(), SumTolerance * Math.Max(1, im));
            Assert.Equal(JsonValueKind.Object, a.GetProperty("riskByAsset").ValueKind);
        }
    }

    [Fact]
    public void Margin_Grid_RiskByAssetNamesTouchedUnits()
    {
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book);
        using var doc = r.Json();
        var first = doc.RootElement.GetProperty("accounts")[0].GetProperty("riskByAsset");
        Assert.Equal(["BTC", "ETH"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // BTC: 2 BTC collateral against a 2 BTC short perp is fully hedged.
        Assert.Equal(0.0, first.GetProperty("BTC").GetDouble(), SumTolerance);
    }

    [Fact]
    public void Margin_Out_WritesFileAndNothingOnStdout()
    {
        var output = _run.PathOf("result.json");
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book, "--out", output, "--threads", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.Equal(3, doc.RootElement.GetProperty("totals").GetProperty("accounts").GetInt32());
        Assert.Equal(["result.json"], _run.FilesExcept());
    }

    [Fact]
    public void Margin_ThreadCount_DoesNotChangeResult()
    {
        var one = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book, "--threads", "1");
        var four = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book, "--threads=4");
        Assert.Equal(one.Stdout, four.Stdout);
    }

    [Fact]
    public void Margin_SeveralBadParameters_OneStderrLinePerProblemAndNoOutput()
    {
        var bad = ParamsWith("\"scanRange\": 0.15", "\"scanRange\": -0.15")
            .Replace("\"steps\": 3", "\"steps\": 2.5", StringComparison.Ordinal)
            .Replace("\"method\": \"grid\"", "\"method\": \"Grid\"", StringComparison.Ordinal)
            .Replace("\"volUp\": 0.6,", "\"volUp\": 0.6, \"volUpp\": 0.7,", StringComparison.Ordinal);
        var p = _run.Write("bad.json", bad);
        var output = _run.PathOf("out.json");
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(
            [
                "params.assets.BTC.scanRange: must be > 0",
                "params.assets.ETH.volUpp: is not a known property (expected scanRange, volUp, volDown, haircut)",
                "params.grid.steps: must be an integer (got 2.5)",
                "params.method: must be one of \"grid\", \"montecarlo\", \"historical\" (got \"Grid\")",
            ],
            r.StderrLines.Order(StringComparer.Ordinal));
        Assert.Equal("", r.Stdout);
        Assert.Equal(["bad.json"], _run.FilesExcept());
    }

    [Fact]
    public void Margin_ProblemsInEveryFile_AllReportedTogether()
    {
        var market = _run.Write("m.json", File.ReadAllText(CliRun.Market).Replace("18547.23", "-1", StringComparison.Ordinal));
        var book = _run.Write("b.json", File.ReadAllText(CliRun.Book).Replace("\"strike\": 1200", "\"strike\": \"1200\"", StringComparison.Ordinal));
        var p = _run.Write("p.json", ParamsWith("\"mmRatio\": 0.6", "\"mmRatio\": 0"));
        var r = CliRun.Run("margin", "--market", market, "--params", p, "--book", book, "--out", _run.PathOf("o.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(
            [
                "book.accounts[0].positions[1].strike: must be a number (got \"1200\")",
                "market.assets[0].price: must be > 0",
                "params.mmRatio: must satisfy 0 < mmRatio <= 1",
            ],
            r.StderrLines.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("o.json", _run.FilesExcept());
    }

    [Fact]
    public void Margin_BookInconsistentWithParams_ErrorNamesPosition()
    {
        var book = _run.Write("b.json", File.ReadAllText(CliRun.Book).Replace("\"asset\": \"SOL\", \"quantity\": -800.0", "\"asset\": \"USDC\", \"quantity\": -800.0", StringComparison.Ordinal));
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", book);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("book.accounts[1].positions[1].asset: underlying 'USDC' has no entry in params.assets", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_MalformedJson_OneLineWithPosition()
    {
        var p = _run.Write("p.json", "{\n  \"method\": \"grid\",\n  \"imMultiplier\": 1.0.0\n}");
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("params: malformed JSON at line 3, position ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_NotPsdMatrix_ErrorOffersRepair()
    {
        var p = _run.Write("p.json", ParamsWith("[[1.0, 0.85, 0.70], [0.85, 1.0, 0.75], [0.70, 0.75, 1.0]]",
            "[[1.0, -0.6, -0.6], [-0.6, 1.0, -0.6], [-0.6, -0.6, 1.0]]"));
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("params.correlation.matrix: is not positive semidefinite (smallest eigenvalue -0.2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_OutputUnchangedWhenInputInvalid_ExistingFileKept()
    {
        var output = _run.Write("out.json", "previous");
        var p = _run.Write("p.json", ParamsWith("\"imMultiplier\": 1.0", "\"imMultiplier\": -1"));
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Equal(["out.json", "p.json"], _run.FilesExcept().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Margin_MissingFile_UsageErrorNamingOptionAndFile()
    {
        var missing = _run.PathOf("nope.json");
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", missing);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.Contains($"--book: file '{missing}' not found", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bok", "unknown option --bok")]
    [InlineData("--threads", "option --threads must be an integer")]
    public void Margin_BadOption_UsageError(string option, string message)
    {
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book, option, "zero");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_MissingRequiredOption_UsageErrorNamesIt()
    {
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--book", CliRun.Book);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs --params", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_OptionGivenTwice_UsageError()
    {
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--market is given more than once", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_OutFolderMissing_UsageError()
    {
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book,
            "--out", _run.PathOf("no/such/folder/out.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not exist", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_HistoryFileTooShort_ErrorNamesHistory()
    {
        var history = _run.Write("h.csv", "date,asset,close\n2022-11-07,BTC,20000\n2022-11-08,BTC,18547.23\n");
        var p = _run.Write("p.json", ParamsWith("\"method\": \"grid\"", "\"method\": \"historical\""));
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book, "--history", history);
        Assert.Equal(2, r.ExitCode);
        Assert.All(r.StderrLines, l => Assert.StartsWith("history", l, StringComparison.Ordinal));
    }
}
