using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RiskGovernance.Cli.Tests;

public sealed class HistoryCommandTests : IDisposable
{
    private readonly CliRun _run = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _run.Dispose();
    }

    private static string Params10 => Path.Combine(CliRun.Examples, "params10.json");

    private string ProposedWiderScan()
    {
        var text = File.ReadAllText(CliRun.Params);
        Assert.Contains("\"scanRange\": 0.20", text, StringComparison.Ordinal);
        return _run.Write("proposed.json", text.Replace("\"scanRange\": 0.20", "\"scanRange\": 0.3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("covid-2020", "2020-03-10")]
    [InlineData("may-2021", "2021-05-17")]
    [InlineData("ftx-2022", "2022-11-06")]
    public void Stress_Presets_CurrentAndProposedShareTheLossButNotTheMargin(string window, string baseDate)
    {
        var output = _run.PathOf("stress.json");
        var r = CliRun.Run("stress", "--market", CliRun.Market, "--book", CliRun.Book, "--params", CliRun.Params,
            "--proposed", ProposedWiderScan(), "--window", window, "--out", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        var root = doc.RootElement;
        Assert.Equal(window, root.GetProperty("window").GetProperty("name").GetString());
        Assert.Equal(baseDate, root.GetProperty("window").GetProperty("baseDate").GetString());
        var current = root.GetProperty("current");
        var proposed = root.GetProperty("proposed");
        Assert.Equal(current.GetProperty("totals").GetProperty("loss").GetDouble(), proposed.GetProperty("totals").GetProperty("loss").GetDouble());
        Assert.True(proposed.GetProperty("totals").GetProperty("initialMarginBefore").GetDouble()
                    > current.GetProperty("totals").GetProperty("initialMarginBefore").GetDouble());
        var accounts = current.GetProperty("accounts").EnumerateArray().ToArray();
        Assert.Equal(3, accounts.Length);
        Assert.Equal(accounts.Sum(a => a.GetProperty("loss").GetDouble()), current.GetProperty("totals").GetProperty("loss").GetDouble(), 1e-6);
        foreach (var name in new[] { "towardsOne", "towardsZero" })
        {
            Assert.True(current.GetProperty("correlationStress").GetProperty(name).GetProperty("initialMargin").GetDouble() > 0);
        }
        Assert.True(current.GetProperty("cascade").GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Stress_CustomWindowAndAssumptions_AppliesThem()
    {
        var assumptions = _run.Write("a.json", """{"insuranceFund": 1234, "maxCascadeRounds": 5}""");
        var r = CliRun.Run("stress", "--market", CliRun.Market, "--book", CliRun.Book, "--params", CliRun.Params,
            "--window", "2021-01-01..2021-01-10", "--assumptions", assumptions);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("proposed").ValueKind);
        Assert.Equal(1234, doc.RootElement.GetProperty("assumptions").GetProperty("insuranceFund").GetDouble());
        Assert.Equal(10, doc.RootElement.GetProperty("window").GetProperty("days").GetInt32());
    }

    [Fact]
    public void Stress_BadWindowAndAssumptions_ExitTwoNamingFieldsAndNothingWritten()
    {
        var assumptions = _run.Write("a.json", """{"insuranceFund": -5, "priceImpact": {"BTC": "x"}}""");
        var output = _run.PathOf("out.json");
        var r = CliRun.Run("stress", "--market", CliRun.Market, "--book", CliRun.Book, "--params", CliRun.Params,
            "--window", "2021-02-30..2021-03-01", "--assumptions", assumptions, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(r.StderrLines, l => l.StartsWith("--window:", StringComparison.Ordinal));
        Assert.Contains(r.StderrLines, l => l.StartsWith("assumptions.insuranceFund:", StringComparison.Ordinal));
        Assert.Contains(r.StderrLines, l => l.StartsWith("assumptions.priceImpact.BTC:", StringComparison.Ordinal));
        Assert.Equal(["a.json"], _run.FilesExcept());
    }

    [Fact]
    public void Stress_WindowBeforeAnAssetExisted_ProxiesItWithBtcScaledByVolatility()
    {
        var r = CliRun.Run("stress", "--market", CliRun.Market, "--book", CliRun.Book, "--params", CliRun.Params, "--window", "covid-2020");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var moves = doc.RootElement.GetProperty("moves").EnumerateArray().ToDictionary(m => m.GetProperty("asset").GetString()!);
        Assert.Equal(JsonValueKind.Null, moves["BTC"].GetProperty("proxy").ValueKind);
        Assert.Equal("BTC", moves["SOL"].GetProperty("proxy").GetString());
        // market.json: BTC volatility 0.7666, SOL 1.2 (beta = 1.2 / 0.7666).
        using var market = JsonDocument.Parse(File.ReadAllBytes(CliRun.Market));
        var vols = market.RootElement.GetProperty("assets").EnumerateArray()
            .ToDictionary(a => a.GetProperty("symbol").GetString()!, a => a.GetProperty("volatility").GetDouble());
        var expected = Math.Max(-0.99, moves["BTC"].GetProperty("return").GetDouble() * vols["SOL"] / vols["BTC"]);
        Assert.Equal(expected, moves["SOL"].GetProperty("return").GetDouble(), 1e-12);
    }

    [Fact]
    public void Stress_WindowWithoutAnyClose_NamesTheHistoryField()
    {
        var r = CliRun.Run("stress", "--market", CliRun.Market, "--book", CliRun.Book, "--params", CliRun.Params, "--window", "2030-02-01..2030-02-03");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(r.StderrLines, l => l.StartsWith("history.BTC:", StringComparison.Ordinal));
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Backtest_ReferencePortfolios_StatisticsAndSeries()
    {
        var r = CliRun.Run("backtest", "--params", Params10, "--from", "2022-01-01", "--to", "2022-12-31", "--horizon", "2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("horizonDays").GetInt32());
        Assert.Equal(365, root.GetProperty("dates").GetInt32() + root.GetProperty("skippedDates").GetInt32());
        var portfolios = root.GetProperty("portfolios").EnumerateArray().ToArray();
        Assert.Equal(["long-perp-btc", "short-perp-btc", "pair-btc-eth", "short-straddle-btc", "covered-call-btc", "long-spot-eth"],
            portfolios.Select(p => p.GetProperty("id").GetString()));
        foreach (var p in portfolios)
        {
            var series = p.GetProperty("series").EnumerateArray().ToArray();
            Assert.Equal(p.GetProperty("observations").GetInt32(), series.Length);
            Assert.Equal(series.Count(d => d.GetProperty("exception").GetBoolean()), p.GetProperty("exceptions").GetInt32());
            Assert.Contains(p.GetProperty("trafficLight").GetString(), new[] { "green", "yellow", "red" });
            Assert.True(p.GetProperty("kupiec").GetProperty("pValue").GetDouble() is >= 0 and <= 1);
        }
    }

    [Fact]
    public void Backtest_Book_NeedsItsMarketAndRunsEveryAccount()
    {
        var without = CliRun.Run("backtest", "--params", CliRun.Params, "--book", CliRun.Book);
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--market", without.Stderr, StringComparison.Ordinal);

        var r = CliRun.Run("backtest", "--params", CliRun.Params, "--book", CliRun.Book, "--market", CliRun.Market,
            "--from", "2022-11-01", "--to", "2022-11-30", "--series", "false");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var portfolios = doc.RootElement.GetProperty("portfolios").EnumerateArray().ToArray();
        Assert.Equal(3, portfolios.Length);
        Assert.All(portfolios, p => Assert.False(p.TryGetProperty("series", out _)));
        Assert.Equal(30, doc.RootElement.GetProperty("dates").GetInt32());
    }

    [Fact]
    public void Backtest_BadOptions_ExitTwoNamingEachAndNothingWritten()
    {
        var output = _run.PathOf("b.json");
        var r = CliRun.Run("backtest", "--params", Params10, "--from", "2022-13-01", "--to", "2022-01-01", "--lambda", "1.5", "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(r.StderrLines, l => l.StartsWith("--from:", StringComparison.Ordinal));
        Assert.Contains(r.StderrLines, l => l.StartsWith("--lambda:", StringComparison.Ordinal));
        Assert.Empty(_run.FilesExcept());

        var reversed = CliRun.Run("backtest", "--params", Params10, "--from", "2022-02-01", "--to", "2022-01-01", "--out", output);
        Assert.Equal(2, reversed.ExitCode);
        Assert.Contains(reversed.StderrLines, l => l.StartsWith("--to:", StringComparison.Ordinal));

        var horizon = CliRun.Run("backtest", "--params", Params10, "--horizon", "0");
        Assert.Equal(2, horizon.ExitCode);
        Assert.Contains("--horizon", horizon.Stderr, StringComparison.Ordinal);
        Assert.Empty(_run.FilesExcept());
    }

    [Fact]
    public void HistoryImport_EmbeddedData_IdempotentIntoARealFile()
    {
        var db = _run.PathOf("history.db");
        var first = CliRun.Run("history", "import", "--db", db);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("23955 inserted, 0 updated, 0 unchanged", first.Stdout, StringComparison.Ordinal);

        var second = CliRun.Run("history", "import", "--db", db);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("0 inserted, 0 updated, 23955 unchanged", second.Stdout, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Value\" FROM \"MarketHistory\" WHERE \"Series\" = 'close' AND \"Asset\" = 'BTC' AND \"Date\" = '2022-11-09'";
        Assert.Equal(15922.81, (double)command.ExecuteScalar()!);
    }

    [Fact]
    public void HistoryImport_GivenCsv_StoresItsRows()
    {
        var csv = _run.Write("p.csv", "date,asset,close\n2024-01-01,BTC,42000\n2024-01-02,BTC,43000\n");
        var db = _run.PathOf("h.db");
        var r = CliRun.Run("history", "import", "--db", db, "--prices", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("2 inserted", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryImport_BadCsv_ExitTwoAndNamesTheRow()
    {
        var csv = _run.Write("p.csv", "date,asset,close\n2024-01-01,BTC,-1\n");
        var r = CliRun.Run("history", "import", "--db", _run.PathOf("h.db"), "--prices", csv);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("close", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_run.PathOf("h.db")));
    }

    [Fact]
    public void HistoryEstimate_Params_ComparesWithTheSet()
    {
        var r = CliRun.Run("history", "estimate", "--date", "2022-11-08", "--params", CliRun.Params, "--lambda", "0.97");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.Equal(0.97, root.GetProperty("lambda").GetDouble());
        Assert.Equal(["BTC", "ETH", "SOL"], root.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("asset").GetString()));
        var pairs = root.GetProperty("comparison").GetProperty("pairs").EnumerateArray().ToArray();
        Assert.Equal(3, pairs.Length);
        Assert.Equal(0.85, pairs[0].GetProperty("proposed").GetDouble());
    }

    [Fact]
    public void HistoryEstimate_BadInputs_ExitTwoNamingFields()
    {
        var r = CliRun.Run("history", "estimate", "--date", "2022-11-32", "--lambda", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(r.StderrLines, l => l.StartsWith("--date:", StringComparison.Ordinal));
        Assert.Contains(r.StderrLines, l => l.StartsWith("--lambda:", StringComparison.Ordinal));

        var early = CliRun.Run("history", "estimate", "--date", "2019-06-01", "--assets", "BTC,AVAX");
        Assert.Equal(2, early.ExitCode);
        Assert.Contains(early.StderrLines, l => l.StartsWith("history.AVAX:", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_ListsTheNewCommands()
    {
        var r = CliRun.Run("--help");
        foreach (var command in new[] { "riskgov stress", "riskgov backtest", "riskgov history import", "riskgov history estimate" })
        {
            Assert.Contains(command, r.Stdout, StringComparison.Ordinal);
        }
        Assert.Equal(0, CliRun.Run("stress", "--help").ExitCode);
        Assert.Equal(0, CliRun.Run("backtest", "--help").ExitCode);
        Assert.Equal(0, CliRun.Run("history", "--help").ExitCode);
    }
}
