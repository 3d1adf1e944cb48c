using System.Text.Json;

namespace RiskGovernance.Cli.Tests;

public sealed class OutputAndProgressTests : IDisposable
{
    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Run_RawStdoutStream_ReceivesJsonBytesAndTextWriterNothing()
    {
        using var raw = new MemoryStream();
        using var text = new StringWriter();
        using var errors = new StringWriter();
        var exit = RiskGovCommand.Run(["margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book], text, errors, stdoutStream: raw);
        Assert.Equal(0, exit);
        Assert.Equal("", text.ToString());
        using var doc = JsonDocument.Parse(raw.ToArray());
        Assert.Equal(3, doc.RootElement.GetProperty("accounts").GetArrayLength());
        Assert.True(raw.CanWrite, "the raw standard output must stay open");
    }

    [Fact]
    public void Run_ProgressOnForMonteCarlo_StderrShowsStagesAndIsClearedAfterwards()
    {
        var p = _run.Write("p.json", File.ReadAllText(CliRun.Params).Replace("\"method\": \"grid\"", "\"method\": \"montecarlo\"", StringComparison.Ordinal));
        using var text = new StringWriter();
        using var errors = new StringWriter();
        var exit = RiskGovCommand.Run(["margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book], text, errors, showProgress: true);
        Assert.Equal(0, exit);
        var progress = errors.ToString();
        Assert.Contains("montecarlo", progress, StringComparison.Ordinal);
        Assert.Contains("100%", progress, StringComparison.Ordinal);
        Assert.EndsWith("\r", progress, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', progress);
        using var doc = JsonDocument.Parse(text.ToString());
        Assert.Equal("montecarlo", doc.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void Run_ProgressOnForGrid_StderrStaysEmpty()
    {
        using var text = new StringWriter();
        using var errors = new StringWriter();
        var exit = RiskGovCommand.Run(["margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book], text, errors, showProgress: true);
        Assert.Equal(0, exit);
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public void Run_ProgressOff_StderrStaysEmptyForMonteCarlo()
    {
        var p = _run.Write("p.json", File.ReadAllText(CliRun.Params).Replace("\"method\": \"grid\"", "\"method\": \"montecarlo\"", StringComparison.Ordinal));
        var r = CliRun.Run("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        using var doc = r.Json();
        Assert.Equal("montecarlo", doc.RootElement.GetProperty("method").GetString());
    }
}
