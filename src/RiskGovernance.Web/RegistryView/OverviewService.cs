using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.RegistryView;

/// <summary>One asset's parameters in the ratified set.</summary>
/// <param name="Symbol">Asset symbol.</param>
/// <param name="ScanRange">Price scan range.</param>
/// <param name="VolUp">Volatility shift up.</param>
/// <param name="VolDown">Volatility shift down.</param>
/// <param name="Haircut">Collateral haircut.</param>
public sealed record AssetParametersRow(string Symbol, double ScanRange, double VolUp, double VolDown, double Haircut);

/// <summary>The ratified parameter set as the overview shows it.</summary>
/// <param name="Version">Registry version.</param>
/// <param name="ParamsHash">Params hash.</param>
/// <param name="RatifiedAt">When it was recorded as ratified, if known.</param>
/// <param name="Method">Margin method ("grid", ...).</param>
/// <param name="ImMultiplier">IM multiplier.</param>
/// <param name="MmRatio">Maintenance ratio.</param>
/// <param name="LiquidationRatio">Liquidation ratio.</param>
/// <param name="Assets">Per-asset values.</param>
public sealed record RatifiedSummary(
    long Version, Hash32 ParamsHash, DateTimeOffset? RatifiedAt, string Method, double ImMultiplier, double MmRatio, double LiquidationRatio,
    IReadOnlyList<AssetParametersRow> Assets);

/// <summary>The registry's current version against the ratified set.</summary>
/// <param name="OnChainVersion">The registry's current version, null when it could not be read.</param>
/// <param name="OnChainHash">Its params hash.</param>
/// <param name="InSync">True when the registry holds the ratified version with the ratified hash.</param>
/// <param name="Message">What is out of sync, or why the registry could not be read; null when in sync.</param>
public sealed record ChainSync(long? OnChainVersion, Hash32? OnChainHash, bool InSync, string? Message);

/// <summary>An open proposal (Active, Succeeded or Queued).</summary>
/// <param name="Id">Proposal id.</param>
/// <param name="Title">Title.</param>
/// <param name="State">State.</param>
/// <param name="Tally">The registry's tally (null when the chain could not be read).</param>
/// <param name="Deadline">Voting end (Active) or ETA (Queued); null for Succeeded.</param>
public sealed record OpenProposalRow(Hash32 Id, string Title, ProposalState State, RegistryTally? Tally, DateTimeOffset? Deadline);

/// <summary>An executed proposal.</summary>
/// <param name="Id">Proposal id.</param>
/// <param name="Title">Title.</param>
/// <param name="Version">Registry version it created (parameter proposals).</param>
/// <param name="ExecutedAt">When.</param>
/// <param name="TransactionHash">The execute transaction.</param>
public sealed record ExecutionRow(Hash32 Id, string Title, long? Version, DateTimeOffset? ExecutedAt, Hash32? TransactionHash);

/// <summary>Everything the overview shows except book health (loaded separately: it may run the engine).</summary>
/// <param name="Ratified">The ratified set, null before the first one.</param>
/// <param name="Chain">The registry against the ratified set.</param>
/// <param name="OpenProposals">Open proposals, newest first.</param>
/// <param name="RecentExecutions">Executed proposals, newest first (at most <see cref="OverviewService.RecentExecutionCount"/>).</param>
/// <param name="Committee">The current committee.</param>
public sealed record OverviewSnapshot(
    RatifiedSummary? Ratified, ChainSync Chain, IReadOnlyList<OpenProposalRow> OpenProposals,
    IReadOnlyList<ExecutionRow> RecentExecutions, IReadOnlyList<CommitteeMember> Committee);

/// <summary>The overview page's service: the ratified set, the registry's version, proposals, committee.</summary>
public sealed class OverviewService(
    GovernanceService committee,
    ICommitteeStore cache,
    IRatifiedHistory history,
    IProposalRepository proposals,
    RegistryReader registry,
    ILogger<OverviewService> logger)
{
    /// <summary>How many executions the overview lists.</summary>
    public const int RecentExecutionCount = 5;

    /// <summary>Reads the overview; an unreachable chain is reported in <see cref="OverviewSnapshot.Chain"/>, not thrown.</summary>
    public async Task<OverviewSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        RatifiedParameterSet? ratified;
        try
        {
            ratified = await committee.GetInForceAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Overview: the registry could not be read");
            ratified = await cache.GetRatifiedAsync(cancellationToken);
        }

        RatifiedSummary? summary = null;
        if (ratified is not null)
        {
            var recorded = await history.FindAsync(ratified.Version, cancellationToken);
            summary = Summarise(ratified, recorded?.RecordedAt);
        }

        var chain = await SyncAsync(ratified, cancellationToken);
        var all = await proposals.ListAsync(null, cancellationToken);
        var open = new List<OpenProposalRow>();
        foreach (var p in all.Where(p => p.State is ProposalState.Active or ProposalState.Succeeded or ProposalState.Queued))
        {
            open.Add(new OpenProposalRow(p.Id, p.Title, p.State, await TallyAsync(p.Id, cancellationToken),
                p.State == ProposalState.Active ? p.VotingEndsAt : p.State == ProposalState.Queued ? p.Eta : null));
        }

        var executed = all.Where(p => p.State == ProposalState.Executed)
            .Select(p => new ExecutionRow(p.Id, p.Title, p.ExecutedVersion, p.Timeline.LastOrDefault(t => t.To == ProposalState.Executed)?.At, p.ExecuteTransactionHash))
            .OrderByDescending(e => e.ExecutedAt)
            .Take(RecentExecutionCount)
            .ToList();
        IReadOnlyList<CommitteeMember> members;
        try
        {
            members = (await committee.GetCommitteeAsync(cancellationToken)).Members;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Overview: the registry's committee could not be read");
            members = [];
        }

        return new OverviewSnapshot(summary, chain, open, executed, members);
    }

    private async Task<RegistryTally?> TallyAsync(Hash32 id, CancellationToken cancellationToken)
    {
        try
        {
            return await committee.Registry.GetTallyAsync(id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Overview: the registry's tally of {ProposalId} could not be read", id);
            return null;
        }
    }

    /// <summary>The summary of a ratified set (its canonical JSON parsed by the engine).</summary>
    public static RatifiedSummary Summarise(RatifiedParameterSet ratified, DateTimeOffset? ratifiedAt)
    {
        ArgumentNullException.ThrowIfNull(ratified);
        var p = ParameterSetJson.Read(ratified.ParamsJson);
        return new RatifiedSummary(ratified.Version, ratified.ParamsHash, ratifiedAt, JsonNames.Of(p.Method), p.ImMultiplier, p.MmRatio, p.LiquidationRatio,
            [.. p.AssetEntries.Select(a => Row(a))]);
    }

    private static AssetParametersRow Row(AssetParameterEntry a) =>
        new(a.Symbol, a.Parameters.ScanRange, a.Parameters.VolUp, a.Parameters.VolDown, a.Parameters.Haircut);

    private async Task<ChainSync> SyncAsync(RatifiedParameterSet? ratified, CancellationToken cancellationToken)
    {
        try
        {
            var version = await registry.GetCurrentVersionAsync(cancellationToken);
            var hash = version > 0 ? await registry.GetParamsHashAsync(version, cancellationToken) : (Hash32?)null;
            if (ratified is null)
            {
                return new ChainSync(version, hash, false, $"The registry is at version {version}; the portal has no ratified set yet.");
            }

            if (version != ratified.Version)
            {
                return new ChainSync(version, hash, false,
                    $"The registry is at version {version}, the portal's ratified set is version {ratified.Version}.");
            }

            return hash == ratified.ParamsHash
                ? new ChainSync(version, hash, true, null)
                : new ChainSync(version, hash, false, $"Version {version} on chain has params hash {hash}, the ratified set has {ratified.ParamsHash}.");
        }
        catch (Exception e) when (ChainErrors.IsChainError(e))
        {
            logger.LogWarning(e, "Overview: the registry at {Registry} could not be read.", registry.Address);
            return new ChainSync(null, null, false, $"The registry at {registry.Address} could not be read: {e.Message}");
        }
    }
}
