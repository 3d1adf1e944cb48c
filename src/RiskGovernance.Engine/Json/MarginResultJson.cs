using System.Runtime.CompilerServices;
using System.Text.Json;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Json;

/// <summary>The margin result (FORMATS.md, output of <c>riskgov margin</c>): accounts in the order
/// they came in, statuses as "healthy" / "restricted" / "margin-call" / "liquidatable",
/// capitalEfficiency null when IM = 0, riskByAsset as an object.</summary>
public static class MarginResultJson
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Utf8JsonWriter writer, MarginResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("method", JsonNames.Of(result.Method));
        writer.WriteStartArray("accounts");
        foreach (var a in result.Accounts)
        {
            writer.WriteStartObject();
            writer.WriteString("id", a.Id);
            writer.Number("equity", a.Equity);
            writer.Number("risk", a.Risk);
            writer.Number("initialMargin", a.InitialMargin);
            writer.Number("maintenanceMargin", a.MaintenanceMargin);
            writer.Number("liquidationThreshold", a.LiquidationThreshold);
            writer.WriteString("status", JsonNames.Of(a.Status));
            writer.Number("isolatedInitialMargin", a.IsolatedInitialMargin);
            if (a.CapitalEfficiency is { } efficiency)
            {
                writer.Number("capitalEfficiency", efficiency);
            }
            else
            {
                writer.WriteNull("capitalEfficiency");
            }
            writer.WriteStartObject("riskByAsset");
            foreach (var r in a.RiskByAsset)
            {
                writer.Number(r.Asset, r.Risk);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            JsonOutput.FlushEvery(writer);
        }
        writer.WriteEndArray();
        var t = result.Totals;
        writer.WriteStartObject("totals");
        writer.WriteNumber("accounts", t.Accounts);
        writer.Number("equity", t.Equity);
        writer.Number("initialMargin", t.InitialMargin);
        writer.Number("maintenanceMargin", t.MaintenanceMargin);
        writer.Number("isolatedInitialMargin", t.IsolatedInitialMargin);
        writer.WriteStartObject("byStatus");
        foreach (var status in JsonNames.Statuses)
        {
            writer.WriteNumber(JsonNames.Of(status), t.ByStatus[status]);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8Bytes(MarginResult result, bool indented = true) =>
        JsonOutput.ToBytes(indented, w => Write(w, result));

    /// <summary>Writes the JSON text into a stream (UTF-8; indented with a final newline by default).</summary>
    public static void WriteTo(Stream stream, MarginResult result, bool indented = true) =>
        JsonOutput.ToStream(stream, indented, w => Write(w, result));
}
