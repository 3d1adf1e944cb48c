using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Cli;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Snapshots;

/// <summary><c>riskgov snapshot publish</c> against a real portal served by Kestrel on a loopback port (over anvil and SQLite).</summary>
public sealed class SnapshotPublishCliTests(AnvilFixture node) : IClassFixture<AnvilFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("riskgov-snapshot-cli-").FullName;

    // A variable of this test's own: the process environment is shared by every test running in parallel.
    private readonly string _keyVariable = "RISKGOV_TEST_PUBLISHER_KEY_" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Publish_PublisherKey_StoresTheFilesAndReportsTheStoredHashes()
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true, settings: SnapshotEndpointTests.PublisherSettings());
        var origin = portal.Start().ToString().TrimEnd('/');
        var (market, book, marketHash, bookHash) = await SnapshotEndpointTests.SmallerBookAsync(portal, 250);
        var marketPath = Write("market.json", market);
        var bookPath = Write("book.json", book);
        Environment.SetEnvironmentVariable(_keyVariable, DevelopmentKeys.PrivateKeyHex(SnapshotEndpointTests.PublisherKey));

        var (exit, stdout, stderr) = Run("snapshot", "publish", "--book", bookPath, "--market", marketPath, "--portal", origin, "--key-env", _keyVariable);
        var stored = (await portal.Services.GetRequiredService<IBookStore>().ListAsync(5, CancellationToken.None))[0];

        Assert.True(exit == ExitCodes.Success, stderr);
        using var answer = JsonDocument.Parse(stdout);
        Assert.Equal(bookHash.ToString(), answer.RootElement.GetProperty("bookHash").GetString());
        Assert.Equal(marketHash.ToString(), answer.RootElement.GetProperty("marketHash").GetString());
        Assert.Equal(250, answer.RootElement.GetProperty("accounts").GetInt32());
        Assert.Contains($"book {bookHash}, market {marketHash}", stderr, StringComparison.Ordinal);
        Assert.Equal(bookHash, stored.BookHash);
        Assert.Equal(marketHash, stored.MarketHash);
        Assert.StartsWith($"upload by {DevelopmentKeys.Key(SnapshotEndpointTests.PublisherKey).Address} at ", stored.Source, StringComparison.Ordinal);
        Assert.True(new FileInfo(bookPath).Length > 64 * 1024, "the book is larger than the portal's ordinary JSON body limit");
    }

    [Fact]
    public async Task Publish_NotAPublisher_Exit2NamingThePublisher_InvalidFile_Exit2NamingTheField_NothingStored()
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true, settings: SnapshotEndpointTests.PublisherSettings());
        var origin = portal.Start().ToString().TrimEnd('/');
        var books = portal.Services.GetRequiredService<IBookStore>();
        var (market, book, _, _) = await SnapshotEndpointTests.SmallerBookAsync(portal, 10);
        var marketPath = Write("market.json", market);
        var bookPath = Write("book.json", book);
        var brokenPath = Write("broken.json", book.Replace("\"id\"", "\"ident\"", StringComparison.Ordinal));
        Environment.SetEnvironmentVariable(_keyVariable, DevelopmentKeys.PrivateKeyHex(DemoCommittee.Members[0].KeyIndex));

        var refused = Run("snapshot", "publish", "--book", bookPath, "--market", marketPath, "--portal", origin, "--key-env", _keyVariable);
        var invalid = Run("snapshot", "publish", "--book", brokenPath, "--market", marketPath, "--portal", origin, "--key-env", _keyVariable);
        var noKey = Run("snapshot", "publish", "--book", bookPath, "--market", marketPath, "--portal", origin, "--key-env", _keyVariable + "_UNSET");
        var list = await books.ListAsync(5, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, refused.Exit);
        Assert.Contains($"publisher: {DemoCommittee.Members[0].Address} is not a data publisher", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("(403 Forbidden); nothing was published", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("", refused.Stdout);
        Assert.Equal(ExitCodes.InvalidInput, invalid.Exit);
        Assert.StartsWith("book.accounts[0].", invalid.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, noKey.Exit);
        Assert.Contains($"no signing key: set {_keyVariable}_UNSET", noKey.Stderr, StringComparison.Ordinal);
        Assert.Single(list);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = RiskGovCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        Directory.Delete(_folder, recursive: true);
    }
}
