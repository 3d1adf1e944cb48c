using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.RegistryView;

/// <summary>A member of the committee as the registry holds it (address and weight).</summary>
/// <param name="Address">Member address.</param>
/// <param name="Weight">Voting weight.</param>
public sealed record OnChainMember(Address Address, long Weight);

/// <summary>What the registry contract itself says about its governance.</summary>
/// <param name="Registry">Registry address.</param>
/// <param name="ChainId">Chain id of the node the portal reads.</param>
/// <param name="CurrentVersion">The latest parameter version.</param>
/// <param name="Committee">The committee with weights.</param>
/// <param name="ThresholdBps">Approval threshold in basis points of the total weight.</param>
/// <param name="Guardian">The guardian (may veto).</param>
/// <param name="TimelockDelay">Delay between queue and execution.</param>
/// <param name="GracePeriod">How long a due proposal may still be executed.</param>
public sealed record RegistryGovernance(
    Address Registry, long ChainId, long CurrentVersion, IReadOnlyList<OnChainMember> Committee, int ThresholdBps,
    Address Guardian, TimeSpan TimelockDelay, TimeSpan GracePeriod)
{
    /// <summary>The committee's total weight.</summary>
    public long TotalWeight => Committee.Sum(m => m.Weight);
}

/// <summary>One version as the registry stores it.</summary>
/// <param name="Version">Version number.</param>
/// <param name="ParamsHash">Params hash stored beside it.</param>
/// <param name="ProposalId">The proposal that created it (zero for the genesis set).</param>
/// <param name="ExecutedAt">Block time of its execution (or of the deployment for version 1).</param>
/// <param name="Parameters">The decoded parameter set.</param>
public sealed record OnChainVersion(long Version, Hash32 ParamsHash, Hash32 ProposalId, DateTimeOffset ExecutedAt, OnChainParameterSet Parameters);

/// <summary>Read-only views of the registry for the portal's pages, composed from the registry adapter's typed reads.</summary>
public sealed class RegistryReader(RiskParameterRegistryService registry)
{
    /// <summary>The registry's address.</summary>
    public Address Address => registry.Address;

    /// <summary>The latest version on chain.</summary>
    public Task<long> GetCurrentVersionAsync(CancellationToken cancellationToken) => registry.GetCurrentVersionAsync(cancellationToken);

    /// <summary>The committee, threshold, guardian, timelock and grace period as the contract holds them.</summary>
    public async Task<RegistryGovernance> GetGovernanceAsync(CancellationToken cancellationToken)
    {
        var chainId = await registry.Chain.GetChainIdAsync(cancellationToken);
        var version = await registry.GetCurrentVersionAsync(cancellationToken);
        var committee = await registry.GetCommitteeAsync(cancellationToken);
        var threshold = await registry.GetThresholdBpsAsync(cancellationToken);
        var guardian = await registry.GetGuardianAsync(cancellationToken);
        var timelock = await registry.GetTimelockDelayAsync(cancellationToken);
        var grace = await registry.GetGracePeriodAsync(cancellationToken);
        return new RegistryGovernance(registry.Address, chainId, version, [.. committee.Select(m => new OnChainMember(m.Member, m.Weight))],
            threshold, guardian, timelock, grace);
    }

    /// <summary>A version's params hash, proposal, execution time and decoded parameters.</summary>
    public async Task<OnChainVersion> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        var info = await registry.GetVersionInfoAsync(version, cancellationToken);
        var parameters = await registry.GetParametersAsync(version, cancellationToken);
        return new OnChainVersion(version, info.ParamsHash, info.ProposalId, info.ExecutedAt, parameters);
    }

    /// <summary>The decoded parameters of a version.</summary>
    public Task<OnChainParameterSet> GetParametersAsync(long version, CancellationToken cancellationToken) => registry.GetParametersAsync(version, cancellationToken);

    /// <summary>Only the params hash of a version (cheaper than <see cref="GetVersionAsync"/>).</summary>
    public Task<Hash32> GetParamsHashAsync(long version, CancellationToken cancellationToken) => registry.GetParamsHashAsync(version, cancellationToken);
}
