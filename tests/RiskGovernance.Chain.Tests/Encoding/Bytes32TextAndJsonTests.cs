using System.Text.Json;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Encoding;

public sealed class Bytes32TextAndJsonTests
{
    private sealed record Holder(Address Account, Hash32 Hash);

    [Fact]
    public void Encode_AssetSymbol_RightPaddedUtf8()
    {
        var word = Bytes32Text.Encode("BTC");
        Assert.Equal("0x4254430000000000000000000000000000000000000000000000000000000000", word.ToString());
        Assert.Equal("BTC", Bytes32Text.Decode(word));
    }

    [Fact]
    public void Encode_ThirtyThreeBytes_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => Bytes32Text.Encode(new string('x', 33), "symbol"));
        Assert.Equal("symbol", ex.ParamName);
    }

    [Fact]
    public void Serialize_AddressAndHash_ChecksummedAndHexStrings()
    {
        var holder = new Holder(Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Hash32.Keccak("abc"));
        var json = JsonSerializer.Serialize(holder);
        Assert.Equal("{\"Account\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"Hash\":\"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45\"}", json);
        Assert.Equal(holder, JsonSerializer.Deserialize<Holder>(json));
    }

    [Fact]
    public void Deserialize_BadChecksum_JsonException()
    {
        const string json = "{\"Account\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\",\"Hash\":\"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45\"}";
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(json));
    }
}
