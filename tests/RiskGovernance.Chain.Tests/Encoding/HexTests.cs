using System.Numerics;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Encoding;

public sealed class HexTests
{
    [Fact]
    public void Encode_Bytes_LowerCaseWithPrefix()
    {
        Assert.Equal("0x00ff10", Hex.Encode([0x00, 0xff, 0x10]));
        Assert.Equal("00ff10", Hex.Encode([0x00, 0xff, 0x10], withPrefix: false));
    }

    [Theory]
    [InlineData("0xABcd", new byte[] { 0xab, 0xcd })]
    [InlineData("abcd", new byte[] { 0xab, 0xcd })]
    [InlineData("0x", new byte[0])]
    public void Decode_ValidHex_ReturnsBytes(string hex, byte[] expected)
        => Assert.Equal(expected, Hex.Decode(hex));

    [Theory]
    [InlineData("0xabc")]
    [InlineData("0xzz")]
    [InlineData("0x12 4")]
    public void Decode_MalformedHex_ThrowsNamingArgument(string hex)
    {
        var ex = Assert.Throws<ArgumentException>(() => Hex.Decode(hex, "payload"));
        Assert.Equal("payload", ex.ParamName);
        Assert.Contains("payload", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeQuantity_Values_ShortestForm()
    {
        Assert.Equal("0x0", Hex.EncodeQuantity(BigInteger.Zero));
        Assert.Equal("0x1", Hex.EncodeQuantity(BigInteger.One));
        Assert.Equal("0x400", Hex.EncodeQuantity(1024));
        Assert.Equal("0xde0b6b3a7640000", Hex.EncodeQuantity(BigInteger.Pow(10, 18)));
    }

    [Fact]
    public void DecodeQuantity_RoundTrip_Equal()
    {
        var value = BigInteger.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639935");
        Assert.Equal(value, Hex.DecodeQuantity(Hex.EncodeQuantity(value)));
        Assert.Equal(new BigInteger(0x1a), Hex.DecodeQuantity("0x1a"));
    }

    [Theory]
    [InlineData("1a")]
    [InlineData("0x")]
    [InlineData("0xg1")]
    public void DecodeQuantity_Malformed_ThrowsNamingArgument(string hex)
    {
        var ex = Assert.Throws<ArgumentException>(() => Hex.DecodeQuantity(hex, "blockNumber"));
        Assert.Equal("blockNumber", ex.ParamName);
    }
}
