using System.Runtime.CompilerServices;
using System.Text.Json;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Json;

/// <summary>The impact result (FORMATS.md, output of <c>riskgov impact</c>): <c>current</c> and
/// <c>proposed</c> margin results, per account <c>{id, deltaInitialMargin, currentStatus,
/// proposedStatus, collateralToStayHealthy}</c>, and <c>totals</c> with the transition matrix as an
/// object from-status -> to-status -> count.</summary>
public static class ImpactResultJson
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Utf8JsonWriter writer, ImpactResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WritePropertyName("current");
        MarginResultJson.Write(writer, result.Current);
        writer.WritePropertyName("proposed");
        MarginResultJson.Write(writer, result.Proposed);
        writer.WriteStartArray("accounts");
        foreach (var a in result.Accounts)
        {
            writer.WriteStartObject();
            writer.WriteString("id", a.Id);
            writer.Number("deltaInitialMargin", a.DeltaInitialMargin);
            writer.WriteString("currentStatus", JsonNames.Of(a.CurrentStatus));
            writer.WriteString("proposedStatus", JsonNames.Of(a.ProposedStatus));
            writer.Number("collateralToStayHealthy", a.CollateralToStayHealthy);
            writer.WriteEndObject();
            JsonOutput.FlushEvery(writer);
        }
        writer.WriteEndArray();
        var t = result.Totals;
        writer.WriteStartObject("totals");
        writer.Number("changeInitialMargin", t.ChangeInitialMargin);
        writer.WriteNumber("statusWorse", t.StatusWorse);
        writer.WriteNumber("statusBetter", t.StatusBetter);
        writer.WriteStartObject("transitionMatrix");
        foreach (var from in JsonNames.Statuses)
        {
            writer.WriteStartObject(JsonNames.Of(from));
            foreach (var to in JsonNames.Statuses)
            {
                writer.WriteNumber(JsonNames.Of(to), t.TransitionMatrix[(int)from][(int)to]);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.Number("collateralToStayHealthy", t.CollateralToStayHealthy);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8Bytes(ImpactResult result, bool indented = true) =>
        JsonOutput.ToBytes(indented, w => Write(w, result));

    /// <summary>Writes the JSON text into a stream (UTF-8; indented with a final newline by default).</summary>
    public static void WriteTo(Stream stream, ImpactResult result, bool indented = true) =>
        JsonOutput.ToStream(stream, indented, w => Write(w, result));
}
