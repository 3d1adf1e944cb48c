using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Chain.Transactions;
using RiskGovernance.Contracts.Abi;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// Typed access to a deployed RiskParameterRegistry over the chain layer (<see cref="TransactionSender"/>
/// for writes, its <see cref="EthRpcClient"/> for reads). Reverts surface as the chain layer's
/// <see cref="ContractRevertException"/> with the registry's custom error decoded in
/// <see cref="ContractRevertException.Reason"/>.
/// </summary>
public sealed class RiskParameterRegistryContract
{
    private static readonly ContractArtifact Artifact = ContractArtifact.RiskParameterRegistry;

    /// <summary>Wraps the registry at <paramref name="address"/>.</summary>
    public RiskParameterRegistryContract(TransactionSender sender, Address address)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        Address = address;
    }

    /// <summary>Decoder naming the registry's custom errors.</summary>
    public static RevertDecoder Errors { get; } = Artifact.RevertDecoder;

    /// <summary>The transaction sender used for writes.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The JSON-RPC client used for reads.</summary>
    public EthRpcClient Rpc => Sender.Rpc;

    /// <summary>Registry address.</summary>
    public Address Address { get; }

    /// <summary>Deploys a registry and waits for it to be mined.</summary>
    public static async Task<RiskParameterRegistryContract> DeployAsync(
        TransactionSender sender, ITransactionSigner deployer, RegistryConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(configuration);
        var genesis = configuration.Genesis;
        var args = AbiValue.Tuple(
            AbiValue.Array(configuration.Committee.Select(m => AbiValue.Address(m.Member))),
            AbiValue.Array(configuration.Committee.Select(m => AbiValue.UInt256(m.Weight))),
            AbiValue.UInt256(configuration.ThresholdBps),
            AbiValue.UInt256((long)configuration.TimelockDelay.TotalSeconds),
            AbiValue.UInt256((long)configuration.GracePeriod.TotalSeconds),
            AbiValue.Address(configuration.Guardian),
            AbiValue.Bytes(genesis?.Encode() ?? []),
            AbiValue.Bytes32(genesis?.ParamsHash ?? Hash32.Zero)).Encode();
        var deployed = await new ContractDeployer(sender).DeployAsync(deployer, Artifact.Bytecode, args, BigInteger.Zero, cancellationToken, revertDecoder: Errors);
        return new RiskParameterRegistryContract(sender, deployed.Address);
    }

    // ------------------------------------------------------------------ call data

    /// <summary>Call data of queue(proposalId, paramsHash, encodedParams, forSignatures).</summary>
    public static byte[] QueueCallData(Hash32 proposalId, OnChainParameterSet parameters, IEnumerable<byte[]> forSignatures)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return AbiValue.EncodeCall(
            Selector("queue(bytes32,bytes32,bytes,bytes[])"),
            AbiValue.Bytes32(proposalId),
            AbiValue.Bytes32(parameters.ParamsHash),
            AbiValue.Bytes(parameters.Encode()),
            AbiValue.Array(forSignatures.Select(s => AbiValue.Bytes(s))));
    }

    /// <summary>Call data of queueMembership(proposalId, members, weights, thresholdBps, forSignatures).</summary>
    public static byte[] QueueMembershipCallData(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IEnumerable<byte[]> forSignatures)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return AbiValue.EncodeCall(
            Selector("queueMembership(bytes32,address[],uint256[],uint256,bytes[])"),
            AbiValue.Bytes32(proposalId),
            AbiValue.Array(committee.Select(m => AbiValue.Address(m.Member))),
            AbiValue.Array(committee.Select(m => AbiValue.UInt256(m.Weight))),
            AbiValue.UInt256(thresholdBps),
            AbiValue.Array(forSignatures.Select(s => AbiValue.Bytes(s))));
    }

    /// <summary>Call data of execute(proposalId).</summary>
    public static byte[] ExecuteCallData(Hash32 proposalId)
        => AbiValue.EncodeCall(Selector("execute(bytes32)"), AbiValue.Bytes32(proposalId));

    /// <summary>The ballot hash of a membership proposal (keccak256(abi.encode(members, weights, thresholdBps))).</summary>
    public static Hash32 MembershipHash(IReadOnlyList<CommitteeMember> committee, int thresholdBps)
    {
        ArgumentNullException.ThrowIfNull(committee);
        return BallotTypedData.MembershipHash([.. committee.Select(m => m.Member)], [.. committee.Select(m => m.Weight)], thresholdBps);
    }

    // ------------------------------------------------------------------ writes

    /// <summary>Queues a parameter set with For ballots.</summary>
    public Task<TransactionReceipt> QueueAsync(ITransactionSigner signer, Hash32 proposalId, OnChainParameterSet parameters, IEnumerable<byte[]> forSignatures, CancellationToken cancellationToken)
        => SendAsync(signer, QueueCallData(proposalId, parameters, forSignatures), cancellationToken);

    /// <summary>Queues a committee change with For ballots over <see cref="MembershipHash"/>.</summary>
    public Task<TransactionReceipt> QueueMembershipAsync(ITransactionSigner signer, Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IEnumerable<byte[]> forSignatures, CancellationToken cancellationToken)
        => SendAsync(signer, QueueMembershipCallData(proposalId, committee, thresholdBps, forSignatures), cancellationToken);

    /// <summary>Executes a due proposal.</summary>
    public Task<TransactionReceipt> ExecuteAsync(ITransactionSigner signer, Hash32 proposalId, CancellationToken cancellationToken)
        => SendAsync(signer, ExecuteCallData(proposalId), cancellationToken);

    /// <summary>Vetoes a queued proposal (guardian only).</summary>
    public Task<TransactionReceipt> VetoAsync(ITransactionSigner guardian, Hash32 proposalId, CancellationToken cancellationToken)
        => SendAsync(guardian, AbiValue.EncodeCall(Selector("veto(bytes32)"), AbiValue.Bytes32(proposalId)), cancellationToken);

    /// <summary>
    /// Signs and broadcasts a transaction to this registry without waiting for it; <paramref name="onSigned"/>
    /// runs after signing and before broadcast (to persist the hash). A revert shows at the gas
    /// estimate, before anything is signed.
    /// </summary>
    public Task<SignedTransaction> BroadcastAsync(ITransactionSigner signer, byte[] callData, Func<SignedTransaction, CancellationToken, Task>? onSigned, CancellationToken cancellationToken)
        => Sender.BroadcastAsync(signer, new TransactionRequest(Address, BigInteger.Zero, callData), cancellationToken, onSigned, Errors);

    // ------------------------------------------------------------------ readers

    /// <summary>The latest version (0 before any).</summary>
    public async Task<BigInteger> GetCurrentVersionAsync(CancellationToken cancellationToken)
        => (await CallAsync("currentVersion()", cancellationToken)).UInt256(0);

    /// <summary>The params hash stored beside a version.</summary>
    public async Task<Hash32> GetParamsHashAsync(BigInteger version, CancellationToken cancellationToken)
        => (await CallAsync("paramsHash(uint256)", cancellationToken, AbiValue.UInt256(version))).Hash(0);

    /// <summary>The full parameter set of any version (current or earlier).</summary>
    public async Task<OnChainParameterSet> GetParametersAsync(BigInteger version, CancellationToken cancellationToken)
    {
        var hash = await GetParamsHashAsync(version, cancellationToken);
        var data = await CallRawAsync(AbiValue.EncodeCall(Selector("parameters(uint256)"), AbiValue.UInt256(version)), cancellationToken);
        return OnChainParameterSet.Decode(data, hash);
    }

    /// <summary>The parameter set of the current version.</summary>
    public async Task<OnChainParameterSet> GetCurrentParametersAsync(CancellationToken cancellationToken)
        => await GetParametersAsync(await GetCurrentVersionAsync(cancellationToken), cancellationToken);

    /// <summary>One asset's parameters in a version (current when <paramref name="version"/> is null).</summary>
    public async Task<OnChainAssetParameters> GetAssetParametersAsync(string symbol, BigInteger? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken);
        var r = await CallAsync("assetParametersAt(uint256,bytes32)", cancellationToken, AbiValue.UInt256(v), AbiValue.Bytes32(Bytes32Field.Encode(symbol, nameof(symbol))));
        return new OnChainAssetParameters(
            Bytes32Field.Decode(r.Word(0), "symbol"),
            FixedPoint18.FromRaw(r.Int256(1)), FixedPoint18.FromRaw(r.Int256(2)), FixedPoint18.FromRaw(r.Int256(3)), FixedPoint18.FromRaw(r.Int256(4)));
    }

    /// <summary>Correlation of two assets in a version (current when null); 1 on the diagonal.</summary>
    public async Task<FixedPoint18> GetCorrelationAsync(string a, string b, BigInteger? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken);
        var r = await CallAsync(
            "correlationAt(uint256,bytes32,bytes32)", cancellationToken, AbiValue.UInt256(v),
            AbiValue.Bytes32(Bytes32Field.Encode(a, nameof(a))), AbiValue.Bytes32(Bytes32Field.Encode(b, nameof(b))));
        return FixedPoint18.FromRaw(r.Int256(0));
    }

    /// <summary>State, kind, eta, hash and executed version of a proposal.</summary>
    public async Task<ProposalInfo> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var r = await CallAsync("proposal(bytes32)", cancellationToken, AbiValue.Bytes32(proposalId));
        return new ProposalInfo((ProposalState)r.SmallUInt(0, 4), (ProposalKind)r.SmallUInt(1, 1), (long)r.UInt256(2), r.Hash(3), r.UInt256(4));
    }

    /// <summary>Current committee.</summary>
    public async Task<IReadOnlyList<CommitteeMember>> GetCommitteeAsync(CancellationToken cancellationToken)
    {
        var r = await CallAsync("committee()", cancellationToken);
        var (count, members) = r.Dynamic(0).Array();
        var (weightCount, weights) = r.Dynamic(1).Array();
        if (count != weightCount)
        {
            throw new FormatException("committee(): members and weights differ in length.");
        }

        return [.. Enumerable.Range(0, count).Select(i => new CommitteeMember(members.Address(i), weights.UInt256(i)))];
    }

    /// <summary>Approval threshold in basis points.</summary>
    public async Task<int> GetThresholdBpsAsync(CancellationToken cancellationToken)
        => (await CallAsync("thresholdBps()", cancellationToken)).SmallUInt(0, 10_000);

    /// <summary>The EIP-712 digest the registry computes for a ballot (cross-check of <see cref="BallotTypedData"/>).</summary>
    public async Task<Hash32> GetBallotDigestAsync(Hash32 proposalId, Hash32 paramsHash, BallotSupport support, CancellationToken cancellationToken)
        => (await CallAsync("ballotDigest(bytes32,bytes32,uint8)", cancellationToken, AbiValue.Bytes32(proposalId), AbiValue.Bytes32(paramsHash), AbiValue.UInt256((int)support))).Hash(0);

    /// <summary>The ballot typed data for this registry on <paramref name="chainId"/>.</summary>
    public BallotTypedData Ballot(Hash32 proposalId, Hash32 paramsHash, BigInteger chainId, BallotSupport support = BallotSupport.For)
        => new(proposalId, paramsHash, support, chainId, Address);

    internal static byte[] Selector(string signature) => Hash32.Keccak(signature).ToBytes()[..4];

    private Task<TransactionReceipt> SendAsync(ITransactionSigner signer, byte[] data, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, new TransactionRequest(Address, BigInteger.Zero, data), cancellationToken, revertDecoder: Errors);

    private async Task<AbiReader> CallAsync(string signature, CancellationToken cancellationToken, params AbiValue[] args)
        => new(await CallRawAsync(AbiValue.EncodeCall(Selector(signature), args), cancellationToken));

    private Task<byte[]> CallRawAsync(byte[] data, CancellationToken cancellationToken)
        => Rpc.CallAsync(new CallRequest(Address, data), BlockParameter.Latest, Errors, cancellationToken);
}
