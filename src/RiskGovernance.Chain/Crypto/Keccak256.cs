using Org.BouncyCastle.Crypto.Digests;

namespace RiskGovernance.Chain.Crypto;

/// <summary>
/// Keccak-256 as used by Ethereum (the original Keccak padding, which differs from NIST SHA3-256).
/// </summary>
public static class Keccak256
{
    /// <summary>Hashes bytes.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[32];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>Hashes the UTF-8 bytes of a string.</summary>
    public static byte[] Hash(string text)
        => Hash(System.Text.Encoding.UTF8.GetBytes(Preconditions.NotNull(text, nameof(text))));

    /// <summary>Hashes the concatenation of several byte sequences.</summary>
    public static byte[] HashConcat(params ReadOnlySpan<byte[]> parts)
    {
        var digest = new KeccakDigest(256);
        foreach (var part in parts)
        {
            digest.BlockUpdate(part);
        }

        var output = new byte[32];
        digest.DoFinal(output);
        return output;
    }
}
