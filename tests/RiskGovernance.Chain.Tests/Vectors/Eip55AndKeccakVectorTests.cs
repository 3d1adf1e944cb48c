using RiskGovernance.Primitives;

namespace RiskGovernance.Chain.Tests.Vectors;

/// <summary>
/// The published EIP-55 checksum vectors and Keccak-256 digests, through the Primitives types
/// (whose checksum and hash now come from Nethereum.Util).
/// </summary>
public sealed class Eip55AndKeccakVectorTests
{
    [Fact]
    public void Keccak_EmptyInput_PublishedDigest()
    {
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hash32.Keccak(ReadOnlySpan<byte>.Empty).ToString());
        Assert.Equal(Hash32.Keccak(ReadOnlySpan<byte>.Empty), Hash32.Keccak(string.Empty));
    }

    /// <summary>keccak256("abc"); the FIPS SHA3-256 of "abc" (0x3a985da7…) would be a different digest.</summary>
    [Fact]
    public void Keccak_Abc_PublishedDigestNotSha3()
    {
        var digest = Hash32.Keccak("abc");
        Assert.Equal("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", digest.ToString());
        Assert.NotEqual("0x3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", digest.ToString());
    }

    /// <summary>The test addresses of EIP-55: all-caps, all-lower and mixed-case checksummed.</summary>
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ParseAndToString_Eip55Vectors_RoundTripChecksummed(string checksummed)
    {
        var parsed = Address.Parse(checksummed);
        Assert.Equal(checksummed, parsed.ToString());
        Assert.Equal(parsed, Address.Parse(checksummed.ToLowerInvariant()));
        Assert.Equal(checksummed, Address.Parse(checksummed.ToLowerInvariant()).ToString());
        Assert.Equal(checksummed.ToLowerInvariant(), parsed.ToLowerHex());
    }

    [Fact]
    public void Parse_WrongMixedCaseChecksum_RefusedNamingField()
    {
        // The last letter of the third EIP-55 vector flipped to upper case.
        var ex = Assert.Throws<ArgumentException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "to"));

        Assert.Equal("to", ex.ParamName);
        Assert.StartsWith("to:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.False(Address.TryParse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", out _));
    }

    [Fact]
    public void Parse_AllUpperCaseDigits_AcceptedWithoutChecksum()
        => Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Address.Parse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").ToString());
}
