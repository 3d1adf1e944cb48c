namespace RiskGovernance.Cli.Tests;

/// <summary><c>riskgov snapshot publish</c>'s checks before the portal is contacted (its runs against a real portal are in the Web tests).</summary>
public sealed class SnapshotCommandTests
{
    [Fact]
    public void Publish_PortalNotAnOrigin_Exit2NamingPortal()
    {
        var r = CliRun.Run("snapshot", "publish", "--book", CliRun.Book, "--market", CliRun.Market, "--portal", "ftp://example.org/x");

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.StartsWith("riskgov: --portal: 'ftp://example.org/x' is not the portal's http(s) origin", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_InvalidBookFile_Exit2NamingTheFieldBeforeAnyPortalIsContacted()
    {
        using var run = new CliRun();
        var book = run.Write("book.json", "{\"accounts\": [{\"id\": \"a\", \"collateral\": {\"USDC\": -5}, \"positions\": []}]}");
        var variable = "RISKGOV_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, RiskGovernance.Chain.DevelopmentKeys.PrivateKeyHex(1));
        try
        {
            // Port 9 (discard) on loopback: nothing answers there, so exit 2 proves no request was made.
            var r = CliRun.Run("snapshot", "publish", "--book", book, "--market", CliRun.Market, "--portal", "http://127.0.0.1:9", "--key-env", variable);

            Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
            Assert.StartsWith("book.accounts[0].collateral.USDC: ", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Publish_UnknownSubcommand_Exit2()
    {
        var r = CliRun.Run("snapshot", "push");

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("unknown command 'snapshot push' (snapshot publish)", r.Stderr, StringComparison.Ordinal);
    }
}
