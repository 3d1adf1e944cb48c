namespace RiskGovernance.Cli.Tests;

public class HelpAndUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Run_Help_ListsEveryCommand(string flag)
    {
        var r = CliRun.Run(flag);
        Assert.Equal(0, r.ExitCode);
        foreach (var command in new[] { "riskgov margin", "riskgov impact", "riskgov correlation check", "riskgov correlation repair", "riskgov book generate" })
        {
            Assert.Contains(command, r.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("margin", "--threads")]
    [InlineData("impact", "--proposed")]
    [InlineData("correlation", "repair")]
    [InlineData("book", "--accounts")]
    public void Run_CommandHelp_ExitZeroAndDescribesOptions(string command, string mention)
    {
        var r = CliRun.Run(command, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(mention, r.Stdout, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Run_HelpAfterOptions_StillHelp()
    {
        var r = CliRun.Run("margin", "--market", "x.json", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("riskgov margin --market", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoArguments_UsageOnStderrExitTwo()
    {
        var r = CliRun.Run();
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Usage:", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("correlation", "needs a command: check or repair")]
    [InlineData("book", "needs a command: generate")]
    public void Run_GroupWithoutCommand_OneUsageLine(string group, string message)
    {
        var r = CliRun.Run(group);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Run_UnknownCommand_UsageErrorNamesIt()
    {
        var r = CliRun.Run("margins", "--market", "m.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown command 'margins'", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StrayArgument_UsageError()
    {
        var r = CliRun.Run("margin", "market.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unexpected argument 'market.json'", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OptionWithoutValue_UsageError()
    {
        var r = CliRun.Run("margin", "--market", "--params", "p.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("option --market needs a value", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}
