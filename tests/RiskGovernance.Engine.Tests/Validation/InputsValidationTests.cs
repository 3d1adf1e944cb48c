using System.Text.Json.Nodes;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Tests.Json;

namespace RiskGovernance.Engine.Tests.Validation;

/// <summary>METHODOLOGY section 8, the rules on market snapshots, books and on the three together
/// (MarginInputs): prices, volatilities, quantities, and every asset named where it must be.</summary>
public class InputsValidationTests
{
    private static readonly MarketSnapshot Market = MarketSnapshotJson.Read(JsonExamples.Market);
    private static readonly ParameterSet Params = ParameterSetJson.Read(JsonExamples.Params);
    private static readonly Book Book = BookJson.Read(JsonExamples.Book);

    [Theory]
    [InlineData("assets.0.price", 0.0, "market.assets[0].price", "must be > 0")]
    [InlineData("assets.1.price", -1334.77, "market.assets[1].price", "must be > 0")]
    [InlineData("assets.2.volatility", -0.5, "market.assets[2].volatility", "must be >= 0")]
    [InlineData("assets.3.symbol", "", "market.assets[3].symbol", "must be a non-empty symbol")]
    [InlineData("assets.3.symbol", "BTC", "market.assets[3].symbol", "'BTC' is listed more than once")]
    public void Market_BadQuote_ErrorNamesField(string path, object value, string field, string message) =>
        ValidationAssert.Single(() => MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, path, JsonValue.Create(value))), field, message);

    [Fact]
    public void Market_NoAssets_Rejected() =>
        ValidationAssert.Single(() => MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "assets", new JsonArray())),
            "market.assets", "must list at least one asset");

    [Fact]
    public void Market_NonFiniteThroughTheModel_Rejected()
    {
        var errors = ValidationAssert.Errors(() => MarketSnapshot.Create(new DateOnly(2022, 11, 8),
            [new AssetQuote("BTC", double.NaN, 0.5), new AssetQuote("ETH", 1000, double.PositiveInfinity)]));
        Assert.Equal(2, errors.Count);
        ValidationAssert.Has(errors, "market.assets[0].price", "must be a finite number");
        ValidationAssert.Has(errors, "market.assets[1].volatility", "must be a finite number");
    }

    [Theory]
    [InlineData("accounts.0.collateral.USDC", -1.0, "book.accounts[0].collateral.USDC", "must be >= 0")]
    [InlineData("accounts.0.positions.0.entryPrice", 0.0, "book.accounts[0].positions[0].entryPrice", "must be > 0")]
    [InlineData("accounts.0.positions.1.strike", 0.0, "book.accounts[0].positions[1].strike", "must be > 0")]
    [InlineData("accounts.1.positions.2.expiryDays", -1.0, "book.accounts[1].positions[2].expiryDays", "must be >= 0")]
    [InlineData("accounts.2.id", "", "book.accounts[2].id", "must be a non-empty id")]
    [InlineData("accounts.2.id", "0x8ba1f109551bd432803012645ac136ddd64dba72", "book.accounts[2].id", "is used by an earlier account")]
    [InlineData("accounts.1.positions.0.asset", "", "book.accounts[1].positions[0].asset", "must name an asset")]
    public void Book_BadValue_ErrorNamesField(string path, object value, string field, string message) =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Set(JsonExamples.Book, path, JsonValue.Create(value))), field, message);

    [Fact]
    public void Book_ZeroExpiryAndZeroQuantity_Accepted()
    {
        var json = JsonExamples.Set(JsonExamples.Book, "accounts.1.positions.2.expiryDays", 0);
        json = JsonExamples.Set(json, "accounts.1.positions.0.quantity", 0);
        Assert.Equal(0.0, BookJson.Read(json).Accounts[1].Positions[0].Quantity);
    }

    [Fact]
    public void Book_NonFiniteQuantityThroughTheModel_Rejected() =>
        ValidationAssert.Single(() => Book.Create([new Account("a", [], [new PerpPosition("BTC", double.NaN, 100)])]),
            "book.accounts[0].positions[0].quantity", "must be a finite number");

    [Fact]
    public void Inputs_Examples_Accepted() => Assert.Same(Book, MarginInputs.Create(Market, Params, Book).Book);

    [Fact]
    public void Inputs_ParamsAssetNotInMarket_ErrorNamesAsset()
    {
        var market = MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "assets.2.symbol", "AVAX"));
        var errors = ValidationAssert.Errors(() => MarginInputs.Create(market, Params, Book));
        ValidationAssert.Has(errors, "params.assets.SOL", "'SOL' is not in the market snapshot");
    }

    [Fact]
    public void Inputs_PositionAssetNotInMarket_ErrorNamesPosition()
    {
        var book = BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.1.positions.1.asset", "DOGE"));
        ValidationAssert.Single(() => MarginInputs.Create(Market, Params, book), "book.accounts[1].positions[1].asset",
            "asset 'DOGE' is not in the market snapshot");
    }

    [Fact]
    public void Inputs_PositionOnRisklessAsset_ErrorSaysUnderlyingMustBeRisky()
    {
        var book = BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.0.positions.0.asset", "USDC"));
        ValidationAssert.Single(() => MarginInputs.Create(Market, Params, book), "book.accounts[0].positions[0].asset",
            "underlying 'USDC' has no entry in params.assets");
    }

    [Fact]
    public void Inputs_CollateralNotInMarket_ErrorNamesCollateral()
    {
        var book = BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.1.collateral.DAI", 10));
        ValidationAssert.Single(() => MarginInputs.Create(Market, Params, book), "book.accounts[1].collateral.DAI",
            "asset 'DAI' is not in the market snapshot");
    }

    [Fact]
    public void Inputs_VolatileCollateralWithoutRiskParameters_Rejected()
    {
        var market = MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "assets.4",
            JsonNode.Parse("""{"symbol": "DOGE", "price": 0.1, "volatility": 0.9}""")));
        var book = BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.1.collateral.DOGE", 1000));
        ValidationAssert.Single(() => MarginInputs.Create(market, Params, book), "book.accounts[1].collateral.DOGE",
            "a volatile asset is never riskless collateral");
    }

    [Fact]
    public void Inputs_RisklessCollateralWithZeroVolatility_Accepted()
    {
        var market = MarketSnapshotJson.Read(JsonExamples.Set(JsonExamples.Market, "assets.4",
            JsonNode.Parse("""{"symbol": "DAI", "price": 0.9998, "volatility": 0}""")));
        var book = BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.1.collateral.DAI", 1000));
        Assert.Equal(3, MarginInputs.Create(market, Params, book).Book.Accounts.Count);
    }

    [Fact]
    public void Inputs_HistoricalWithoutHistory_ErrorNamesHistory() =>
        ValidationAssert.Single(() => MarginInputs.Create(Market, Params.WithMethod(MarginMethod.Historical), Book), "history", "is required");

    [Fact]
    public void Inputs_HistoricalWithHistory_Accepted()
    {
        var history = PriceHistory.Create([new DailyClose(new DateOnly(2022, 11, 8), "BTC", 18547.23)]);
        Assert.Same(history, MarginInputs.Create(Market, Params.WithMethod(MarginMethod.Historical), Book, history).History);
    }
}
