using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Simulation;

/// <summary>Impact simulations of the demo proposals on the real portal (anvil, SQLite).</summary>
public sealed class ImpactSimulationsTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task GetOrRun_Twice_StoresThenServesFromStoreWithTheRecordsHash()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var simulations = portal.Services.GetRequiredService<ImpactSimulations>();
        var results = portal.Services.GetRequiredService<IResultStore>();
        var active = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var inputs = await simulations.ResolveInputsAsync(active, CancellationToken.None);
        Assert.Null(await results.FindAsync(inputs.Key, CancellationToken.None));

        var first = await simulations.GetOrRunAsync(inputs, active.Simulation, "tester", CancellationToken.None);
        var stored = await results.FindAsync(inputs.Key, CancellationToken.None);
        var second = await simulations.GetOrRunAsync(inputs, active.Simulation, "someone else", CancellationToken.None);

        Assert.False(first.FromStore);
        Assert.True(second.FromStore);
        Assert.NotNull(stored);
        Assert.Equal(ImpactSimulationInputs.ResultKind, stored.Kind);
        Assert.Equal(active.Simulation!.ResultHash, first.Stored.ResultHash);
        Assert.Equal(active.Simulation.ResultHash, stored.ResultHash);
        Assert.Equal(first.Stored.ResultHash, second.Stored.ResultHash);
        Assert.Equal(Reproduction.Reproduced, first.Reproduction);
        Assert.Equal(Reproduction.Reproduced, second.Reproduction);
        Assert.Equal(active.Simulation.Summary.Accounts, second.Report.Accounts.Count);
        Assert.Equal(active.Simulation.Summary.TotalImAfter, second.Report.After.InitialMargin);
        Assert.Equal(0, simulations.Jobs.Count);
    }

    [Fact]
    public async Task ResolveInputs_ExecutedProposal_UsesTheVersionItWasDraftedAgainstAndReproduces()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var simulations = portal.Services.GetRequiredService<ImpactSimulations>();
        var executed = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Executed, CancellationToken.None)).Single();

        // The ratified set is now the executed one (version 2): the base (version 1) is read back from the registry.
        var inputs = await simulations.ResolveInputsAsync(executed, CancellationToken.None);
        var outcome = await simulations.GetOrRunAsync(inputs, executed.Simulation, "tester", CancellationToken.None);

        Assert.Equal(executed.BaseParamsHash, inputs.CurrentParamsHash);
        Assert.True(inputs.Matches(executed.Simulation!));
        Assert.Equal(Reproduction.Reproduced, outcome.Reproduction);
    }

    [Fact]
    public async Task Cancel_ByStarter_StoresNothingAndOthersCannotCancel()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var simulations = portal.Services.GetRequiredService<ImpactSimulations>();
        var results = portal.Services.GetRequiredService<IResultStore>();
        var active = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var inputs = await simulations.ResolveInputsAsync(active, CancellationToken.None);

        var job = simulations.Start(inputs, "alice");
        var joined = simulations.Start(inputs, "bob");
        var bobCancelled = simulations.Jobs.Cancel(inputs.Key, "bob");
        var aliceCancelled = simulations.Jobs.Cancel(inputs.Key, "alice");

        Assert.Same(job, joined);
        Assert.Equal("alice", joined.StartedBy);
        Assert.False(bobCancelled);
        Assert.True(aliceCancelled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Completion);
        Assert.Null(await results.FindAsync(inputs.Key, CancellationToken.None));
        Assert.Null(simulations.Jobs.Find(inputs.Key));

        // A later run computes and stores it.
        var outcome = await simulations.GetOrRunAsync(inputs, active.Simulation, "bob", CancellationToken.None);
        Assert.False(outcome.FromStore);
        Assert.NotNull(await results.FindAsync(inputs.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Job_ViewerStopsWaiting_JobGoesOnAndStores()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var simulations = portal.Services.GetRequiredService<ImpactSimulations>();
        var results = portal.Services.GetRequiredService<IResultStore>();
        var active = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var inputs = await simulations.ResolveInputsAsync(active, CancellationToken.None);
        using var leaving = new CancellationTokenSource();

        // The viewer starts it and navigates away at once: their wait ends, the shared job does not.
        var job = simulations.Start(inputs, "carol");
        var waiting = job.WaitAsync(null, leaving.Token);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await job.Completion;

        var stored = await results.FindAsync(inputs.Key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(active.Simulation!.ResultHash, stored.ResultHash);
    }
}
