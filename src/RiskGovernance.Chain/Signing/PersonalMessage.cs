using System.Globalization;
using RiskGovernance.Chain.Crypto;

namespace RiskGovernance.Chain.Signing;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign"): keccak(0x19 || "Ethereum Signed Message:\n" || len || message).
/// Signatures use v = 27/28.
/// </summary>
public static class PersonalMessage
{
    private static readonly byte[] Prefix = [0x19, .. "Ethereum Signed Message:\n"u8];

    /// <summary>The EIP-191 digest of raw message bytes.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> message)
    {
        var length = System.Text.Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture));
        return Hash32.FromBytes(Keccak256.HashConcat(Prefix, length, message.ToArray()));
    }

    /// <summary>The EIP-191 digest of a UTF-8 text message.</summary>
    public static Hash32 Hash(string message)
        => Hash(System.Text.Encoding.UTF8.GetBytes(Preconditions.NotNull(message, nameof(message))));

    /// <summary>Signs message bytes as personal_sign does.</summary>
    public static EthSignature Sign(EthPrivateKey key, ReadOnlySpan<byte> message)
        => Preconditions.NotNull(key, nameof(key)).Sign(Hash(message));

    /// <summary>Signs a UTF-8 text message as personal_sign does.</summary>
    public static EthSignature Sign(EthPrivateKey key, string message)
        => Preconditions.NotNull(key, nameof(key)).Sign(Hash(message));

    /// <summary>The address that signed the message bytes.</summary>
    public static Address RecoverSigner(ReadOnlySpan<byte> message, EthSignature signature)
        => EthPublicKey.Recover(Hash(message), signature).Address;

    /// <summary>The address that signed the UTF-8 text message.</summary>
    public static Address RecoverSigner(string message, EthSignature signature)
        => EthPublicKey.Recover(Hash(message), signature).Address;
}
