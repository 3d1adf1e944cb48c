using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Crypto;

public sealed class KeyTests
{
    [Fact]
    public void Address_PrivateKeyOne_IsGeneratorAddress()
    {
        var key = EthPrivateKey.Parse("0x0000000000000000000000000000000000000000000000000000000000000001");
        Assert.Equal("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", key.Address.ToString());
    }

    [Fact]
    public void Address_AnvilKeyZero_IsAnvilAccountZero()
    {
        var key = EthPrivateKey.Parse("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", key.Address.ToString());
    }

    [Fact]
    public void Sign_Digest_LowSAndRecoversSigner()
    {
        var key = EthPrivateKey.Parse("0x4646464646464646464646464646464646464646464646464646464646464646");
        for (var i = 0; i < 20; i++)
        {
            var digest = Hash32.Keccak($"message {i}");
            var signature = key.Sign(digest);
            Assert.True(signature.IsLowS);
            Assert.Equal(key.PublicKey, EthPublicKey.Recover(digest, signature));
            Assert.True(key.PublicKey.Verify(digest, signature));
            Assert.False(key.PublicKey.Verify(Hash32.Keccak($"other {i}"), signature));
        }
    }

    [Fact]
    public void Sign_SameDigestTwice_Deterministic()
    {
        var key = EthPrivateKey.Parse("4646464646464646464646464646464646464646464646464646464646464646");
        var digest = Hash32.Keccak("abc");
        Assert.Equal(key.Sign(digest), key.Sign(digest));
    }

    [Fact]
    public void Recover_HighS_Rejected()
    {
        var key = EthPrivateKey.Parse("0x4646464646464646464646464646464646464646464646464646464646464646");
        var digest = Hash32.Keccak("abc");
        var signature = key.Sign(digest);
        var n = System.Numerics.BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");
        var highS = new EthSignature(signature.R, n - signature.S, 1 - signature.YParity);
        Assert.False(key.PublicKey.Verify(digest, highS));
        Assert.Throws<ArgumentException>(() => EthPublicKey.Recover(digest, highS));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(27)]
    [InlineData(28)]
    public void FromBytes_AcceptedV_ParsesParity(byte v)
    {
        var key = EthPrivateKey.Parse("0x4646464646464646464646464646464646464646464646464646464646464646");
        var bytes = key.Sign(Hash32.Keccak("v")).ToBytes();
        bytes[64] = v;
        Assert.Equal(v % 27 == 0 ? 0 : 1, EthSignature.FromBytes(bytes).YParity);
    }

    [Fact]
    public void FromBytes_BadV_ThrowsNamingArgument()
    {
        var bytes = new byte[65];
        bytes[31] = 1;
        bytes[63] = 1;
        bytes[64] = 29;
        var ex = Assert.Throws<ArgumentException>(() => EthSignature.FromBytes(bytes, "sig"));
        Assert.Equal("sig", ex.ParamName);
    }

    [Theory]
    [InlineData("0x46464646")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("not hex at all")]
    public void Parse_BadKey_ThrowsNamingArgumentWithoutEchoingKey(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => EthPrivateKey.Parse(text, "signerKey"));
        Assert.Equal("signerKey", ex.ParamName);
        Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_PrivateKey_DoesNotRevealKey()
    {
        var key = EthPrivateKey.Parse("0x4646464646464646464646464646464646464646464646464646464646464646");
        Assert.DoesNotContain("4646464646", key.ToString(), StringComparison.Ordinal);
        Assert.Equal(Hex.Decode("0x4646464646464646464646464646464646464646464646464646464646464646"), key.ExportBytes());
    }
}
