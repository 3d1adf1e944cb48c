using RiskGovernance.Primitives;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Web.History;

/// <summary>
/// The input files of a proposal's history results, so that anyone can re-run them with the
/// <c>riskgov</c> command lines the panels show: <c>GET /proposals/{id}/history/inputs/{file}</c>
/// with file market.json, book.json (the compact JSON whose keccak is the hash shown), current.json
/// or proposed.json (canonical JSON of the set whose params hash is shown).
/// </summary>
public static class HistoryEndpoints
{
    /// <summary>The files served.</summary>
    public static IReadOnlyList<string> Files { get; } = ["market.json", "book.json", "current.json", "proposed.json"];

    /// <summary>Maps the input download endpoint.</summary>
    public static IEndpointRouteBuilder MapProposalHistory(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/proposals/{id}/history/inputs/{file}", async (string id, string file, ProposalRiskAnalysis analysis, CancellationToken ct) =>
        {
            if (!Files.Contains(file))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown file",
                    detail: $"file: must be one of {string.Join(", ", Files)} (got \"{file}\")");
            }

            Hash32 proposalId;
            try
            {
                proposalId = Hash32.Parse(id, "proposal");
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a proposal id",
                    detail: $"proposal: \"{id}\" is not a proposal id (0x and 64 hex digits)");
            }

            ProposalHistoryInputs inputs;
            try
            {
                inputs = await analysis.LoadInputsAsync(proposalId, ct);
            }
            catch (InputValidationException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No history inputs",
                    detail: string.Join("; ", ex.Errors.Select(e => $"{e.Field}: {e.Message}")));
            }

            var bytes = file switch
            {
                "market.json" => MarketSnapshotJson.ToUtf8Bytes(inputs.Market, indented: false),
                "book.json" => BookJson.ToUtf8Bytes(inputs.Book, indented: false),
                "current.json" => ParameterSetJson.ToCanonicalJson(inputs.Current),
                _ => ParameterSetJson.ToCanonicalJson(inputs.Proposed),
            };
            return Results.File(bytes, "application/json", file);
        });
        return app;
    }
}
