using System.Numerics;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Transactions;

/// <summary>
/// An unsigned legacy transaction with EIP-155 replay protection (v = chainId * 2 + 35 + yParity).
/// Kept for compatibility and the published EIP-155 vector; new code should use <see cref="Eip1559Transaction"/>.
/// </summary>
public sealed class LegacyTransaction
{
    private readonly byte[] _data;

    /// <summary>Creates and validates a transaction.</summary>
    public LegacyTransaction(BigInteger chainId, BigInteger nonce, BigInteger gasPrice, BigInteger gasLimit, Address? to, BigInteger value, ReadOnlySpan<byte> data)
    {
        if (chainId.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), $"chainId must be > 0 (was {chainId}).");
        }

        Preconditions.NonNegative(nonce, nameof(nonce));
        Preconditions.NonNegative(gasPrice, nameof(gasPrice));
        if (gasLimit.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gasLimit), $"gasLimit must be > 0 (was {gasLimit}).");
        }

        Preconditions.NonNegative(value, nameof(value));
        ChainId = chainId;
        Nonce = nonce;
        GasPrice = gasPrice;
        GasLimit = gasLimit;
        To = to;
        Value = value;
        _data = data.ToArray();
    }

    /// <summary>EIP-155 chain id.</summary>
    public BigInteger ChainId { get; }

    /// <summary>Sender nonce.</summary>
    public BigInteger Nonce { get; }

    /// <summary>Gas price in wei.</summary>
    public BigInteger GasPrice { get; }

    /// <summary>Gas limit.</summary>
    public BigInteger GasLimit { get; }

    /// <summary>Recipient, or null to create a contract.</summary>
    public Address? To { get; }

    /// <summary>Value in wei.</summary>
    public BigInteger Value { get; }

    /// <summary>Call data or init code.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The EIP-155 signing hash: keccak(rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])).</summary>
    public Hash32 SigningHash()
    {
        var fields = Fields();
        fields.Add(Rlp.EncodeQuantity(ChainId));
        fields.Add(Rlp.EncodeQuantity(0));
        fields.Add(Rlp.EncodeQuantity(0));
        return Hash32.Keccak(Rlp.EncodeList(fields));
    }

    /// <summary>Signs with a local key.</summary>
    public SignedTransaction Sign(EthPrivateKey key)
    {
        Preconditions.NotNull(key, nameof(key));
        var signature = key.Sign(SigningHash());
        var fields = Fields();
        fields.Add(Rlp.EncodeQuantity((ChainId * 2) + 35 + signature.YParity));
        fields.Add(Rlp.EncodeQuantity(signature.R));
        fields.Add(Rlp.EncodeQuantity(signature.S));
        return new SignedTransaction(Rlp.EncodeList(fields), signature, key.Address, Nonce, ChainId);
    }

    private List<byte[]> Fields() =>
    [
        Rlp.EncodeQuantity(Nonce),
        Rlp.EncodeQuantity(GasPrice),
        Rlp.EncodeQuantity(GasLimit),
        To is { } to ? Rlp.EncodeBytes(to.Span) : Rlp.EncodeBytes([]),
        Rlp.EncodeQuantity(Value),
        Rlp.EncodeBytes(_data),
    ];
}
