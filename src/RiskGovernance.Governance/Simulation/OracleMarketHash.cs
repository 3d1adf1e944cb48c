using RiskGovernance.Engine.MarketData;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Simulation;

/// <summary>The identity of an oracle market snapshot for simulation records: Keccak-256 of its
/// <see cref="OracleMarketSnapshot.CanonicalBytes"/> (the compact market.json and its provenance: every
/// feed's round, answer and update time, the dropped feeds with their reasons, and each volatility's source).</summary>
public static class OracleMarketHash
{
    /// <summary>keccak256(canonical market JSON + provenance) of <paramref name="snapshot"/>.</summary>
    public static Hash32 Of(OracleMarketSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Hash32.Keccak(snapshot.CanonicalBytes());
    }

    /// <summary>
    /// The same hash from the stored texts: keccak256 of the compact <c>{"market": market, "provenance": provenance}</c>,
    /// where <paramref name="marketJson"/> is the compact market.json and <paramref name="provenanceJson"/> the compact
    /// provenance (<see cref="OracleMarketSnapshot.ProvenanceJson"/> with indented false).
    /// </summary>
    /// <exception cref="RiskGovernance.Engine.Validation.InputValidationException">A text that is not one compact JSON value, naming it.</exception>
    public static Hash32 Of(ReadOnlySpan<byte> marketJson, ReadOnlySpan<byte> provenanceJson)
    {
        using var buffer = new MemoryStream(marketJson.Length + provenanceJson.Length + 32);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("market");
            WriteRaw(writer, marketJson, "market");
            writer.WritePropertyName("provenance");
            WriteRaw(writer, provenanceJson, "marketProvenance");
            writer.WriteEndObject();
        }

        return Hash32.Keccak(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void WriteRaw(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> json, string field)
    {
        try
        {
            writer.WriteRawValue(json, skipInputValidation: false);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new RiskGovernance.Engine.Validation.InputValidationException(field, "is not one JSON value");
        }
        catch (ArgumentException)
        {
            throw new RiskGovernance.Engine.Validation.InputValidationException(field, "is not one JSON value");
        }
    }
}
