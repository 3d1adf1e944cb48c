using System.Numerics;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Chain.Signing;
using RiskGovernance.Chain.Tests.Contracts;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Integration;

/// <summary>Deployment, calls, reverts, logs and EIP-1271 against a real anvil; each test deploys its own probe.</summary>
public sealed class AnvilContractTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private async Task<(ContractClient Probe, TransactionSender Sender, LocalKeySigner Owner, EthRpcClient Client)> DeployProbeAsync(int ownerIndex, BigInteger initial)
    {
        var client = anvil.CreateClient();
        var sender = anvil.CreateSender(client: client);
        var owner = DevelopmentKeys.Signer(ownerIndex);
        var deployed = await new ContractDeployer(sender).DeployAsync(owner, ChainProbeContract.Bytecode, "(uint256)", [initial], CancellationToken.None);
        return (new ContractClient(client, deployed.Address, ChainProbeContract.Errors), sender, owner, client);
    }

    [Fact]
    public async Task DeployAsync_ProbeWithConstructorArgument_CodeAndStateSet()
    {
        var (probe, _, owner, client) = await DeployProbeAsync(3, 42);
        Assert.NotEmpty(await client.GetCodeAsync(probe.Address, BlockParameter.Latest, CancellationToken.None));
        Assert.Equal(new BigInteger(42), await probe.CallAsync<BigInteger>(ChainProbeContract.Value, [], CancellationToken.None));
        Assert.Equal(owner.Address, await probe.CallAsync<Address>(ChainProbeContract.Owner, [], CancellationToken.None));
    }

    [Fact]
    public async Task EstimateGasAsync_CustomErrorRevert_DecodedWithArguments()
    {
        var (probe, sender, owner, _) = await DeployProbeAsync(3, 1);
        var signedCount = 0;
        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => probe.SendAsync(sender, owner, ChainProbeContract.Store, [13, "unlucky"], CancellationToken.None, onSigned: (_, _) =>
        {
            signedCount++;
            return Task.CompletedTask;
        }));

        Assert.Equal(3, ex.Code);
        Assert.Equal(RevertKind.CustomError, ex.Reason.Kind);
        Assert.Equal("NotAllowed", ex.Reason.ErrorName);
        Assert.Equal(owner.Address, ex.Reason.Arguments.GetAddress(0));
        Assert.Equal(new BigInteger(13), ex.Reason.Arguments.GetBigInteger(1));
        Assert.Contains("NotAllowed(", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, signedCount);
        Assert.Equal(BigInteger.One, await probe.CallAsync<BigInteger>(ChainProbeContract.Value, [], CancellationToken.None));
    }

    [Fact]
    public async Task EstimateGasAsync_RequireMessage_DecodedAsErrorString()
    {
        var (probe, _, owner, client) = await DeployProbeAsync(3, 1);
        var request = new CallRequest(probe.Address, ChainProbeContract.Store.EncodeCall(7, "x"), owner.Address);
        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.EstimateGasAsync(request, ChainProbeContract.Errors, CancellationToken.None));
        Assert.Equal(RevertKind.ErrorString, ex.Reason.Kind);
        Assert.Equal("seven is not allowed", ex.Reason.Arguments.Get<string>(0));
    }

    [Fact]
    public async Task CallAsync_DivisionByZero_DecodedAsPanic()
    {
        var (probe, _, _, _) = await DeployProbeAsync(3, 1);
        Assert.Equal(new BigInteger(4), await probe.CallAsync<BigInteger>(ChainProbeContract.Divide, [9, 2], CancellationToken.None));
        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => probe.CallAsync(ChainProbeContract.Divide, [1, 0], CancellationToken.None));
        Assert.Equal(RevertKind.Panic, ex.Reason.Kind);
        Assert.Equal(new BigInteger(0x12), ex.Reason.Arguments.GetBigInteger(0));
    }

    [Fact]
    public async Task CallAsync_DynamicArguments_DecodesTupleOutputs()
    {
        var (probe, _, _, _) = await DeployProbeAsync(3, 1);
        var last = Hash32.Keccak("last");
        var result = await probe.CallAsync(ChainProbeContract.Echo, [new object[] { Hash32.Keccak("first"), last }, "label ✓"], CancellationToken.None);
        Assert.Equal(new BigInteger(2), result["count"]);
        Assert.Equal("label ✓", result["echoed"]);
        Assert.Equal(last, result.GetHash32(2));
    }

    [Fact]
    public async Task SendAsync_Store_EmitsLogFoundByGetLogs()
    {
        var (probe, sender, owner, _) = await DeployProbeAsync(7, 1);
        var receipt = await probe.SendAsync(sender, owner, ChainProbeContract.Store, [99, "ratified"], CancellationToken.None);

        var fromReceipt = Assert.Single(probe.DecodeEvents(ChainProbeContract.Stored, receipt));
        Assert.Equal(owner.Address, fromReceipt.Values["by"]);
        var filtered = await probe.GetEventsAsync(
            ChainProbeContract.Stored, BlockParameter.Earliest, BlockParameter.Latest, CancellationToken.None,
            [AbiEvent.EncodeTopic(AbiType.Address, owner.Address), AbiEvent.EncodeTopic(AbiType.Uint256, 99)]);
        var log = Assert.Single(filtered);
        Assert.Equal("ratified", log.Values["note"]);
        Assert.Equal(new BigInteger(99), log.Values["newValue"]);
        Assert.Equal(receipt.TransactionHash, log.Log.TransactionHash);
        Assert.Empty(await probe.GetEventsAsync(ChainProbeContract.Stored, BlockParameter.Earliest, BlockParameter.Latest, CancellationToken.None, [null, AbiEvent.EncodeTopic(AbiType.Uint256, 98)]));
    }

    [Fact]
    public async Task SendAsync_RevertingWithFixedGas_TransactionRevertedExceptionWithReason()
    {
        var (probe, sender, owner, _) = await DeployProbeAsync(7, 1);
        var request = new TransactionRequest(probe.Address, 0, ChainProbeContract.Store.EncodeCall(13, "x"), gasLimit: 100_000);
        var ex = await Assert.ThrowsAsync<TransactionRevertedException>(() => sender.SendAsync(owner, request, CancellationToken.None, revertDecoder: ChainProbeContract.Errors));
        Assert.False(ex.Receipt.Succeeded);
        Assert.Equal("NotAllowed", ex.Reason?.ErrorName);
        Assert.Contains(ex.Receipt.TransactionHash.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsValidSignatureAsync_Eip1271ContractAndEoa_OwnerAcceptedOthersRejected()
    {
        var (probe, _, owner, client) = await DeployProbeAsync(8, 1);
        var verifier = new SignatureVerifier(client);
        var digest = Eip712TypedData.Create(
            new Eip712Domain("RiskGovernance", "1", DevelopmentKeys.LocalChainId, probe.Address),
            new Dictionary<string, IReadOnlyList<Eip712Field>> { ["Approval"] = [new Eip712Field("proposal", "bytes32")] },
            "Approval",
            new Dictionary<string, object?> { ["proposal"] = Hash32.Keccak("proposal-1") }).Digest();
        var byOwner = owner.SignDigest(digest).ToBytes();
        var byOther = DevelopmentKeys.Signer(9).SignDigest(digest).ToBytes();

        Assert.True(await verifier.IsValidContractSignatureAsync(probe.Address, digest, byOwner, CancellationToken.None));
        Assert.False(await verifier.IsValidContractSignatureAsync(probe.Address, digest, byOther, CancellationToken.None));
        Assert.False(await verifier.IsValidContractSignatureAsync(probe.Address, digest, new byte[10], CancellationToken.None));
        Assert.True(await verifier.IsValidSignatureAsync(probe.Address, digest, byOwner, CancellationToken.None));
        Assert.True(await verifier.IsValidSignatureAsync(owner.Address, digest, byOwner, CancellationToken.None));
        Assert.False(await verifier.IsValidSignatureAsync(owner.Address, digest, byOther, CancellationToken.None));
        Assert.False(await verifier.IsValidContractSignatureAsync(owner.Address, digest, byOwner, CancellationToken.None));
    }
}
