using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Json;

/// <summary>market.json (FORMATS.md): <c>{"asOf": "yyyy-MM-dd", "assets": [{"symbol", "price",
/// "volatility"}]}</c>. Fields are named <c>market.assets[2].price</c>.</summary>
public static class MarketSnapshotJson
{
    private const string Root = "market";
    private static readonly ImmutableArray<string> RootNames = ["asOf", "assets"];
    private static readonly ImmutableArray<string> AssetNames = ["symbol", "price", "volatility"];

    /// <summary>Reads and validates a market snapshot; throws <see cref="InputValidationException"/>
    /// listing every problem (structure and values).</summary>
    public static MarketSnapshot Read(ReadOnlyMemory<byte> utf8)
    {
        var input = new JsonInput();
        using var document = input.Parse(utf8, Root);
        var slots = new JsonElement[RootNames.Length];
        if (document is null || !input.Object(document.RootElement, Root, RootNames, slots))
        {
            throw input.Failure();
        }
        var asOf = DateOnly.MinValue;
        var asOfText = input.String(slots[0], "market.asOf");
        if (slots[0].ValueKind == JsonValueKind.String
            && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            input.Add("market.asOf", $"must be a date written yyyy-MM-dd (got \"{asOfText}\")");
        }
        var quotes = new List<AssetQuote>();
        if (input.Array(slots[1], "market.assets"))
        {
            var i = 0;
            var assetSlots = new JsonElement[AssetNames.Length];
            foreach (var item in slots[1].EnumerateArray())
            {
                var path = JsonInput.Item("market.assets", i++);
                System.Array.Clear(assetSlots);
                input.Object(item, path, AssetNames, assetSlots);
                quotes.Add(new AssetQuote(
                    input.String(assetSlots[0], $"{path}.symbol"),
                    input.Number(assetSlots[1], $"{path}.price"),
                    input.Number(assetSlots[2], $"{path}.volatility")));
            }
        }
        return input.Finish(() => MarketSnapshot.Create(asOf, quotes));
    }

    public static MarketSnapshot Read(string json) => Read(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Writes a snapshot in the market.json format.</summary>
    public static void Write(Utf8JsonWriter writer, MarketSnapshot market)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(market);
        writer.WriteStartObject();
        writer.WriteString("asOf", market.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteStartArray("assets");
        foreach (var a in market.Assets)
        {
            writer.WriteStartObject();
            writer.WriteString("symbol", a.Symbol);
            writer.Number("price", a.Price);
            writer.Number("volatility", a.Volatility);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8Bytes(MarketSnapshot market, bool indented = true) =>
        JsonOutput.ToBytes(indented, w => Write(w, market));
}
