using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Contracts.Parameters;
using RiskGovernance.Contracts.Registry;

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

/// <summary>
/// Read-only views of the registry for the portal's pages: the typed reads of
/// <see cref="RiskParameterRegistryContract"/> plus the public getters it does not wrap
/// (guardian, timelock, grace period, version info).
/// </summary>
public sealed class RegistryReader
{
    private static readonly AbiFunction GuardianFunction = AbiFunction.Parse("guardian() returns (address)");
    private static readonly AbiFunction TimelockFunction = AbiFunction.Parse("timelockDelay() returns (uint256)");
    private static readonly AbiFunction GraceFunction = AbiFunction.Parse("gracePeriod() returns (uint256)");
    private static readonly AbiFunction VersionInfoFunction = AbiFunction.Parse("versionInfo(uint256) returns (bytes32,bytes32,uint256)");

    private readonly RiskParameterRegistryContract _registry;
    private readonly ContractClient _client;

    /// <summary>Reads <paramref name="registry"/>.</summary>
    public RegistryReader(RiskParameterRegistryContract registry)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _client = new ContractClient(registry.Rpc, registry.Address, RiskParameterRegistryContract.Errors);
    }

    /// <summary>The registry's address.</summary>
    public Address Address => _registry.Address;

    /// <summary>The latest version on chain.</summary>
    public async Task<long> GetCurrentVersionAsync(CancellationToken cancellationToken)
        => (long)await _registry.GetCurrentVersionAsync(cancellationToken);

    /// <summary>The committee, threshold, guardian, timelock and grace period as the contract holds them.</summary>
    public async Task<RegistryGovernance> GetGovernanceAsync(CancellationToken cancellationToken)
    {
        var chainId = await _registry.Rpc.GetChainIdAsync(cancellationToken);
        var version = await _registry.GetCurrentVersionAsync(cancellationToken);
        var committee = await _registry.GetCommitteeAsync(cancellationToken);
        var threshold = await _registry.GetThresholdBpsAsync(cancellationToken);
        var guardian = await _client.CallAsync<Address>(GuardianFunction, [], cancellationToken);
        var timelock = await _client.CallAsync<BigInteger>(TimelockFunction, [], cancellationToken);
        var grace = await _client.CallAsync<BigInteger>(GraceFunction, [], cancellationToken);
        return new RegistryGovernance(_registry.Address, (long)chainId, (long)version,
            [.. committee.Select(m => new OnChainMember(m.Member, (long)m.Weight))], threshold, guardian,
            TimeSpan.FromSeconds((double)timelock), TimeSpan.FromSeconds((double)grace));
    }

    /// <summary>A version's params hash, proposal, execution time and decoded parameters.</summary>
    public async Task<OnChainVersion> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        var info = await _client.CallAsync(VersionInfoFunction, [new BigInteger(version)], cancellationToken);
        var parameters = await _registry.GetParametersAsync(version, cancellationToken);
        return new OnChainVersion(version, info.GetHash32(0), info.GetHash32(1),
            DateTimeOffset.FromUnixTimeSeconds((long)info.GetBigInteger(2)), parameters);
    }

    /// <summary>Only the params hash of a version (cheaper than <see cref="GetVersionAsync"/>).</summary>
    public Task<Hash32> GetParamsHashAsync(long version, CancellationToken cancellationToken)
        => _registry.GetParamsHashAsync(version, cancellationToken);
}
