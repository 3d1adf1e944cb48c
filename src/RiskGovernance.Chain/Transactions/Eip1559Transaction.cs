using System.Numerics;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Transactions;

/// <summary>
/// An unsigned EIP-1559 (type 2) transaction. Immutable; every field is validated at construction.
/// <see cref="To"/> is null for a contract creation.
/// </summary>
public sealed class Eip1559Transaction
{
    /// <summary>The EIP-2718 type byte.</summary>
    public const byte TypeByte = 0x02;

    private readonly byte[] _data;

    /// <summary>Creates and validates a transaction.</summary>
    public Eip1559Transaction(
        BigInteger chainId,
        BigInteger nonce,
        BigInteger maxPriorityFeePerGas,
        BigInteger maxFeePerGas,
        BigInteger gasLimit,
        Address? to,
        BigInteger value,
        ReadOnlySpan<byte> data,
        IReadOnlyList<AccessListEntry>? accessList = null)
    {
        if (chainId.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), $"chainId must be > 0 (was {chainId}).");
        }

        Preconditions.NonNegative(nonce, nameof(nonce));
        Preconditions.NonNegative(maxPriorityFeePerGas, nameof(maxPriorityFeePerGas));
        Preconditions.NonNegative(maxFeePerGas, nameof(maxFeePerGas));
        if (maxPriorityFeePerGas > maxFeePerGas)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPriorityFeePerGas), $"maxPriorityFeePerGas ({maxPriorityFeePerGas}) must not exceed maxFeePerGas ({maxFeePerGas}).");
        }

        if (gasLimit.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gasLimit), $"gasLimit must be > 0 (was {gasLimit}).");
        }

        Preconditions.NonNegative(value, nameof(value));
        ChainId = chainId;
        Nonce = nonce;
        MaxPriorityFeePerGas = maxPriorityFeePerGas;
        MaxFeePerGas = maxFeePerGas;
        GasLimit = gasLimit;
        To = to;
        Value = value;
        _data = data.ToArray();
        AccessList = accessList is null ? [] : [.. accessList];
    }

    /// <summary>EIP-155 chain id.</summary>
    public BigInteger ChainId { get; }

    /// <summary>Sender nonce.</summary>
    public BigInteger Nonce { get; }

    /// <summary>Tip per gas, in wei.</summary>
    public BigInteger MaxPriorityFeePerGas { get; }

    /// <summary>Fee cap per gas (base fee + tip), in wei.</summary>
    public BigInteger MaxFeePerGas { get; }

    /// <summary>Gas limit.</summary>
    public BigInteger GasLimit { get; }

    /// <summary>Recipient, or null to create a contract.</summary>
    public Address? To { get; }

    /// <summary>Value in wei.</summary>
    public BigInteger Value { get; }

    /// <summary>Call data or init code.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The access list (often empty).</summary>
    public IReadOnlyList<AccessListEntry> AccessList { get; }

    /// <summary>keccak(0x02 || rlp([chainId, nonce, tip, feeCap, gas, to, value, data, accessList])).</summary>
    public Hash32 SigningHash() => Hash32.Keccak(Typed(Rlp.EncodeList(Fields())));

    /// <summary>Signs with a local key.</summary>
    public SignedTransaction Sign(EthPrivateKey key)
    {
        Preconditions.NotNull(key, nameof(key));
        return WithSignature(key.Sign(SigningHash()), key.Address);
    }

    /// <summary>Assembles the signed form from an externally made signature over <see cref="SigningHash"/>.</summary>
    public SignedTransaction WithSignature(EthSignature signature, Address sender)
    {
        Preconditions.NotNull(signature, nameof(signature));
        var fields = Fields();
        fields.Add(Rlp.EncodeQuantity(signature.YParity));
        fields.Add(Rlp.EncodeQuantity(signature.R));
        fields.Add(Rlp.EncodeQuantity(signature.S));
        return new SignedTransaction(Typed(Rlp.EncodeList(fields)), signature, sender, Nonce, ChainId);
    }

    private List<byte[]> Fields()
    {
        var accessList = AccessList
            .Select(entry => Rlp.EncodeList(
                Rlp.EncodeBytes(entry.Address.Span),
                Rlp.EncodeList([.. entry.StorageKeys.Select(key => Rlp.EncodeBytes(key.Span))])))
            .ToArray();
        return
        [
            Rlp.EncodeQuantity(ChainId),
            Rlp.EncodeQuantity(Nonce),
            Rlp.EncodeQuantity(MaxPriorityFeePerGas),
            Rlp.EncodeQuantity(MaxFeePerGas),
            Rlp.EncodeQuantity(GasLimit),
            To is { } to ? Rlp.EncodeBytes(to.Span) : Rlp.EncodeBytes([]),
            Rlp.EncodeQuantity(Value),
            Rlp.EncodeBytes(_data),
            Rlp.EncodeList(accessList),
        ];
    }

    private static byte[] Typed(byte[] payload) => [TypeByte, .. payload];
}
