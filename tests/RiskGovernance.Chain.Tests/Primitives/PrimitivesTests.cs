using System.Text.Json;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain.Tests.Primitives;

/// <summary>The value types every layer shares: strict parsing whose errors name the field, and their JSON forms.</summary>
public sealed class PrimitivesTests
{
    private sealed record Holder(Address Account, Hash32 Hash);

    [Fact]
    public void HexTextEncode_Bytes_LowerCaseWithPrefix()
        => Assert.Equal("0x00ff10ab", HexText.Encode([0x00, 0xff, 0x10, 0xab]));

    [Theory]
    [InlineData("0xABcd", new byte[] { 0xab, 0xcd })]
    [InlineData("abcd", new byte[] { 0xab, 0xcd })]
    [InlineData("0x", new byte[0])]
    public void HexTextDecode_ValidHex_Bytes(string text, byte[] expected)
        => Assert.Equal(expected, HexText.Decode(text));

    [Theory]
    [InlineData("0xabc")]
    [InlineData("0xzz")]
    [InlineData("0x12 4")]
    public void HexTextDecode_Malformed_ThrowsNamingField(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => HexText.Decode(text, "payload"));

        Assert.Equal("payload", ex.ParamName);
        Assert.StartsWith("payload:", ex.Message, StringComparison.Ordinal);
        Assert.False(HexText.IsValid(text));
    }

    [Fact]
    public void HexTextDecodeFixed_WrongLength_ThrowsNamingFieldAndLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => HexText.DecodeFixed("0x0102", 32, "proposalId"));

        Assert.Equal("proposalId", ex.ParamName);
        Assert.Contains("expected 32 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("got 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beazz")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")]
    public void AddressParse_Malformed_ThrowsNamingField(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => Address.Parse(text, "owner"));

        Assert.Equal("owner", ex.ParamName);
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void AddressFromBytes_WrongLength_ThrowsNamingField()
        => Assert.Equal("account", Assert.Throws<ArgumentException>(() => Address.FromBytes(new byte[19], "account")).ParamName);

    [Fact]
    public void AddressDefault_ZeroAddress()
    {
        Assert.True(default(Address).IsZero);
        Assert.Equal(Address.Zero, Address.Parse("0x0000000000000000000000000000000000000000"));
        Assert.Equal("0x0000000000000000000000000000000000000000", Address.Zero.ToString());
        Assert.Equal(new byte[Address.Length], Address.Zero.ToBytes());
    }

    [Fact]
    public void Hash32ParseAndTryParse_ValidAndWrongLength()
    {
        var text = "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45";

        Assert.Equal(Hash32.Keccak("abc"), Hash32.Parse(text));
        Assert.True(Hash32.TryParse(text, out var parsed));
        Assert.Equal(Hash32.Keccak("abc"), parsed);
        Assert.False(Hash32.TryParse(text[..^2], out _));
        Assert.Equal("paramsHash", Assert.Throws<ArgumentException>(() => Hash32.Parse(text[..^2], "paramsHash")).ParamName);
        Assert.Equal(new byte[Hash32.Length], default(Hash32).ToBytes());
    }

    [Theory]
    [InlineData(0, 27)]
    [InlineData(1, 28)]
    [InlineData(27, 27)]
    [InlineData(28, 28)]
    public void EcdsaSignatureFromBytes_AcceptedV_StoredAs27Or28(byte v, byte stored)
    {
        var bytes = DevelopmentKeys.Key(0).SignPersonalMessage("v").ToBytes();
        bytes[64] = v;

        Assert.Equal(stored, EcdsaSignature.FromBytes(bytes).V);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(29)]
    [InlineData(37)]
    public void EcdsaSignatureFromBytes_OtherV_ThrowsNamingField(byte v)
    {
        var bytes = new byte[EcdsaSignature.Length];
        bytes[64] = v;

        var ex = Assert.Throws<ArgumentException>(() => EcdsaSignature.FromBytes(bytes, "sig"));

        Assert.Equal("sig", ex.ParamName);
        Assert.Contains("v must be 27 or 28", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EcdsaSignatureParse_WrongLength_ThrowsNamingField()
        => Assert.Equal("sig", Assert.Throws<ArgumentException>(() => EcdsaSignature.Parse("0x" + new string('1', 128), "sig")).ParamName);

    [Fact]
    public void EcdsaSignature_ParseToString_RoundTripAndValueEquality()
    {
        var signature = DevelopmentKeys.Key(0).SignPersonalMessage("round trip");

        var parsed = EcdsaSignature.Parse(signature.ToString());

        Assert.Equal(signature, parsed);
        Assert.Equal(signature.GetHashCode(), parsed.GetHashCode());
        Assert.Equal(signature.ToBytes(), parsed.ToBytes());
        Assert.Equal(132, signature.ToString().Length);
    }

    [Fact]
    public void JsonSerialize_AddressAndHash_ChecksummedAndLowerHex()
    {
        var holder = new Holder(Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Hash32.Keccak("abc"));

        var json = JsonSerializer.Serialize(holder);

        Assert.Equal("""{"Account":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","Hash":"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"}""", json);
        Assert.Equal(holder, JsonSerializer.Deserialize<Holder>(json));
    }

    [Theory]
    [InlineData("""{"Account":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD","Hash":"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"}""")]
    [InlineData("""{"Account":42,"Hash":"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"}""")]
    [InlineData("""{"Account":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","Hash":"0x4e03"}""")]
    public void JsonDeserialize_BadAddressOrHash_JsonException(string json)
        => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(json));
}
