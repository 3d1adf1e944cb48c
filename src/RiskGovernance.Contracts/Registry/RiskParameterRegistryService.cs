using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Registry;

/// <summary>A committee member as the registry holds it: an address and a weight.</summary>
/// <param name="Member">Address.</param>
/// <param name="Weight">Positive weight.</param>
public sealed record RegistryMember(Address Member, long Weight);

/// <summary>A version's record: its params hash, the proposal that created it and when.</summary>
/// <param name="ParamsHash">Params hash stored beside it.</param>
/// <param name="ProposalId">The proposal that created it (zero for the genesis set).</param>
/// <param name="ExecutedAt">Block time of its execution (of the deployment for the genesis set).</param>
public sealed record RegistryVersionInfo(Hash32 ParamsHash, Hash32 ProposalId, DateTimeOffset ExecutedAt);

/// <summary>How a registry is deployed: committee, threshold (basis points of total weight), timelock, grace, guardian, genesis set.</summary>
public sealed record RegistryConfiguration
{
    /// <summary>Creates the configuration, checking what the constructor would refuse.</summary>
    public RegistryConfiguration(IReadOnlyList<RegistryMember> committee, int thresholdBps, TimeSpan timelockDelay, TimeSpan gracePeriod, Address guardian, OnChainParameterSet? genesis = null)
    {
        ArgumentNullException.ThrowIfNull(committee);
        if (committee.Count == 0 || committee.Any(m => m.Weight <= 0 || m.Member.IsZero) || committee.Select(m => m.Member).Distinct().Count() != committee.Count)
        {
            throw new ArgumentException("committee: needs distinct non-zero members with positive weights.", nameof(committee));
        }

        if (thresholdBps is <= 0 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdBps), "thresholdBps must be in 1..10000.");
        }

        if (timelockDelay < TimeSpan.Zero || gracePeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(gracePeriod), "timelockDelay must be >= 0 and gracePeriod > 0.");
        }

        Committee = [.. committee];
        ThresholdBps = thresholdBps;
        TimelockDelay = timelockDelay;
        GracePeriod = gracePeriod;
        Guardian = guardian;
        Genesis = genesis;
    }

    /// <summary>Members and weights.</summary>
    public IReadOnlyList<RegistryMember> Committee { get; }

    /// <summary>Approval threshold in basis points of the total weight.</summary>
    public int ThresholdBps { get; }

    /// <summary>Timelock delay.</summary>
    public TimeSpan TimelockDelay { get; }

    /// <summary>Grace period after the timelock.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>Guardian (may veto).</summary>
    public Address Guardian { get; }

    /// <summary>Genesis parameter set (version 1), or null.</summary>
    public OnChainParameterSet? Genesis { get; }
}

/// <summary>
/// Typed access to a deployed RiskParameterRegistry through Nethereum's <see cref="ContractHandler"/>
/// and the DTOs of <see cref="Dto"/>: reads as calls, writes through the <see cref="TransactionSender"/>.
/// A revert surfaces as <see cref="ContractRevertException"/> naming the registry's custom error.
/// </summary>
public sealed class RiskParameterRegistryService
{
    /// <summary>Wraps the registry at <paramref name="address"/>.</summary>
    public RiskParameterRegistryService(TransactionSender sender, Address address)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        Address = address;
        Handler = sender.Chain.Web3.Eth.GetContractHandler(address.ToString());
    }

    /// <summary>Names the registry's custom errors.</summary>
    public static RevertDecoder Errors => ContractArtifact.RiskParameterRegistry.Errors;

    /// <summary>The sender used for writes.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The chain read from.</summary>
    public ChainClient Chain => Sender.Chain;

    /// <summary>Registry address.</summary>
    public Address Address { get; }

    private ContractHandler Handler { get; }

    /// <summary>Deploys a registry and waits for it to be mined.</summary>
    public static async Task<RiskParameterRegistryService> DeployAsync(TransactionSender sender, SigningKey deployer, RegistryConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(configuration);
        var genesis = configuration.Genesis;
        var deployment = new RiskParameterRegistryDeployment
        {
            InitialMembers = [.. configuration.Committee.Select(m => m.Member.ToString())],
            Weights = [.. configuration.Committee.Select(m => new BigInteger(m.Weight))],
            ThresholdBps = configuration.ThresholdBps,
            TimelockDelay = (long)configuration.TimelockDelay.TotalSeconds,
            GracePeriod = (long)configuration.GracePeriod.TotalSeconds,
            Guardian = configuration.Guardian.ToString(),
            GenesisParams = genesis is null ? [] : RiskParametersAbi.Encode(genesis),
            GenesisParamsHash = (genesis?.ParamsHash ?? Hash32.Zero).ToBytes(),
        };
        var address = await sender.DeployAsync(deployer, deployment, Errors, cancellationToken).ConfigureAwait(false);
        return new RiskParameterRegistryService(sender, address);
    }

    // ------------------------------------------------------------------ messages

    /// <summary>queue(proposalId, paramsHash, encodedParams, forSignatures); the contract takes any bytes as a signature and judges them itself.</summary>
    public static QueueFunction QueueMessage(Hash32 proposalId, OnChainParameterSet parameters, IEnumerable<byte[]> forSignatures)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return new QueueFunction
        {
            ProposalId = proposalId.ToBytes(),
            ProposalParamsHash = parameters.ParamsHash.ToBytes(),
            EncodedParams = RiskParametersAbi.Encode(parameters),
            ForSignatures = [.. forSignatures],
        };
    }

    /// <summary>queueMembership(proposalId, members, weights, thresholdBps, forSignatures).</summary>
    public static QueueMembershipFunction QueueMembershipMessage(Hash32 proposalId, IReadOnlyList<RegistryMember> committee, int thresholdBps, IEnumerable<byte[]> forSignatures)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return new QueueMembershipFunction
        {
            ProposalId = proposalId.ToBytes(),
            NewMembers = [.. committee.Select(m => m.Member.ToString())],
            Weights = [.. committee.Select(m => new BigInteger(m.Weight))],
            NewThresholdBps = thresholdBps,
            ForSignatures = [.. forSignatures],
        };
    }

    /// <summary>execute(proposalId).</summary>
    public static ExecuteFunction ExecuteMessage(Hash32 proposalId) => new() { ProposalId = proposalId.ToBytes() };

    // ------------------------------------------------------------------ writes

    /// <summary>Queues a parameter set with For ballots.</summary>
    public Task<ChainReceipt> QueueAsync(SigningKey signer, Hash32 proposalId, OnChainParameterSet parameters, IEnumerable<byte[]> forSignatures, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, QueueMessage(proposalId, parameters, forSignatures), Errors, cancellationToken);

    /// <summary>Queues a committee change with For ballots over its membership hash.</summary>
    public Task<ChainReceipt> QueueMembershipAsync(SigningKey signer, Hash32 proposalId, IReadOnlyList<RegistryMember> committee, int thresholdBps, IEnumerable<byte[]> forSignatures, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, QueueMembershipMessage(proposalId, committee, thresholdBps, forSignatures), Errors, cancellationToken);

    /// <summary>Executes a due proposal.</summary>
    public Task<ChainReceipt> ExecuteAsync(SigningKey signer, Hash32 proposalId, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, ExecuteMessage(proposalId), Errors, cancellationToken);

    /// <summary>Vetoes a queued proposal (guardian only).</summary>
    public Task<ChainReceipt> VetoAsync(SigningKey guardian, Hash32 proposalId, CancellationToken cancellationToken)
        => Sender.SendAsync(guardian, Address, new VetoFunction { ProposalId = proposalId.ToBytes() }, Errors, cancellationToken);

    // ------------------------------------------------------------------ reads

    /// <summary>The latest version (0 before any).</summary>
    public async Task<long> GetCurrentVersionAsync(CancellationToken cancellationToken)
        => (long)await QueryAsync<CurrentVersionFunction, BigInteger>(new CurrentVersionFunction(), cancellationToken).ConfigureAwait(false);

    /// <summary>The params hash stored beside a version.</summary>
    public async Task<Hash32> GetParamsHashAsync(long version, CancellationToken cancellationToken)
        => Hash32.FromBytes(await QueryAsync<ParamsHashFunction, byte[]>(new ParamsHashFunction { Version = version }, cancellationToken).ConfigureAwait(false), "paramsHash");

    /// <summary>The full parameter set of any version (current or earlier).</summary>
    public async Task<OnChainParameterSet> GetParametersAsync(long version, CancellationToken cancellationToken)
    {
        var hash = await GetParamsHashAsync(version, cancellationToken).ConfigureAwait(false);
        var output = await QueryObjectAsync<ParametersFunction, ParametersOutputDto>(new ParametersFunction { Version = version }, cancellationToken).ConfigureAwait(false);
        return RiskParametersAbi.FromDto(output.Parameters, hash);
    }

    /// <summary>The parameter set of the current version.</summary>
    public async Task<OnChainParameterSet> GetCurrentParametersAsync(CancellationToken cancellationToken)
        => await GetParametersAsync(await GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>One asset's parameters in a version (the current one when <paramref name="version"/> is null).</summary>
    public async Task<OnChainAssetParameters> GetAssetParametersAsync(string symbol, long? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false);
        var a = (await QueryObjectAsync<AssetParametersAtFunction, AssetParametersOutputDto>(
            new AssetParametersAtFunction { Version = v, Symbol = Bytes32Field.Encode(symbol, nameof(symbol)) }, cancellationToken).ConfigureAwait(false)).Asset;
        return new OnChainAssetParameters(Bytes32Field.Decode(a.Symbol, "symbol"), FixedPoint18.FromRaw(a.ScanRange), FixedPoint18.FromRaw(a.VolUp),
            FixedPoint18.FromRaw(a.VolDown), FixedPoint18.FromRaw(a.Haircut));
    }

    /// <summary>Correlation of two assets in a version (the current one when null); 1 on the diagonal.</summary>
    public async Task<FixedPoint18> GetCorrelationAsync(string a, string b, long? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false);
        var value = await QueryAsync<CorrelationAtFunction, BigInteger>(
            new CorrelationAtFunction { Version = v, A = Bytes32Field.Encode(a, nameof(a)), B = Bytes32Field.Encode(b, nameof(b)) }, cancellationToken).ConfigureAwait(false);
        return FixedPoint18.FromRaw(value);
    }

    /// <summary>The registry's view of a proposal.</summary>
    public async Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var r = await QueryObjectAsync<ProposalFunction, ProposalOutputDto>(new ProposalFunction { ProposalId = proposalId.ToBytes() }, cancellationToken).ConfigureAwait(false);
        return new RegistryProposal(
            (RegistryProposalState)r.State, (ProposalKind)r.Kind, r.Eta.IsZero ? null : DateTimeOffset.FromUnixTimeSeconds((long)r.Eta),
            Hash32.FromBytes(r.ParamsHash, "proposal.hash"), (long)r.ExecutedVersion);
    }

    /// <summary>The current committee.</summary>
    public async Task<IReadOnlyList<RegistryMember>> GetCommitteeAsync(CancellationToken cancellationToken)
    {
        var r = await QueryObjectAsync<CommitteeFunction, CommitteeOutputDto>(new CommitteeFunction(), cancellationToken).ConfigureAwait(false);
        if (r.Members.Count != r.Weights.Count)
        {
            throw new FormatException("committee(): members and weights differ in length.");
        }

        return [.. r.Members.Zip(r.Weights, (m, w) => new RegistryMember(Address.Parse(m.ToLowerInvariant(), "committee.member"), (long)w))];
    }

    /// <summary>Approval threshold in basis points.</summary>
    public async Task<int> GetThresholdBpsAsync(CancellationToken cancellationToken)
        => (int)await QueryAsync<ThresholdBpsFunction, BigInteger>(new ThresholdBpsFunction(), cancellationToken).ConfigureAwait(false);

    /// <summary>The guardian (may veto).</summary>
    public async Task<Address> GetGuardianAsync(CancellationToken cancellationToken)
        => Address.Parse((await QueryAsync<GuardianFunction, string>(new GuardianFunction(), cancellationToken).ConfigureAwait(false)).ToLowerInvariant(), "guardian");

    /// <summary>The delay between queue and execution.</summary>
    public async Task<TimeSpan> GetTimelockDelayAsync(CancellationToken cancellationToken)
        => TimeSpan.FromSeconds((double)await QueryAsync<TimelockDelayFunction, BigInteger>(new TimelockDelayFunction(), cancellationToken).ConfigureAwait(false));

    /// <summary>How long a due proposal may still be executed.</summary>
    public async Task<TimeSpan> GetGracePeriodAsync(CancellationToken cancellationToken)
        => TimeSpan.FromSeconds((double)await QueryAsync<GracePeriodFunction, BigInteger>(new GracePeriodFunction(), cancellationToken).ConfigureAwait(false));

    /// <summary>A version's params hash, proposal and execution time.</summary>
    public async Task<RegistryVersionInfo> GetVersionInfoAsync(long version, CancellationToken cancellationToken)
    {
        var r = await QueryObjectAsync<VersionInfoFunction, VersionInfoOutputDto>(new VersionInfoFunction { Version = version }, cancellationToken).ConfigureAwait(false);
        return new RegistryVersionInfo(Hash32.FromBytes(r.ParamsHash, "versionInfo.hash"), Hash32.FromBytes(r.ProposalId, "versionInfo.proposalId"),
            DateTimeOffset.FromUnixTimeSeconds((long)r.ExecutedAt));
    }

    /// <summary>The EIP-712 digest the registry computes for a ballot (a cross-check of <see cref="GovernanceAdapters.BallotTypedData"/>).</summary>
    public async Task<Hash32> GetBallotDigestAsync(Ballot ballot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        var digest = await QueryAsync<BallotDigestFunction, byte[]>(
            new BallotDigestFunction { ProposalId = ballot.ProposalId.ToBytes(), BallotParamsHash = ballot.ParamsHash.ToBytes(), Support = (byte)ballot.Support }, cancellationToken).ConfigureAwait(false);
        return Hash32.FromBytes(digest, "ballotDigest");
    }

    /// <summary>The registry's EIP-712 domain separator.</summary>
    public async Task<Hash32> GetDomainSeparatorAsync(CancellationToken cancellationToken)
        => Hash32.FromBytes(await QueryAsync<DomainSeparatorFunction, byte[]>(new DomainSeparatorFunction(), cancellationToken).ConfigureAwait(false), "domainSeparator");

    private async Task<TResult> QueryAsync<TFunction, TResult>(TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            return await Handler.QueryAsync<TFunction, TResult>(function).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ContractRevertException && Errors.TryDecode(ex) is { } revert)
        {
            throw revert;
        }
    }

    private async Task<TOutput> QueryObjectAsync<TFunction, TOutput>(TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        try
        {
            return await Handler.QueryDeserializingToObjectAsync<TFunction, TOutput>(function).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ContractRevertException && Errors.TryDecode(ex) is { } revert)
        {
            throw revert;
        }
    }
}
