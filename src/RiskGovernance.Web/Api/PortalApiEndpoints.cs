using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Api;

/// <summary>
/// The JSON API for bots: read-only views of the ratified parameters, the proposals (with their
/// diff, simulation record and re-verified votes) and the committee, plus the one write anyone
/// signed in may do, executing a due proposal. Bad ids are 400 naming "id"; unknown ones 404;
/// every error is a JSON problem body.
/// </summary>
public static class PortalApiEndpoints
{
    /// <summary>Maps /api/*.</summary>
    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api").WithTags("api").WithJsonBodyLimit();
        api.MapGet("/parameters/current", CurrentParametersAsync);
        api.MapGet("/proposals", ListProposalsAsync);
        api.MapGet("/proposals/{id}", GetProposalAsync);
        api.MapGet("/committee", CommitteeAsync);

        // Cookie-authenticated JSON writes: no antiforgery token (see IdentityEndpoints); SameSite=Strict
        // and the required application/json content type keep other sites out.
        api.MapPost("/proposals/{id}/execute", ExecuteAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> CurrentParametersAsync(GovernanceService committee, IProposalRepository proposals, CancellationToken ct)
    {
        var ratified = await committee.GetInForceAsync(ct);
        if (ratified is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found", "parameters: no parameter set has been ratified yet.");
        }

        var executed = (await proposals.ListAsync(ProposalState.Executed, ct)).FirstOrDefault(p => p.ExecutedVersion == ratified.Version);
        var ratifiedAt = executed?.Timeline.LastOrDefault(t => t.To == ProposalState.Executed)?.At;
        using var document = JsonDocument.Parse(ratified.ParamsJson);
        return Results.Ok(new CurrentParametersResponse(ratified.Version, ratified.ParamsHash.ToString(), document.RootElement.Clone(),
            ratifiedAt, executed?.Id.ToString()));
    }

    private static async Task<IResult> ListProposalsAsync(string? state, IProposalRepository proposals, GovernanceService governance, CancellationToken ct)
    {
        ProposalState? filter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            // Exactly one state's name: Enum.TryParse would also take numbers ("3") and flag lists ("Active,Queued").
            var name = Enum.GetNames<ProposalState>().FirstOrDefault(n => n.Equals(state.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                var shown = state.Length > 70 ? state[..70] + "..." : state;
                return ApiProblems.Validation("state", $"'{shown}' is not a state; use exactly one of {string.Join(", ", Enum.GetNames<ProposalState>())}");
            }

            filter = Enum.Parse<ProposalState>(name);
        }

        var list = await proposals.ListAsync(filter, ct);
        var rows = new List<ProposalSummaryResponse>();
        foreach (var p in list)
        {
            rows.Add(ProposalSummaryResponse.Of(p, await TallyAsync(governance, p, ct)));
        }

        return Results.Ok(rows);
    }

    private static async Task<IResult> GetProposalAsync(string id, IProposalRepository proposals, GovernanceService governance, CancellationToken ct)
    {
        if (!TryParseId(id, out var proposalId, out var problem))
        {
            return problem;
        }

        var proposal = await proposals.GetAsync(proposalId, ct);
        return proposal is null
            ? NotFound(proposalId)
            : Results.Ok(await DetailAsync(governance, proposal, ct));
    }

    private static async Task<IResult> CommitteeAsync(GovernanceService committee, CancellationToken ct)
        => Results.Ok(CommitteeResponse.Of(await committee.GetCommitteeAsync(ct)));

    private static async Task<IResult> ExecuteAsync(
        string id, HttpContext context, GovernanceService committee, GovernanceService governance, CancellationToken ct)
    {
        var user = await CurrentUser.ResolveAsync(context.User, committee, ct);
        if (!user.IsSignedIn)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in first",
                "execute: only signed-in wallets may execute a proposal; you are not signed in (POST /auth/challenge, then /auth/login).");
        }

        if (!PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }

        if (!TryParseId(id, out var proposalId, out var problem))
        {
            return problem;
        }

        try
        {
            var executed = await governance.ExecuteAsync(proposalId, user.Address!.Value, ct);
            return Results.Ok(await DetailAsync(governance, executed, ct));
        }
        catch (ProposalNotFoundException)
        {
            return NotFound(proposalId);
        }
        catch (IllegalTransitionException e)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Not due for execution", $"state: {e.Message}",
                new Dictionary<string, object?> { ["state"] = e.State.ToString() });
        }
        catch (RegistryRefusedException e)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "The registry refuses", e.Message,
                new Dictionary<string, object?> { ["registryError"] = e.ErrorName, ["field"] = e.Field });
        }
        catch (Exception e) when (ChainErrors.IsChainError(e))
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "The chain refused or did not answer", $"chain: {ChainErrors.NodeMessage(e)}");
        }
    }

    private static bool TryParseId(string id, out Hash32 proposalId, out IResult problem)
    {
        proposalId = default;
        problem = Results.Empty;
        try
        {
            if (id is null || !id.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || id.Length != 66)
            {
                throw new ArgumentException("must be 0x followed by 64 hex digits", nameof(id));
            }

            proposalId = Hash32.Parse(id, "id");
            return true;
        }
        catch (ArgumentException e)
        {
            problem = ApiProblems.Validation("id", $"'{(id is { Length: > 70 } ? id[..70] + "..." : id)}' is not a proposal id: {ApiProblems.MessageOf(e, "id")}");
            return false;
        }
    }

    private static IResult NotFound(Hash32 id)
        => ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found", $"id: no proposal {id}.");

    /// <summary>The registry's tally of an opened proposal; null for a draft or when the chain cannot be read (the answer then says nothing rather than guess).</summary>
    private static async Task<RegistryTally?> TallyAsync(GovernanceService governance, Proposal p, CancellationToken ct)
    {
        if (p.State == ProposalState.Draft)
        {
            return null;
        }

        try
        {
            return await governance.Registry.GetTallyAsync(p.Id, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<ProposalDetailResponse> DetailAsync(GovernanceService governance, Proposal p, CancellationToken ct)
    {
        long? current;
        try
        {
            current = await governance.Registry.GetCurrentVersionAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            current = null;
        }

        return ProposalDetailResponse.Of(p, governance.VerifyVote, await TallyAsync(governance, p, ct), current);
    }
}
