using System.Numerics;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Contracts;

/// <summary>A deployed contract: its address and the creation receipt.</summary>
public sealed record DeployedContract(Address Address, TransactionReceipt Receipt);

/// <summary>Deploys contracts: creation bytecode followed by the ABI-encoded constructor arguments.</summary>
public sealed class ContractDeployer
{
    private readonly TransactionSender _sender;

    /// <summary>Creates a deployer sending through <paramref name="sender"/>.</summary>
    public ContractDeployer(TransactionSender sender) => _sender = Preconditions.NotNull(sender, nameof(sender));

    /// <summary>
    /// Deploys <paramref name="bytecode"/> with constructor arguments encoded for
    /// <paramref name="constructorTypes"/> (e.g. <c>"(address,uint256)"</c>; empty string for none).
    /// </summary>
    public Task<DeployedContract> DeployAsync(
        ITransactionSigner signer,
        string bytecode,
        string constructorTypes,
        IReadOnlyList<object?> constructorArguments,
        CancellationToken cancellationToken,
        Func<SignedTransaction, CancellationToken, Task>? onSigned = null,
        RevertDecoder? revertDecoder = null)
    {
        var code = Hex.Decode(Preconditions.NotNull(bytecode, nameof(bytecode)), nameof(bytecode));
        var arguments = AbiCodec.Encode(AbiCodec.ParseTypeList(constructorTypes, nameof(constructorTypes)), Preconditions.NotNull(constructorArguments, nameof(constructorArguments)));
        return DeployAsync(signer, code, arguments, BigInteger.Zero, cancellationToken, onSigned, revertDecoder);
    }

    /// <summary>Deploys creation code with already-encoded constructor arguments and an optional value.</summary>
    /// <exception cref="ContractRevertException">The constructor reverts in the gas estimate (nothing sent).</exception>
    /// <exception cref="TransactionRevertedException">The creation was mined with status 0.</exception>
    public async Task<DeployedContract> DeployAsync(
        ITransactionSigner signer,
        ReadOnlyMemory<byte> bytecode,
        ReadOnlyMemory<byte> encodedConstructorArguments,
        BigInteger value,
        CancellationToken cancellationToken,
        Func<SignedTransaction, CancellationToken, Task>? onSigned = null,
        RevertDecoder? revertDecoder = null)
    {
        Preconditions.NotNull(signer, nameof(signer));
        if (bytecode.IsEmpty)
        {
            throw new ArgumentException("bytecode: the creation code is empty.", nameof(bytecode));
        }

        byte[] initCode = [.. bytecode.Span, .. encodedConstructorArguments.Span];
        var receipt = await _sender.SendAsync(signer, new TransactionRequest(null, value, initCode), cancellationToken, onSigned, revertDecoder).ConfigureAwait(false);
        var address = receipt.ContractAddress
            ?? throw new InvalidOperationException($"Creation transaction {receipt.TransactionHash} has no contract address in its receipt.");
        var code = await _sender.Rpc.GetCodeAsync(address, BlockParameter.At(receipt.BlockNumber), cancellationToken).ConfigureAwait(false);
        if (code.Length == 0)
        {
            throw new InvalidOperationException($"No code at {address} after creation transaction {receipt.TransactionHash}.");
        }

        return new DeployedContract(address, receipt);
    }
}
