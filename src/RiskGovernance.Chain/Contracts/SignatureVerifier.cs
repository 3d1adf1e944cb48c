using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Rpc;

namespace RiskGovernance.Chain.Contracts;

/// <summary>
/// Checks signatures of externally owned accounts (ecrecover) and of contract accounts
/// (EIP-1271: <c>isValidSignature(bytes32,bytes)</c> must return the magic value 0x1626ba7e).
/// </summary>
public sealed class SignatureVerifier
{
    /// <summary>The EIP-1271 magic value (the selector of isValidSignature(bytes32,bytes)).</summary>
    public static readonly IReadOnlyList<byte> Eip1271MagicValue = [0x16, 0x26, 0xba, 0x7e];

    private static readonly AbiFunction IsValidSignature = AbiFunction.Parse("isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)");

    private readonly EthRpcClient _rpc;

    /// <summary>Creates a verifier using <paramref name="rpc"/> for EIP-1271 calls and code look-ups.</summary>
    public SignatureVerifier(EthRpcClient rpc) => _rpc = Preconditions.NotNull(rpc, nameof(rpc));

    /// <summary>
    /// EIP-1271: true when <paramref name="contract"/> returns 0x1626ba7e for (hash, signature);
    /// false for any other answer, a revert, or no code.
    /// </summary>
    public async Task<bool> IsValidContractSignatureAsync(Address contract, Hash32 hash, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        byte[] result;
        try
        {
            result = await _rpc.CallAsync(new CallRequest(contract, IsValidSignature.EncodeCall(hash, signature.ToArray())), BlockParameter.Latest, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException)
        {
            return false;
        }

        return result.Length >= 32 && result.AsSpan(0, 4).SequenceEqual([.. Eip1271MagicValue]) && result.AsSpan(4, 28).IndexOfAnyExcept((byte)0) < 0;
    }

    /// <summary>
    /// True when <paramref name="signer"/> signed <paramref name="hash"/>: by ecrecover when the account has no
    /// code, by EIP-1271 when it is a contract.
    /// </summary>
    public async Task<bool> IsValidSignatureAsync(Address signer, Hash32 hash, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var code = await _rpc.GetCodeAsync(signer, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        if (code.Length > 0)
        {
            return await IsValidContractSignatureAsync(signer, hash, signature, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return EthPublicKey.Recover(hash, EthSignature.FromBytes(signature.Span)).Address == signer;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
