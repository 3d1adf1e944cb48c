using System.Globalization;
using System.Numerics;
using System.Text.Json;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.MarketData;

/// <summary>Where oracle prices were read: a chain's block (for on-chain feeds).</summary>
/// <param name="ChainId">The chain's id.</param>
/// <param name="BlockNumber">The block the feeds were read at.</param>
/// <param name="BlockHash">The block's hash (0x-prefixed hex).</param>
public sealed record OracleMarketOrigin(long ChainId, long BlockNumber, string BlockHash);

/// <summary>
/// A market snapshot built from oracle prices and volatilities, with its provenance: for each asset
/// the feeds whose rounds went into the median (feed, round id, update time, raw answer, decimals,
/// price), the feeds dropped with their reasons, and how its volatility was obtained.
/// <see cref="CanonicalBytes"/> is the deterministic document whose Keccak-256 identifies the snapshot
/// and its sources (the same inputs give the same bytes; any change of a source changes them).
/// </summary>
public sealed class OracleMarketSnapshot
{
    private OracleMarketSnapshot(MarketSnapshot market, OraclePrices prices, IReadOnlyList<VolatilityEstimate> volatilities, OracleMarketOrigin? origin)
    {
        Market = market;
        Prices = prices;
        Volatilities = volatilities;
        Origin = origin;
    }

    /// <summary>The market snapshot (market.json): the date of the prices' time, the median prices and the volatilities.</summary>
    public MarketSnapshot Market { get; }

    /// <summary>The oracle prices with their sources and dropped feeds.</summary>
    public OraclePrices Prices { get; }

    /// <summary>The volatility of each asset, in the order of <see cref="Market"/>'s assets.</summary>
    public IReadOnlyList<VolatilityEstimate> Volatilities { get; }

    /// <summary>Where the prices were read, or null.</summary>
    public OracleMarketOrigin? Origin { get; }

    /// <summary>Builds the snapshot: one quote per priced asset (in the order of <paramref name="prices"/>), its
    /// price the median, its volatility from <paramref name="volatility"/> on the UTC date of the prices' time.
    /// Throws <see cref="InputValidationException"/> listing every asset whose volatility cannot be obtained
    /// (<c>history.ASSET</c>) and every invalid quote (<c>market.assets[i].price</c>).</summary>
    public static OracleMarketSnapshot Build(OraclePrices prices, OracleVolatility volatility, OracleMarketOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(volatility);
        if (origin is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(origin.BlockHash, nameof(origin));
        }

        var date = DateOnly.FromDateTime(prices.AsOf.UtcDateTime);
        var errors = new ValidationErrors();
        var estimates = new List<VolatilityEstimate>();
        var quotes = new List<AssetQuote>();
        foreach (var asset in prices.Assets)
        {
            try
            {
                var estimate = volatility.Estimate(asset.Asset, date);
                estimates.Add(estimate);
                quotes.Add(new AssetQuote(asset.Asset, (double)asset.Price, estimate.Volatility));
            }
            catch (InputValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        errors.ThrowIfAny();
        return new OracleMarketSnapshot(MarketSnapshot.Create(date, quotes), prices, estimates, origin);
    }

    /// <summary>The market in the market.json format.</summary>
    public byte[] MarketJson(bool indented = true) => MarketSnapshotJson.ToUtf8Bytes(Market, indented);

    /// <summary>The provenance record as JSON: <c>{"asOf", "origin", "assets": [{"symbol", "price", "sources": [...],
    /// "dropped": [...], "volatility": {...}}]}</c>. Round ids and answers are decimal strings (they exceed
    /// JSON's exact integers), prices decimal strings, times UTC ISO 8601.</summary>
    public byte[] ProvenanceJson(bool indented = true) => JsonOutput.ToBytes(indented, WriteProvenance);

    /// <summary>The document hashed to identify the snapshot: compact <c>{"market": market.json, "provenance": provenance}</c>.</summary>
    public byte[] CanonicalBytes() => JsonOutput.ToBytes(false, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("market");
        MarketSnapshotJson.Write(w, Market);
        w.WritePropertyName("provenance");
        WriteProvenance(w);
        w.WriteEndObject();
    });

    private void WriteProvenance(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("asOf", Time(Prices.AsOf));
        if (Origin is { } origin)
        {
            w.WriteStartObject("origin");
            w.WriteNumber("chainId", origin.ChainId);
            w.WriteNumber("blockNumber", origin.BlockNumber);
            w.WriteString("blockHash", origin.BlockHash);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("origin");
        }

        w.WriteStartArray("assets");
        for (var i = 0; i < Prices.Assets.Count; i++)
        {
            var asset = Prices.Assets[i];
            w.WriteStartObject();
            w.WriteString("symbol", asset.Asset);
            w.WriteString("price", Decimal(asset.Price));
            w.WriteStartArray("sources");
            foreach (var s in asset.Sources)
            {
                w.WriteStartObject();
                w.WriteString("feed", s.Source);
                w.WriteString("roundId", Integer(s.RoundId));
                w.WriteString("updatedAt", Time(s.UpdatedAt));
                w.WriteString("answer", Integer(s.Answer));
                w.WriteNumber("decimals", s.Decimals);
                w.WriteString("price", Decimal(s.Price));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("dropped");
            foreach (var d in asset.Dropped)
            {
                w.WriteStartObject();
                w.WriteString("feed", d.Source);
                if (d.RoundId is { } round)
                {
                    w.WriteString("roundId", Integer(round));
                }
                else
                {
                    w.WriteNull("roundId");
                }

                if (d.UpdatedAt is { } updated)
                {
                    w.WriteString("updatedAt", Time(updated));
                }
                else
                {
                    w.WriteNull("updatedAt");
                }

                w.WriteString("reason", JsonNamingPolicy.CamelCase.ConvertName(d.Reason.ToString()));
                w.WriteString("explanation", d.Explanation);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteVolatility(w, Volatilities[i]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteVolatility(Utf8JsonWriter w, VolatilityEstimate v)
    {
        w.WriteStartObject("volatility");
        w.WriteString("method", v.Method == VolatilityMethod.Dvol ? "dvol" : "ewma");
        w.WriteString("date", v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.Number("value", v.Volatility);
        if (v.Method == VolatilityMethod.Dvol)
        {
            w.Number("dvolClose", v.DvolClose!.Value);
        }
        else
        {
            w.WriteNumber("windowDays", v.WindowDays!.Value);
            w.Number("lambda", v.Lambda!.Value);
            w.WriteNumber("returns", v.Returns!.Value);
        }

        w.WriteEndObject();
    }

    private static string Integer(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
