using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;

namespace RiskGovernance.Engine.Tests.Json;

public class MarketSnapshotJsonTests
{
    private const double Tolerance = 0.0;

    [Fact]
    public void Read_Example_GivesDateAndQuotesInOrder()
    {
        var m = MarketSnapshotJson.Read(JsonExamples.Market);
        Assert.Equal(new DateOnly(2022, 11, 8), m.AsOf);
        Assert.Equal(["BTC", "ETH", "SOL", "USDC"], m.Assets.Select(a => a.Symbol));
        Assert.Equal(18547.23, m["BTC"].Price, Tolerance);
        Assert.Equal(1.0485, m["ETH"].Volatility, Tolerance);
        Assert.Equal(0.0, m["USDC"].Volatility, Tolerance);
    }

    [Fact]
    public void Write_ThenRead_GivesEqualSnapshot()
    {
        var m = MarketSnapshotJson.Read(JsonExamples.Market);
        var again = MarketSnapshotJson.Read(MarketSnapshotJson.ToUtf8Bytes(m));
        Assert.Equal(m.AsOf, again.AsOf);
        Assert.Equal(m.Assets, again.Assets);
    }

    [Theory]
    [InlineData("2022-11-8")]
    [InlineData("08/11/2022")]
    [InlineData("2022-02-30")]
    [InlineData("2022-11-08T00:00:00Z")]
    public void Read_BadDate_ErrorNamesAsOf(string date) =>
        ValidationAssert.Single(() => MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "asOf", date)), "market.asOf", "yyyy-MM-dd");

    [Fact]
    public void Read_PriceAsString_ErrorNamesIndexedField() =>
        ValidationAssert.Single(() => MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "assets.2.price", "24.38")),
            "market.assets[2].price", "must be a number");

    [Fact]
    public void Read_UnknownAndMissingProperties_BothReported()
    {
        var json = JsonExamples.Set(JsonExamples.Market, "assets.1.vol", 1.0);
        json = JsonExamples.Remove(json, "assets.1.volatility");
        var errors = ValidationAssert.Errors(() => MarketSnapshotJson.Read(json));
        Assert.Equal(2, errors.Count);
        ValidationAssert.Has(errors, "market.assets[1].vol", "is not a known property");
        ValidationAssert.Has(errors, "market.assets[1].volatility", "is required");
    }

    [Fact]
    public void Read_AssetNotAnObject_ErrorNamesItem() =>
        ValidationAssert.Single(() => MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "assets.0", JsonNode.Parse("[]"))),
            "market.assets[0]", "must be an object");

    [Fact]
    public void Read_MalformedJson_ErrorOnMarketWithLine()
    {
        var error = Assert.Single(ValidationAssert.Errors(() => MarketSnapshotJson.Read("{\n  \"asOf\": \"2022-11-08\"\n  \"assets\": []\n}")));
        Assert.Equal("market", error.Field);
        Assert.StartsWith("malformed JSON at line 3", error.Message, StringComparison.Ordinal);
    }
}
