using System.Numerics;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Encoding;

/// <summary>Vectors from the Ethereum wiki / Yellow Paper appendix B.</summary>
public sealed class RlpTests
{
    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Fact]
    public void EncodeBytes_Dog_PublishedEncoding()
        => Assert.Equal("0x83646f67", Hex.Encode(Rlp.EncodeBytes(Ascii("dog"))));

    [Fact]
    public void EncodeList_CatDog_PublishedEncoding()
        => Assert.Equal("0xc88363617483646f67", Hex.Encode(Rlp.EncodeList(Rlp.EncodeBytes(Ascii("cat")), Rlp.EncodeBytes(Ascii("dog")))));

    [Fact]
    public void Encode_EmptyStringAndList_80AndC0()
    {
        Assert.Equal("0x80", Hex.Encode(Rlp.EncodeBytes([])));
        Assert.Equal("0xc0", Hex.Encode(Rlp.EncodeList()));
    }

    [Theory]
    [InlineData(0, "0x80")]
    [InlineData(15, "0x0f")]
    [InlineData(127, "0x7f")]
    [InlineData(128, "0x8180")]
    [InlineData(1024, "0x820400")]
    public void EncodeQuantity_Integers_PublishedEncoding(int value, string expected)
        => Assert.Equal(expected, Hex.Encode(Rlp.EncodeQuantity(value)));

    [Fact]
    public void EncodeList_SetTheoreticThree_PublishedEncoding()
    {
        var empty = Rlp.EncodeList();
        var one = Rlp.EncodeList(empty);
        var two = Rlp.EncodeList(empty, one);
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Hex.Encode(Rlp.EncodeList(empty, one, two)));
    }

    [Fact]
    public void EncodeBytes_LongString_UsesLongForm()
    {
        var text = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
        var encoded = Rlp.EncodeBytes(Ascii(text));
        Assert.Equal(0xb8, encoded[0]);
        Assert.Equal(56, encoded[1]);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(Rlp.Decode(encoded).Bytes));
    }

    [Fact]
    public void Decode_NestedList_RoundTrips()
    {
        var encoded = Rlp.EncodeList(Rlp.EncodeQuantity(BigInteger.Pow(2, 100)), Rlp.EncodeList(Rlp.EncodeBytes(Ascii("x"))), Rlp.EncodeBytes(new byte[300]));
        var item = Rlp.Decode(encoded);
        Assert.True(item.IsList);
        Assert.Equal(3, item.Items.Count);
        Assert.Equal(BigInteger.Pow(2, 100), item.Items[0].AsQuantity());
        Assert.Equal(Ascii("x"), item.Items[1].Items[0].Bytes);
        Assert.Equal(300, item.Items[2].Bytes.Length);
    }

    [Theory]
    [InlineData("0x8100")]       // single byte < 0x80 must be itself
    [InlineData("0xb80100")]     // long form for short length
    [InlineData("0x83646f")]     // truncated
    [InlineData("0x83646f6700")] // trailing byte
    public void Decode_NonCanonical_ThrowsFormatException(string hex)
        => Assert.Throws<FormatException>(() => Rlp.Decode(Hex.Decode(hex)));
}
