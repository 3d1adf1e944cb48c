using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Transactions;

/// <summary>A signed transaction ready for <c>eth_sendRawTransaction</c>: its raw bytes and hash.</summary>
public sealed class SignedTransaction
{
    private readonly byte[] _raw;

    internal SignedTransaction(byte[] raw, EthSignature signature, Address sender, System.Numerics.BigInteger nonce, System.Numerics.BigInteger chainId)
    {
        _raw = raw;
        Nonce = nonce;
        ChainId = chainId;
        Hash = Hash32.Keccak(raw);
        Signature = signature;
        Sender = sender;
    }

    /// <summary>The transaction hash: keccak of the raw bytes (known before broadcasting).</summary>
    public Hash32 Hash { get; }

    /// <summary>The signature.</summary>
    public EthSignature Signature { get; }

    /// <summary>The sender nonce.</summary>
    public System.Numerics.BigInteger Nonce { get; }

    /// <summary>The chain id the signature is bound to.</summary>
    public System.Numerics.BigInteger ChainId { get; }

    /// <summary>The signing account.</summary>
    public Address Sender { get; }

    /// <summary>A copy of the raw (wire) bytes.</summary>
    public byte[] ToRawBytes() => (byte[])_raw.Clone();

    /// <summary>The raw bytes as 0x-hex.</summary>
    public string RawHex => Hex.Encode(_raw);

    /// <inheritdoc/>
    public override string ToString() => Hash.ToString();
}
