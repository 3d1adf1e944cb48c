using Microsoft.Extensions.Logging.Abstractions;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

public sealed class ChainReconciliationTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Start_ExecutedOnChainButNotRecorded_RecordedOnFirstPassWithoutPushing()
    {
        var w = new GovernanceWorld();
        var p = await GovernanceServiceTests.SucceededAsync(w);
        var onChain = Registry.OnChainParameterCodec.ToOnChain(Engine.Json.ParameterSetJson.Read(p.ParamsJson!));
        await w.Registry.PushParametersAsync(p.Id, onChain, [], Ct);
        w.Time.Advance(TimeSpan.FromDays(1));
        await w.Registry.PushParametersAsync(p.Id, onChain, [], Ct);
        var pushes = (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions);
        using var reconciliation = new ChainReconciliation(w.Service, w.Time, NullLogger<ChainReconciliation>.Instance);

        await reconciliation.StartAsync(Ct);
        await reconciliation.FirstPass.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await reconciliation.StopAsync(Ct);

        Assert.Equal(ProposalState.Executed, (await w.Proposals.GetAsync(p.Id, Ct))!.State);
        Assert.Equal(0, reconciliation.FailedPasses);
        Assert.Equal(pushes, (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions));
    }
}
