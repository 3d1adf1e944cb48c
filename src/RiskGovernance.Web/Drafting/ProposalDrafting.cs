using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Drafting;

/// <summary>Where a new proposal starts: the set in force, its version and the registry's bounds.</summary>
/// <param name="Version">Registry version of the set in force.</param>
/// <param name="Parameters">The set in force.</param>
/// <param name="Bounds">The registry's hard limits and step bounds.</param>
public sealed record DraftStart(long Version, ParameterSet Parameters, RegistryBounds Bounds);

/// <summary>The impact of an edited set on the current book, before submitting.</summary>
/// <param name="Summary">Totals and accounts by status, before and after.</param>
/// <param name="NewlyLiquidatable">Accounts that become liquidatable.</param>
/// <param name="ChangeInitialMargin">Change of total initial margin.</param>
/// <param name="BookSource">Where the book came from.</param>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Elapsed">How long the simulation took.</param>
/// <param name="ComputedAt">When the simulation ran.</param>
/// <param name="Reused">True when the result was read from the stored results instead of computed again.</param>
public sealed record ImpactPreview(
    ImpactSummary Summary, int NewlyLiquidatable, double ChangeInitialMargin, string BookSource, DateOnly AsOf, TimeSpan Elapsed,
    DateTimeOffset ComputedAt, bool Reused = false);

/// <summary>What the user submits.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="ParamsJson">The complete proposed params.json.</param>
public sealed record ProposalSubmission(string Title, string Rationale, string ParamsJson);

/// <summary>
/// The New proposal use cases: the starting point, the impact preview on the current book and
/// the submission (draft, attach the simulation, open voting) by a committee member, checked on
/// the server whatever the page shows.
/// </summary>
public sealed class ProposalDrafting(
    CurrentUser currentUser,
    GovernanceService governance,
    IBookStore books,
    IResultStore results,
    TimeProvider time)
{
    /// <summary>The <see cref="StoredResult.Kind"/> of a stored preview.</summary>
    public const string PreviewKind = "impact-preview";

    /// <summary>The action name in refusals.</summary>
    public const string ProposeAction = "propose a parameter change";

    /// <summary>The ratified set to start from; a portal without one is an error naming <c>ratified</c>.</summary>
    public async Task<DraftStart> StartAsync(CancellationToken cancellationToken)
    {
        var ratified = await governance.GetInForceAsync(cancellationToken)
                       ?? throw new InputValidationException("ratified", "there is no ratified parameter set yet");
        return new DraftStart(ratified.Version, ParameterSetJson.Read(ratified.ParamsJson), await governance.GetBoundsAsync(cancellationToken));
    }

    /// <summary>
    /// Runs the engine's impact of <paramref name="proposed"/> against the ratified set on the
    /// current book, off the caller's thread, reporting progress in [0, 1]; cancellable. The
    /// result is stored (<see cref="IResultStore"/>, keyed by the hashes of the market, the book,
    /// both sets, the engine version and the seed) and reused when the same preview is asked again.
    /// </summary>
    public async Task<ImpactPreview> PreviewAsync(ParameterSet proposed, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var start = await StartAsync(cancellationToken);
        var (snapshot, market, book) = await LoadBookAsync(cancellationToken);
        var key = await Task.Run(() => PreviewKey(SimulationInputs.On(snapshot.Inputs, start.Parameters, proposed)), cancellationToken);
        var stored = await results.FindAsync(key, cancellationToken);
        if (stored is not null && stored.Kind == PreviewKind && JsonSerializer.Deserialize<ImpactPreview>(stored.ResultJson) is { } reused)
        {
            progress?.Report(1);
            return reused with { Reused = true };
        }

        var clock = Stopwatch.StartNew();
        var result = await Task.Run(() =>
        {
            var inputs = MarginInputs.Create(market, start.Parameters, book);
            return new MarginEngine(new MarginEngineOptions(1)).Impact(inputs, proposed, progress is null ? null : new StagedProgress(progress), cancellationToken);
        }, cancellationToken);
        var newly = result.Accounts.Count(a => a.ProposedStatus == MarginStatus.Liquidatable && a.CurrentStatus != MarginStatus.Liquidatable);
        var preview = new ImpactPreview(ImpactSummary.Of(result), newly, result.Totals.ChangeInitialMargin, snapshot.Source, snapshot.AsOf, clock.Elapsed,
            time.GetUtcNow());
        var json = JsonSerializer.Serialize(preview);
        await results.SaveAsync(new StoredResult(key, PreviewKind, json, Hash32.Keccak(Encoding.UTF8.GetBytes(json)), clock.Elapsed, preview.ComputedAt),
            CancellationToken.None);
        return preview;
    }

    /// <summary>The stored-result key of a preview: keccak of its kind, the input hashes, the engine version and the seed.</summary>
    public static Hash32 PreviewKey(SimulationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var text = string.Join('|', PreviewKind, inputs.MarketHash(), inputs.BookHash(), OnChainParameterCodec.ParamsHash(inputs.Current),
            OnChainParameterCodec.ParamsHash(inputs.Proposed), SimulationRecord.CurrentEngineVersion,
            inputs.Proposed.Simulation.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Hash32.Keccak(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// Submits a proposal: only a committee member (<see cref="CurrentUser.RequireMemberAsync"/>,
    /// <see cref="UnauthorizedActionException"/> otherwise, nothing stored); drafts it, attaches
    /// the impact simulation on the current book and opens voting. Returns the proposal id.
    /// </summary>
    public async Task<Hash32> SubmitAsync(ProposalSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var user = await currentUser.RequireMemberAsync(ProposeAction, cancellationToken);
        var author = user.Address!.Value;
        var e = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(submission.Title))
        {
            e.Add("title", "is required");
        }
        else if (submission.Title.Length > Proposal.MaxTitleLength)
        {
            e.Add("title", $"must be at most {Proposal.MaxTitleLength} characters");
        }

        if (string.IsNullOrWhiteSpace(submission.Rationale))
        {
            e.Add("rationale", "is required");
        }
        else if (submission.Rationale.Length > Proposal.MaxRationaleLength)
        {
            e.Add("rationale", $"must be at most {Proposal.MaxRationaleLength} characters");
        }

        e.ThrowIfAny();
        var (snapshot, _, _) = await LoadBookAsync(cancellationToken);
        var draft = await governance.DraftParametersAsync(
            new DraftParametersCommand(submission.Title.Trim(), submission.Rationale.Trim(), author, submission.ParamsJson), cancellationToken);
        await DraftOpening.OpenOrWithdrawAsync(
            governance, draft.Id, author, () => Task.Run(() => governance.AttachSimulationAsync(draft.Id, author, snapshot.Inputs, cancellationToken), cancellationToken), cancellationToken);

        return draft.Id;
    }

    private async Task<(BookSnapshot Snapshot, MarketSnapshot Market, Book Book)> LoadBookAsync(CancellationToken cancellationToken)
    {
        var snapshot = await books.GetCurrentAsync(cancellationToken)
                       ?? throw new InputValidationException("book", "there is no current book to simulate on");
        return (snapshot, snapshot.Market, snapshot.Book);
    }

    /// <summary>Maps the engine's two stages ("current: ...", "proposed: ...") onto one fraction.</summary>
    private sealed class StagedProgress(IProgress<double> target) : IProgress<MarginProgress>
    {
        public void Report(MarginProgress value)
        {
            var offset = value.Stage.StartsWith("proposed", StringComparison.Ordinal) ? 0.5 : 0.0;
            target.Report(offset + (0.5 * Math.Clamp(value.Fraction, 0, 1)));
        }
    }
}
