using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Live;
using RiskGovernance.Web.Tests.Support;
using Xunit;

namespace RiskGovernance.Web.Tests.Live;

/// <summary>
/// The demo's book comes from the chain: the 300-account plan is opened on the MarginAccounts contract by one real
/// transaction per account, and the stored book is the one the indexer rebuilt from the contract's logs.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class DemoChainBookTests(LivePortal demo)
{
    private const long Seed = 20241231;

    private Address Contract => Address.Parse(demo.Portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveOptions>>().Value.MarginAccounts!);

    [Fact]
    public async Task The_stored_demo_book_is_the_plan_rebuilt_from_the_contracts_logs()
    {
        var plan = DemoSeeder.Plan(DemoInputs.Market10(), DemoInputs.Params10(), 300, Seed);
        // The demo's own snapshot is the first one stored (the follower stores later ones as the feeder moves prices).
        var books = demo.Get<IBookStore>();
        var first = (await books.ListAsync(1000, CancellationToken.None))[^1];
        var snapshot = (await books.GetAsync(first.Sequence, CancellationToken.None))!;
        Assert.StartsWith("demo: 300 accounts", snapshot.Source, StringComparison.Ordinal);
        Assert.Contains("opened on chain by 300 transactions to MarginAccounts", snapshot.Source, StringComparison.Ordinal);
        var book = snapshot.Book;

        Assert.Equal(plan.Accounts.Count, book.Accounts.Count);
        var byId = book.Accounts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        for (var i = 0; i < plan.Accounts.Count; i++)
        {
            var planned = plan.Accounts[i];
            var address = DemoChain.AccountKey(Seed, Contract, i).Address.ToString();
            Assert.True(byId.TryGetValue(address, out var onChain), $"plan account {i} ({address}) is not in the book");
            AssertSameAccount(planned, onChain!, i);
        }
    }

    [Fact]
    public async Task The_contract_holds_each_accounts_collateral_and_positions()
    {
        var plan = DemoSeeder.Plan(DemoInputs.Market10(), DemoInputs.Params10(), 300, Seed);
        var contract = Address.Parse(demo.Portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveOptions>>().Value.MarginAccounts!);
        var service = new MarginAccountsService(demo.Node.CreateSender(), contract);
        Assert.Equal(plan.Accounts.Sum(a => a.Positions.Count) + 1, await service.GetNextPositionIdAsync(CancellationToken.None));
        foreach (var i in new[] { 0, 1, 150, 299 })
        {
            var account = DemoChain.AccountKey(Seed, Contract, i).Address;
            foreach (var c in plan.Accounts[i].Collateral)
            {
                Assert.Equal(DemoChain.Raw(c.Amount), await service.GetCollateralAsync(account, c.Asset, CancellationToken.None));
            }
        }
    }

    [Fact]
    public async Task The_record_names_three_feeds_per_asset_and_the_contract_with_their_code_hashes()
    {
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(demo.Portal.DataDirectory, LocalChainDeployment.RecordFileName))).RootElement;
        var feeds = record.GetProperty("Feeds").EnumerateArray().ToList();
        Assert.Equal(DemoChain.Assets.Count * DemoChain.FeedsPerAsset, feeds.Count);
        using var chain = demo.Node.CreateClient();
        foreach (var feed in feeds.Append(record))
        {
            var address = Address.Parse(feed.TryGetProperty("Address", out var a) ? a.GetString()! : record.GetProperty("MarginAccounts").GetString()!);
            var hash = feed.TryGetProperty("Address", out _) ? feed.GetProperty("CodeHash").GetString() : record.GetProperty("MarginAccountsCodeHash").GetString();
            Assert.Equal(hash, LocalChainDeployment.CodeHash(await chain.GetCodeAsync(address, CancellationToken.None)).ToString());
        }
    }

    private static void AssertSameAccount(Account planned, Account onChain, int index)
    {
        var collateral = planned.Collateral.Where(c => DemoChain.Raw(c.Amount).Sign > 0).OrderBy(c => c.Asset, StringComparer.Ordinal).ToList();
        Assert.Equal(collateral.Select(c => c.Asset), onChain.Collateral.Select(c => c.Asset));
        foreach (var (p, c) in collateral.Zip(onChain.Collateral))
        {
            AssertClose(p.Amount, c.Amount, $"account {index} collateral {p.Asset}");
        }

        var positions = planned.Positions.Where(p => !DemoChain.Raw(p.Quantity).IsZero).ToList();
        Assert.Equal(positions.Count, onChain.Positions.Count);
        foreach (var (p, c) in positions.Zip(onChain.Positions))
        {
            Assert.Equal(p.GetType(), c.GetType());
            Assert.Equal(p.Asset, c.Asset);
            AssertClose(p.Quantity, c.Quantity, $"account {index} {p.Asset} quantity");
            switch (p, c)
            {
                case (PerpPosition a, PerpPosition b):
                    AssertClose(a.EntryPrice, b.EntryPrice, $"account {index} {p.Asset} entry price");
                    break;
                case (OptionPosition a, OptionPosition b):
                    Assert.Equal(a.Right, b.Right);
                    AssertClose(a.Strike, b.Strike, $"account {index} {p.Asset} strike");
                    Assert.True(Math.Abs(a.ExpiryDays - b.ExpiryDays) < 1e-4, $"account {index} {p.Asset} expiry: planned {a.ExpiryDays} days, on chain {b.ExpiryDays}");
                    break;
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: planned {expected}, on chain {actual}");
}
