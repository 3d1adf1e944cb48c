using System.Numerics;

namespace RiskGovernance.Chain.Sending;

/// <summary>What to send: recipient (null to deploy), value, data, and optionally a fixed gas limit (else estimated).</summary>
public sealed record TransactionRequest
{
    private readonly byte[] _data;

    /// <summary>Creates a request.</summary>
    public TransactionRequest(Address? to, BigInteger value, ReadOnlySpan<byte> data, BigInteger? gasLimit = null)
    {
        Preconditions.NonNegative(value, nameof(value));
        if (gasLimit is { Sign: <= 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(gasLimit), $"gasLimit must be > 0 (was {gasLimit}).");
        }

        if (to is null && data.IsEmpty)
        {
            throw new ArgumentException("data: a contract creation (to = null) needs init code.", nameof(data));
        }

        To = to;
        Value = value;
        _data = data.ToArray();
        GasLimit = gasLimit;
    }

    /// <summary>A plain value transfer.</summary>
    public static TransactionRequest Transfer(Address to, BigInteger value) => new(to, value, []);

    /// <summary>Recipient, or null for a contract creation.</summary>
    public Address? To { get; }

    /// <summary>Value in wei.</summary>
    public BigInteger Value { get; }

    /// <summary>Call data or init code.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>A fixed gas limit, or null to estimate (with the sender's margin).</summary>
    public BigInteger? GasLimit { get; }
}
