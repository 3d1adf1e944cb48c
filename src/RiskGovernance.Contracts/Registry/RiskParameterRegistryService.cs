using System.Collections.Concurrent;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using Nethereum.RPC.Eth.DTOs;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Registry;

/// <summary>A version's record: its params hash, the proposal that created it and when.</summary>
/// <param name="ParamsHash">Params hash stored beside it.</param>
/// <param name="ProposalId">The proposal that created it (zero for the genesis set).</param>
/// <param name="ExecutedAt">Block time of its execution (of the deployment for the genesis set).</param>
public sealed record RegistryVersionInfo(Hash32 ParamsHash, Hash32 ProposalId, DateTimeOffset ExecutedAt);

/// <summary>How a registry is deployed: the first committee and guardian, the rules and bounds, the genesis set.</summary>
public sealed record RegistryConfiguration
{
    /// <summary>Creates the configuration, checking what the constructor would refuse about the committee (the contract checks the rest).</summary>
    public RegistryConfiguration(IReadOnlyList<WeightedMember> committee, Address guardian, GovernanceRules rules, RegistryBounds bounds, OnChainParameterSet? genesis = null)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(bounds);
        if (committee.Count == 0 || committee.Any(m => m.Weight <= 0 || m.Address.IsZero) || committee.Select(m => m.Address).Distinct().Count() != committee.Count)
        {
            throw new ArgumentException("committee: needs distinct non-zero members with positive weights.", nameof(committee));
        }

        if (guardian.IsZero)
        {
            throw new ArgumentException("guardian: must not be the zero address.", nameof(guardian));
        }

        Committee = [.. committee];
        Guardian = guardian;
        Rules = rules;
        Bounds = bounds;
        Genesis = genesis;
    }

    /// <summary>Members and weights (committee epoch 1).</summary>
    public IReadOnlyList<WeightedMember> Committee { get; }

    /// <summary>Guardian (vetoes and cancels).</summary>
    public Address Guardian { get; }

    /// <summary>The rules.</summary>
    public GovernanceRules Rules { get; }

    /// <summary>The bounds.</summary>
    public RegistryBounds Bounds { get; }

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
    private readonly ConcurrentDictionary<long, DateTimeOffset> _blockTimes = new();

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
            Members = [.. configuration.Committee.Select(m => m.Address.ToString())],
            Weights = [.. configuration.Committee.Select(m => new BigInteger(m.Weight))],
            Guardian = configuration.Guardian.ToString(),
            Rules = ProposalPayloadAbi.ToDto(configuration.Rules),
            Bounds = ProposalPayloadAbi.ToDto(configuration.Bounds),
            GenesisParams = genesis is null ? [] : RiskParametersAbi.Encode(genesis),
            GenesisParamsHash = (genesis?.ParamsHash ?? Hash32.Zero).ToBytes(),
        };
        var address = await sender.DeployAsync(deployer, deployment, Errors, cancellationToken).ConfigureAwait(false);
        return new RiskParameterRegistryService(sender, address);
    }

    // ------------------------------------------------------------------ messages

    /// <summary>propose(kind, ballotHash, payload, baseVersion, salt).</summary>
    public static ProposeFunction ProposeMessage(ProposalPayload payload, Hash32 ballotHash, long baseVersion, Hash32 salt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new ProposeFunction
        {
            Kind = (byte)payload.Kind, BallotHash = ballotHash.ToBytes(), Payload = ProposalPayloadAbi.Encode(payload), BaseVersion = baseVersion, Salt = salt.ToBytes(),
        };
    }

    /// <summary>castVote(proposalId, voter, support, signature); the contract takes any bytes as a signature and judges them itself.</summary>
    public static CastVoteFunction CastVoteMessage(Hash32 proposalId, Address voter, BallotSupport support, byte[] signature)
        => new() { ProposalId = proposalId.ToBytes(), Voter = voter.ToString(), Support = (byte)support, Signature = signature };

    /// <summary>queue(proposalId).</summary>
    public static QueueFunction QueueMessage(Hash32 proposalId) => new() { ProposalId = proposalId.ToBytes() };

    /// <summary>execute(proposalId, payload).</summary>
    public static ExecuteFunction ExecuteMessage(Hash32 proposalId, ProposalPayload payload)
        => new() { ProposalId = proposalId.ToBytes(), Payload = ProposalPayloadAbi.Encode(payload) };

    // ------------------------------------------------------------------ writes

    /// <summary>Registers a proposal.</summary>
    public Task<ChainReceipt> ProposeAsync(SigningKey signer, ProposalPayload payload, Hash32 ballotHash, long baseVersion, Hash32 salt, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, ProposeMessage(payload, ballotHash, baseVersion, salt), Errors, cancellationToken);

    /// <summary>Relays a ballot.</summary>
    public Task<ChainReceipt> CastVoteAsync(SigningKey signer, Hash32 proposalId, Address voter, BallotSupport support, byte[] signature, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, CastVoteMessage(proposalId, voter, support, signature), Errors, cancellationToken);

    /// <summary>Queues a passed proposal.</summary>
    public Task<ChainReceipt> QueueAsync(SigningKey signer, Hash32 proposalId, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, QueueMessage(proposalId), Errors, cancellationToken);

    /// <summary>Executes a due proposal with its payload.</summary>
    public Task<ChainReceipt> ExecuteAsync(SigningKey signer, Hash32 proposalId, ProposalPayload payload, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, ExecuteMessage(proposalId, payload), Errors, cancellationToken);

    /// <summary>Vetoes a queued proposal (guardian only).</summary>
    public Task<ChainReceipt> VetoAsync(SigningKey guardian, Hash32 proposalId, CancellationToken cancellationToken)
        => Sender.SendAsync(guardian, Address, new VetoFunction { ProposalId = proposalId.ToBytes() }, Errors, cancellationToken);

    /// <summary>Cancels a proposal (the guardian; anyone for a stale parameter proposal).</summary>
    public Task<ChainReceipt> CancelAsync(SigningKey signer, Hash32 proposalId, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, new CancelFunction { ProposalId = proposalId.ToBytes() }, Errors, cancellationToken);

    /// <summary>Anchors an audit log head for the signer's account.</summary>
    public Task<ChainReceipt> AnchorAuditAsync(SigningKey signer, Hash32 head, long entries, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, Address, new AnchorAuditFunction { Head = head.ToBytes(), Entries = entries }, Errors, cancellationToken);

    // ------------------------------------------------------------------ parameter reads

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
        return RiskParametersAbi.FromDto(output.P, hash);
    }

    /// <summary>The parameter set of the current version.</summary>
    public async Task<OnChainParameterSet> GetCurrentParametersAsync(CancellationToken cancellationToken)
        => await GetParametersAsync(await GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>One asset's parameters in a version (the current one when <paramref name="version"/> is null).</summary>
    public async Task<OnChainAssetParameters> GetAssetParametersAsync(string symbol, long? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false);
        var a = (await QueryObjectAsync<AssetParametersAtFunction, AssetParametersAtOutputDto>(
            new AssetParametersAtFunction { Version = v, Symbol = Bytes32Field.Encode(symbol, nameof(symbol)) }, cancellationToken).ConfigureAwait(false)).Value;
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

    /// <summary>A version's params hash, proposal and execution time.</summary>
    public async Task<RegistryVersionInfo> GetVersionInfoAsync(long version, CancellationToken cancellationToken)
    {
        var r = await QueryObjectAsync<VersionInfoFunction, VersionInfoOutputDto>(new VersionInfoFunction { Version = version }, cancellationToken).ConfigureAwait(false);
        return new RegistryVersionInfo(Hash32.FromBytes(r.Hash, "versionInfo.hash"), Hash32.FromBytes(r.ProposalId, "versionInfo.proposalId"),
            DateTimeOffset.FromUnixTimeSeconds((long)r.ExecutedAt));
    }

    // ------------------------------------------------------------------ governance reads

    /// <summary>The rules in force.</summary>
    public async Task<GovernanceRules> GetRulesAsync(CancellationToken cancellationToken)
        => ProposalPayloadAbi.FromDto((await QueryObjectAsync<RulesFunction, RulesOutputDto>(new RulesFunction(), cancellationToken).ConfigureAwait(false)).Value);

    /// <summary>The bounds in force.</summary>
    public async Task<RegistryBounds> GetBoundsAsync(CancellationToken cancellationToken)
        => ProposalPayloadAbi.FromDto((await QueryObjectAsync<BoundsFunction, BoundsOutputDto>(new BoundsFunction(), cancellationToken).ConfigureAwait(false)).Value);

    /// <summary>The current committee epoch.</summary>
    public async Task<long> GetCommitteeEpochAsync(CancellationToken cancellationToken)
        => (long)await QueryAsync<CommitteeEpochFunction, BigInteger>(new CommitteeEpochFunction(), cancellationToken).ConfigureAwait(false);

    /// <summary>The guardian.</summary>
    public async Task<Address> GetGuardianAsync(CancellationToken cancellationToken)
        => Address.Parse((await QueryAsync<GuardianFunction, string>(new GuardianFunction(), cancellationToken).ConfigureAwait(false)).ToLowerInvariant(), "guardian");

    /// <summary>A committee epoch (the current one when null), with the guardian.</summary>
    public async Task<RegistryCommittee> GetCommitteeAsync(long? epoch, CancellationToken cancellationToken)
    {
        var e = epoch ?? await GetCommitteeEpochAsync(cancellationToken).ConfigureAwait(false);
        var r = await QueryObjectAsync<CommitteeAtFunction, CommitteeAtOutputDto>(new CommitteeAtFunction { Epoch = e }, cancellationToken).ConfigureAwait(false);
        if (r.Members.Count != r.Weights.Count)
        {
            throw new FormatException("committeeAt(): members and weights differ in length.");
        }

        var guardian = await GetGuardianAsync(cancellationToken).ConfigureAwait(false);
        return new RegistryCommittee(e, [.. r.Members.Zip(r.Weights, (m, w) => new WeightedMember(Address.Parse(m.ToLowerInvariant(), "committee.member"), (long)w))], guardian);
    }

    /// <summary>What <c>propose</c> would decide now: throws its refusal, else whether the supermajority applies.</summary>
    public async Task<bool> CheckProposalAsync(ProposalPayload payload, Hash32 ballotHash, long baseVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return await QueryAsync<CheckProposalFunction, bool>(new CheckProposalFunction
        {
            Kind = (byte)payload.Kind, BallotHash = ballotHash.ToBytes(), Payload = ProposalPayloadAbi.Encode(payload), BaseVersion = baseVersion,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registry's view of a proposal (state None when unknown).</summary>
    public async Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var r = (await QueryObjectAsync<ProposalFunction, ProposalOutputDto>(new ProposalFunction { ProposalId = proposalId.ToBytes() }, cancellationToken).ConfigureAwait(false)).V;
        static DateTimeOffset T(BigInteger s) => DateTimeOffset.FromUnixTimeSeconds((long)s);
        return new RegistryProposal(
            (ProposalKind)r.Kind, (RegistryProposalState)r.State, r.Supermajority, Hash32.FromBytes(r.BallotHash, "ballotHash"), Hash32.FromBytes(r.PayloadHash, "payloadHash"),
            (long)r.BaseVersion, (long)r.Epoch, T(r.VotingStart), T(r.VotingEnd), r.Eta.IsZero ? null : T(r.Eta), (long)r.ExecutedVersion,
            (int)r.QuorumBps, (int)r.SupermajorityBps);
    }

    /// <summary>The registry's tally of a registered proposal.</summary>
    public async Task<RegistryTally> GetTallyAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var t = (await QueryObjectAsync<TallyFunction, TallyOutputDto>(new TallyFunction { ProposalId = proposalId.ToBytes() }, cancellationToken).ConfigureAwait(false)).Value;
        return new RegistryTally((long)t.ForWeight, (long)t.AgainstWeight, (long)t.AbstainWeight, (long)t.TotalWeight, (long)t.QuorumWeight,
            t.QuorumReached, t.MajorityReached, t.Passes, (long)t.ForNeeded, (long)t.UnvotedWeight);
    }

    /// <summary>The ballots counted for a proposal, from its VoteCast logs, in order.</summary>
    public async Task<IReadOnlyList<RegistryVote>> GetVotesAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var handler = Chain.Web3.Eth.GetEvent<VoteCastEventDto>(Address.ToString());
        // One topic value in an object[]: a bare byte[] is taken as a list of 32 one-byte topic values (matching nothing).
        var filter = handler.CreateFilterInput(new object[] { proposalId.ToBytes() }, BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter).WaitAsync(cancellationToken).ConfigureAwait(false);
        var votes = new List<RegistryVote>();
        foreach (var log in logs.OrderBy(l => l.Log.BlockNumber.Value).ThenBy(l => l.Log.LogIndex.Value))
        {
            var e = log.Event;
            votes.Add(new RegistryVote(
                Address.Parse(e.Voter.ToLowerInvariant(), "voter"), (BallotSupport)e.Support, (long)e.Weight, EcdsaSignature.FromBytes(e.Signature),
                Hash32.Parse(log.Log.TransactionHash, "transactionHash"), await BlockTimeAsync((long)log.Log.BlockNumber.Value, cancellationToken).ConfigureAwait(false)));
        }

        return votes;
    }

    /// <summary>The latest audit anchor of <paramref name="anchorer"/>, or null before the first.</summary>
    public async Task<AuditAnchor?> GetAuditAnchorAsync(Address anchorer, CancellationToken cancellationToken)
    {
        var r = await QueryObjectAsync<AuditAnchorFunction, AuditAnchorOutputDto>(new AuditAnchorFunction { Anchorer = anchorer.ToString() }, cancellationToken).ConfigureAwait(false);
        return r.Entries.IsZero ? null : new AuditAnchor(anchorer, Hash32.FromBytes(r.Head, "head"), (long)r.Entries, DateTimeOffset.FromUnixTimeSeconds((long)r.AnchoredAt));
    }

    /// <summary>The EIP-712 digest the registry computes for a ballot (a cross-check of <see cref="GovernanceAdapters.BallotTypedData"/>).</summary>
    public async Task<Hash32> GetBallotDigestAsync(Ballot ballot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        var digest = await QueryAsync<BallotDigestFunction, byte[]>(
            new BallotDigestFunction { ProposalId = ballot.ProposalId.ToBytes(), BallotHash = ballot.ParamsHash.ToBytes(), Support = (byte)ballot.Support }, cancellationToken).ConfigureAwait(false);
        return Hash32.FromBytes(digest, "ballotDigest");
    }

    /// <summary>The registry's EIP-712 domain separator.</summary>
    public async Task<Hash32> GetDomainSeparatorAsync(CancellationToken cancellationToken)
        => Hash32.FromBytes(await QueryAsync<DomainSeparatorFunction, byte[]>(new DomainSeparatorFunction(), cancellationToken).ConfigureAwait(false), "domainSeparator");

    /// <summary>The registry's own proposal id computation (a cross-check of <see cref="ProposalPayloadAbi.ProposalId"/>).</summary>
    public async Task<Hash32> GetProposalIdOfAsync(ProposalKind kind, Hash32 ballotHash, Hash32 payloadHash, long baseVersion, Hash32 salt, CancellationToken cancellationToken)
        => Hash32.FromBytes(await QueryAsync<ProposalIdOfFunction, byte[]>(new ProposalIdOfFunction
        {
            Kind = (byte)kind, BallotHash = ballotHash.ToBytes(), PayloadHash = payloadHash.ToBytes(), BaseVersion = baseVersion, Salt = salt.ToBytes(),
        }, cancellationToken).ConfigureAwait(false), "proposalIdOf");

    private async Task<DateTimeOffset> BlockTimeAsync(long number, CancellationToken cancellationToken)
    {
        if (_blockTimes.TryGetValue(number, out var at))
        {
            return at;
        }

        var block = await Chain.GetBlockAsync(number, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"block {number} is not known to the node.");
        return _blockTimes[number] = block.Timestamp;
    }

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
