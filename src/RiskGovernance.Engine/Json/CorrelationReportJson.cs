using System.Text.Json;
using RiskGovernance.Engine.Correlation;

namespace RiskGovernance.Engine.Json;

/// <summary>The output of <c>riskgov correlation check</c>: <c>{assets, eigenvalues,
/// smallestEigenvalue, positiveSemidefinite, valid, nearestCorrelation (null when valid),
/// repairDistance}</c>.</summary>
public static class CorrelationReportJson
{
    public static void Write(Utf8JsonWriter writer, CorrelationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteStartObject();
        writer.WriteStartArray("assets");
        foreach (var a in report.Assets)
        {
            writer.WriteStringValue(a);
        }
        writer.WriteEndArray();
        writer.NumberArray("eigenvalues", report.Eigenvalues);
        writer.Number("smallestEigenvalue", report.SmallestEigenvalue);
        writer.WriteBoolean("positiveSemidefinite", report.IsPositiveSemidefinite);
        writer.WriteBoolean("valid", report.IsValid);
        if (report.Repaired is { } repaired)
        {
            writer.NumberMatrix("nearestCorrelation", repaired);
        }
        else
        {
            writer.WriteNull("nearestCorrelation");
        }
        writer.Number("repairDistance", report.RepairDistance);
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8Bytes(CorrelationReport report, bool indented = true) =>
        JsonOutput.ToBytes(indented, w => Write(w, report));
}
