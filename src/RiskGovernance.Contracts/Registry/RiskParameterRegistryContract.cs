using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Chain.Transactions;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// Typed access to a deployed RiskParameterRegistry over the chain layer (<see cref="TransactionSender"/>
/// for writes, its <see cref="EthRpcClient"/> for reads, its ABI codec for calls). Reverts surface as
/// the chain layer's <see cref="ContractRevertException"/> with the registry's custom error decoded
/// in <see cref="ContractRevertException.Reason"/>.
/// </summary>
public sealed class RiskParameterRegistryContract
{
    private const string ConstructorTypes = "address[],uint256[],uint256,uint256,uint256,address,bytes,bytes32";

    private static readonly ContractArtifact Artifact = ContractArtifact.RiskParameterRegistry;
    private static readonly AbiFunction Queue = AbiFunction.Parse("queue(bytes32,bytes32,bytes,bytes[]) returns (uint256)");
    private static readonly AbiFunction QueueMembership = AbiFunction.Parse("queueMembership(bytes32,address[],uint256[],uint256,bytes[]) returns (uint256)");
    private static readonly AbiFunction Execute = AbiFunction.Parse("execute(bytes32) returns (uint256)");
    private static readonly AbiFunction Veto = AbiFunction.Parse("veto(bytes32)");
    private static readonly AbiFunction CurrentVersion = AbiFunction.Parse("currentVersion() returns (uint256)");
    private static readonly AbiFunction ParamsHash = AbiFunction.Parse("paramsHash(uint256) returns (bytes32)");
    private static readonly AbiFunction Parameters = AbiFunction.Parse($"parameters(uint256) returns ({OnChainParameterSet.AbiTupleType})");
    private static readonly AbiFunction AssetParametersAt = AbiFunction.Parse("assetParametersAt(uint256,bytes32) returns ((bytes32,int256,int256,int256,int256))");
    private static readonly AbiFunction CorrelationAt = AbiFunction.Parse("correlationAt(uint256,bytes32,bytes32) returns (int256)");
    private static readonly AbiFunction Proposal = AbiFunction.Parse("proposal(bytes32) returns (uint8,uint8,uint256,bytes32,uint256)");
    private static readonly AbiFunction Committee = AbiFunction.Parse("committee() returns (address[],uint256[])");
    private static readonly AbiFunction ThresholdBps = AbiFunction.Parse("thresholdBps() returns (uint256)");
    private static readonly AbiFunction BallotDigest = AbiFunction.Parse("ballotDigest(bytes32,bytes32,uint8) returns (bytes32)");

    /// <summary>Wraps the registry at <paramref name="address"/>.</summary>
    public RiskParameterRegistryContract(TransactionSender sender, Address address)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        Address = address;
        Client = new ContractClient(sender.Rpc, address, Errors);
    }

    /// <summary>Decoder naming the registry's custom errors.</summary>
    public static RevertDecoder Errors { get; } = Artifact.RevertDecoder;

    /// <summary>The transaction sender used for writes.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The JSON-RPC client used for reads.</summary>
    public EthRpcClient Rpc => Sender.Rpc;

    /// <summary>Registry address.</summary>
    public Address Address { get; }

    private ContractClient Client { get; }

    /// <summary>Deploys a registry and waits for it to be mined.</summary>
    public static async Task<RiskParameterRegistryContract> DeployAsync(
        TransactionSender sender, ITransactionSigner deployer, RegistryConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(configuration);
        var genesis = configuration.Genesis;
        var args = AbiCodec.Encode(
            ConstructorTypes,
            configuration.Committee.Select(m => (object?)m.Member).ToArray(),
            configuration.Committee.Select(m => (object?)m.Weight).ToArray(),
            new BigInteger(configuration.ThresholdBps),
            new BigInteger((long)configuration.TimelockDelay.TotalSeconds),
            new BigInteger((long)configuration.GracePeriod.TotalSeconds),
            configuration.Guardian,
            genesis?.Encode() ?? [],
            genesis?.ParamsHash ?? Hash32.Zero);
        var deployed = await new ContractDeployer(sender).DeployAsync(deployer, Artifact.Bytecode, args, BigInteger.Zero, cancellationToken, revertDecoder: Errors);
        return new RiskParameterRegistryContract(sender, deployed.Address);
    }

    // ------------------------------------------------------------------ call data

    /// <summary>Call data of queue(proposalId, paramsHash, encodedParams, forSignatures).</summary>
    public static byte[] QueueCallData(Hash32 proposalId, OnChainParameterSet parameters, IEnumerable<byte[]> forSignatures)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return Queue.EncodeCall(proposalId, parameters.ParamsHash, parameters.Encode(), forSignatures.Cast<object?>().ToArray());
    }

    /// <summary>Call data of queueMembership(proposalId, members, weights, thresholdBps, forSignatures).</summary>
    public static byte[] QueueMembershipCallData(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IEnumerable<byte[]> forSignatures)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return QueueMembership.EncodeCall(
            proposalId,
            committee.Select(m => (object?)m.Member).ToArray(),
            committee.Select(m => (object?)m.Weight).ToArray(),
            new BigInteger(thresholdBps),
            forSignatures.Cast<object?>().ToArray());
    }

    /// <summary>Call data of execute(proposalId).</summary>
    public static byte[] ExecuteCallData(Hash32 proposalId) => Execute.EncodeCall(proposalId);

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
        => SendAsync(guardian, Veto.EncodeCall(proposalId), cancellationToken);

    /// <summary>
    /// Signs and broadcasts a transaction to this registry without waiting for it; <paramref name="onSigned"/>
    /// runs after signing and before broadcast (to persist the hash). A revert shows at the gas
    /// estimate, before anything is signed.
    /// </summary>
    public Task<SignedTransaction> BroadcastAsync(ITransactionSigner signer, byte[] callData, Func<SignedTransaction, CancellationToken, Task>? onSigned, CancellationToken cancellationToken)
        => Sender.BroadcastAsync(signer, new TransactionRequest(Address, BigInteger.Zero, callData), cancellationToken, onSigned, Errors);

    // ------------------------------------------------------------------ readers

    /// <summary>The latest version (0 before any).</summary>
    public Task<BigInteger> GetCurrentVersionAsync(CancellationToken cancellationToken)
        => Client.CallAsync<BigInteger>(CurrentVersion, [], cancellationToken);

    /// <summary>The params hash stored beside a version.</summary>
    public async Task<Hash32> GetParamsHashAsync(BigInteger version, CancellationToken cancellationToken)
        => (await Client.CallAsync(ParamsHash, [version], cancellationToken)).GetHash32(0);

    /// <summary>The full parameter set of any version (current or earlier).</summary>
    public async Task<OnChainParameterSet> GetParametersAsync(BigInteger version, CancellationToken cancellationToken)
    {
        var hash = await GetParamsHashAsync(version, cancellationToken);
        var data = await Rpc.CallAsync(new CallRequest(Address, Parameters.EncodeCall(version)), BlockParameter.Latest, Errors, cancellationToken);
        return OnChainParameterSet.Decode(data, hash);
    }

    /// <summary>The parameter set of the current version.</summary>
    public async Task<OnChainParameterSet> GetCurrentParametersAsync(CancellationToken cancellationToken)
        => await GetParametersAsync(await GetCurrentVersionAsync(cancellationToken), cancellationToken);

    /// <summary>One asset's parameters in a version (current when <paramref name="version"/> is null).</summary>
    public async Task<OnChainAssetParameters> GetAssetParametersAsync(string symbol, BigInteger? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken);
        var a = (await Client.CallAsync(AssetParametersAt, [v, Bytes32Field.Encode(symbol, nameof(symbol))], cancellationToken)).Get<object?[]>(0);
        static FixedPoint18 F(object? raw) => FixedPoint18.FromRaw((BigInteger)raw!);
        return new OnChainAssetParameters(Bytes32Field.Decode((byte[])a[0]!, "symbol"), F(a[1]), F(a[2]), F(a[3]), F(a[4]));
    }

    /// <summary>Correlation of two assets in a version (current when null); 1 on the diagonal.</summary>
    public async Task<FixedPoint18> GetCorrelationAsync(string a, string b, BigInteger? version, CancellationToken cancellationToken)
    {
        var v = version ?? await GetCurrentVersionAsync(cancellationToken);
        var value = await Client.CallAsync<BigInteger>(CorrelationAt, [v, Bytes32Field.Encode(a, nameof(a)), Bytes32Field.Encode(b, nameof(b))], cancellationToken);
        return FixedPoint18.FromRaw(value);
    }

    /// <summary>State, kind, eta, hash and executed version of a proposal.</summary>
    public async Task<ProposalInfo> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var r = await Client.CallAsync(Proposal, [proposalId], cancellationToken);
        return new ProposalInfo(
            (ProposalState)(int)r.GetBigInteger(0), (ProposalKind)(int)r.GetBigInteger(1), (long)r.GetBigInteger(2), r.GetHash32(3), r.GetBigInteger(4));
    }

    /// <summary>Current committee.</summary>
    public async Task<IReadOnlyList<CommitteeMember>> GetCommitteeAsync(CancellationToken cancellationToken)
    {
        var r = await Client.CallAsync(Committee, [], cancellationToken);
        var members = r.Get<object?[]>(0);
        var weights = r.Get<object?[]>(1);
        if (members.Length != weights.Length)
        {
            throw new FormatException("committee(): members and weights differ in length.");
        }

        return [.. members.Zip(weights, (m, w) => new CommitteeMember((Address)m!, (BigInteger)w!))];
    }

    /// <summary>Approval threshold in basis points.</summary>
    public async Task<int> GetThresholdBpsAsync(CancellationToken cancellationToken)
        => (int)await Client.CallAsync<BigInteger>(ThresholdBps, [], cancellationToken);

    /// <summary>The EIP-712 digest the registry computes for a ballot (cross-check of <see cref="BallotTypedData"/>).</summary>
    public async Task<Hash32> GetBallotDigestAsync(Hash32 proposalId, Hash32 paramsHash, BallotSupport support, CancellationToken cancellationToken)
        => (await Client.CallAsync(BallotDigest, [proposalId, paramsHash, (int)support], cancellationToken)).GetHash32(0);

    /// <summary>The ballot typed data for this registry on <paramref name="chainId"/>.</summary>
    public BallotTypedData Ballot(Hash32 proposalId, Hash32 paramsHash, BigInteger chainId, BallotSupport support = BallotSupport.For)
        => new(proposalId, paramsHash, support, chainId, Address);

    private Task<TransactionReceipt> SendAsync(ITransactionSigner signer, byte[] data, CancellationToken cancellationToken)
        => Sender.SendAsync(signer, new TransactionRequest(Address, BigInteger.Zero, data), cancellationToken, revertDecoder: Errors);
}
