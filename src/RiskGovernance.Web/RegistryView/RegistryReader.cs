using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.RegistryView;

/// <summary>A member of the committee as the registry holds it (address and weight).</summary>
/// <param name="Address">Member address.</param>
/// <param name="Weight">Voting weight.</param>
public sealed record OnChainMember(Address Address, long Weight);

/// <summary>What the registry contract itself says about its governance: the only source of the rules.</summary>
/// <param name="Registry">Registry address.</param>
/// <param name="ChainId">Chain id of the node the portal reads.</param>
/// <param name="CurrentVersion">The latest parameter version.</param>
/// <param name="Epoch">The current committee epoch.</param>
/// <param name="Committee">The committee with weights.</param>
/// <param name="Guardian">The guardian (vetoes queued proposals, cancels before execution).</param>
/// <param name="Rules">Periods, quorum and supermajority.</param>
/// <param name="Bounds">Hard limits and step bounds.</param>
public sealed record RegistryGovernance(
    Address Registry, long ChainId, long CurrentVersion, long Epoch, IReadOnlyList<OnChainMember> Committee, Address Guardian,
    GovernanceRules Rules, RegistryBounds Bounds)
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

    /// <summary>The committee, guardian, rules and bounds as the contract holds them.</summary>
    public async Task<RegistryGovernance> GetGovernanceAsync(CancellationToken cancellationToken)
    {
        var chainId = await registry.Chain.GetChainIdAsync(cancellationToken);
        var version = await registry.GetCurrentVersionAsync(cancellationToken);
        var committee = await registry.GetCommitteeAsync(null, cancellationToken);
        var rules = await registry.GetRulesAsync(cancellationToken);
        var bounds = await registry.GetBoundsAsync(cancellationToken);
        return new RegistryGovernance(registry.Address, chainId, version, committee.Epoch,
            [.. committee.Members.Select(m => new OnChainMember(m.Address, m.Weight))], committee.Guardian, rules, bounds);
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
