using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Crypto;

public sealed class KeccakAndAddressTests
{
    [Fact]
    public void Hash_EmptyInput_PublishedDigest()
        => Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Encode(Keccak256.Hash(ReadOnlySpan<byte>.Empty)));

    [Fact]
    public void Hash_Abc_PublishedDigest()
        => Assert.Equal("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", Hex.Encode(Keccak256.Hash("abc")));

    /// <summary>The mixed-case test addresses of EIP-55.</summary>
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    public void ToString_Eip55Vectors_ReproducesChecksum(string checksummed)
    {
        var fromLower = Address.Parse(checksummed.ToLowerInvariant());
        Assert.Equal(checksummed, fromLower.ToString());
        Assert.Equal(fromLower, Address.Parse(checksummed));
    }

    [Fact]
    public void Parse_WrongMixedCaseChecksum_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "to"));
        Assert.Equal("to", ex.ParamName);
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beazz")]
    public void Parse_Malformed_ThrowsNamingArgument(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => Address.Parse(text, "owner"));
        Assert.Equal("owner", ex.ParamName);
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void FromBytes_WrongLength_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => Address.FromBytes(new byte[19], "account"));
        Assert.Equal("account", ex.ParamName);
    }

    [Fact]
    public void Default_IsZeroAddress()
    {
        Assert.True(default(Address).IsZero);
        Assert.Equal("0x0000000000000000000000000000000000000000", Address.Zero.ToString());
        Assert.Equal(Address.Zero, Address.Parse("0x0000000000000000000000000000000000000000"));
    }

    [Fact]
    public void ForCreate_KnownDeployer_MatchesPublishedContractAddress()
    {
        // Anvil account 0 deploying with nonce 0 yields this well-known address.
        var deployer = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", Address.ForCreate(deployer, 0).ToString());
    }
}
