using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using RiskGovernance.Primitives;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.Simulation;

/// <summary>How a shown impact compares with the simulation record the proposal carries.</summary>
public enum Reproduction
{
    /// <summary>The proposal has no simulation record yet (a Draft).</summary>
    NoRecord,

    /// <summary>The inputs differ from the recorded ones (the book or the engine changed since): not comparable.</summary>
    DifferentInputs,

    /// <summary>Same inputs, same result hash: the recorded simulation is reproduced.</summary>
    Reproduced,

    /// <summary>Same inputs, a different result hash.</summary>
    Differs,
}

/// <summary>A finished impact simulation: the stored result, its report and how it compares with the record.</summary>
/// <param name="Inputs">The inputs and their hashes.</param>
/// <param name="Stored">The stored compact impact JSON.</param>
/// <param name="Report">What the page shows of it.</param>
/// <param name="FromStore">True when it was served from the store without computing.</param>
/// <param name="Reproduction">Comparison with the proposal's record.</param>
public sealed record ImpactOutcome(ImpactSimulationInputs Inputs, StoredResult Stored, ImpactReport Report, bool FromStore, Reproduction Reproduction);

/// <summary>
/// Impact simulations of proposals (singleton): resolves the inputs (the current book and market,
/// the ratified set the proposal was drafted against, the proposed set), serves a stored result at
/// once, or runs the engine in a job shared by every viewer (<see cref="Jobs"/>) with progress and
/// cancellation and stores the compact impact JSON in <see cref="IResultStore"/> under
/// <see cref="ImpactSimulationInputs.Key"/>. The job goes on when its viewers leave; only the viewer
/// who started it may cancel it, and a cancelled job stores nothing.
/// </summary>
public sealed class ImpactSimulations : IDisposable
{
    private const int ReportCacheSize = 8;

    private readonly IBookStore _books;
    private readonly GovernanceService _committee;
    private readonly IProposalRepository _proposals;
    private readonly RegistryReader _registry;
    private readonly IResultStore _results;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Hash32, ImpactReport> _reports = new();

    /// <summary>Creates the service.</summary>
    public ImpactSimulations(
        IBookStore books, GovernanceService committee, IProposalRepository proposals, RegistryReader registry,
        IResultStore results, TimeProvider time, ILogger<ImpactSimulations> logger)
    {
        _books = books ?? throw new ArgumentNullException(nameof(books));
        _committee = committee ?? throw new ArgumentNullException(nameof(committee));
        _proposals = proposals ?? throw new ArgumentNullException(nameof(proposals));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _results = results ?? throw new ArgumentNullException(nameof(results));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(logger);
        Jobs = new SharedJobs<StoredResult>("impact simulation", LastViewerLeaving.JobGoesOn, logger);
    }

    /// <summary>The simulations running now, by result key (a job started by a viewer is cancelled only by that viewer).</summary>
    public SharedJobs<StoredResult> Jobs { get; }

    /// <summary>
    /// The inputs of <paramref name="proposal"/>'s impact: the current book and market, the ratified set
    /// it was drafted against (the current one, an executed proposal's, or the registry's version read
    /// back and checked against the hash), and its proposed set. Refused naming the field when the
    /// proposal has no parameter set, there is no book, or the base set cannot be found.
    /// </summary>
    public async Task<ImpactSimulationInputs> ResolveInputsAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.Kind != ProposalKind.Parameters || proposal.ParamsJson is null)
        {
            throw new InputValidationException("proposal.kind", "a membership proposal changes the committee, not the parameters: it has no impact simulation");
        }

        var book = await CurrentBookAsync(cancellationToken);
        var current = await BaseSetAsync(proposal, cancellationToken);
        var proposed = ParameterSetJson.Read(proposal.ParamsJson);
        return new ImpactSimulationInputs(SimulationInputs.On(book.Inputs, current, proposed), book.MarketHash, book.BookHash,
            OnChainParameterCodec.ParamsHash(current), OnChainParameterCodec.ParamsHash(proposed), SimulationRecord.CurrentEngineVersion,
            proposed.Simulation.Seed);
    }

    /// <summary>The current book and market as engine inputs (what drafts are simulated on).</summary>
    public async Task<(MarketSnapshot Market, Book Book)> CurrentMarketAndBookAsync(CancellationToken cancellationToken)
    {
        var book = await CurrentBookAsync(cancellationToken);
        return (book.Market, book.Book);
    }

    /// <summary>The current snapshot's market and book with its hashes (what a simulation record names).</summary>
    public async Task<SimulationBook> CurrentSimulationBookAsync(CancellationToken cancellationToken)
        => (await CurrentBookAsync(cancellationToken)).Inputs;

    /// <summary>The stored outcome for <paramref name="inputs"/>, or null when it was never computed.</summary>
    public async Task<ImpactOutcome?> FindStoredAsync(ImpactSimulationInputs inputs, SimulationRecord? record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var stored = await _results.FindAsync(inputs.Key, cancellationToken);
        return stored is null ? null : Outcome(inputs, stored, record, fromStore: true);
    }

    /// <summary>
    /// The running job for <paramref name="inputs"/>, or a new one started by <paramref name="owner"/> (who
    /// alone may cancel it). The job first looks in the store (another job may just have stored it), then
    /// runs the engine.
    /// </summary>
    public SharedJob<StoredResult> Start(ImpactSimulationInputs inputs, string owner)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Jobs.Start(inputs.Key, owner, new JobWork<StoredResult>(
            token => _results.FindAsync(inputs.Key, token),
            (progress, token) => Task.FromResult(Compute(inputs, progress, token)),
            async computed =>
            {
                await _results.SaveAsync(computed, CancellationToken.None);
                return computed;
            }));
    }

    /// <summary>
    /// The outcome of <paramref name="inputs"/>: from the store, or computed (joining a running job)
    /// and stored. <paramref name="cancellationToken"/> only stops waiting; the job goes on.
    /// </summary>
    public async Task<ImpactOutcome> GetOrRunAsync(ImpactSimulationInputs inputs, SimulationRecord? record, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (await FindStoredAsync(inputs, record, cancellationToken) is { } stored)
        {
            return stored;
        }

        var result = await Start(inputs, owner).WaitAsync(null, cancellationToken);
        return Outcome(inputs, result, record, fromStore: false);
    }

    /// <summary>The outcome of a finished job's result.</summary>
    public ImpactOutcome Outcome(ImpactSimulationInputs inputs, StoredResult stored, SimulationRecord? record, bool fromStore)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(stored);
        var report = _reports.GetOrAdd(stored.Key, _ => ImpactReport.Parse(stored.ResultJson));
        if (_reports.Count > ReportCacheSize)
        {
            foreach (var key in _reports.Keys.Where(k => k != stored.Key).Take(_reports.Count - ReportCacheSize))
            {
                _reports.TryRemove(key, out _);
            }
        }

        var reproduction = record is null ? Reproduction.NoRecord
            : !inputs.Matches(record) ? Reproduction.DifferentInputs
            : record.ResultHash == stored.ResultHash ? Reproduction.Reproduced
            : Reproduction.Differs;
        return new ImpactOutcome(inputs, stored, report, fromStore, reproduction);
    }

    /// <inheritdoc />
    public void Dispose() => Jobs.Dispose();

    private StoredResult Compute(ImpactSimulationInputs inputs, IProgress<JobProgress> progress, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        var engine = new MarginEngine(new MarginEngineOptions(Math.Max(1, Environment.ProcessorCount / 2)));
        var i = inputs.Inputs;
        var result = engine.Impact(MarginInputs.Create(i.Market, i.Current, i.Book), i.Proposed, new ImpactProgress(progress), token);
        token.ThrowIfCancellationRequested();
        var json = Encoding.UTF8.GetString(ImpactResultJson.ToUtf8Bytes(result, indented: false));
        return new StoredResult(inputs.Key, ImpactSimulationInputs.ResultKind, json, SimulationRecord.ResultHashOf(result), watch.Elapsed,
            _time.GetUtcNow());
    }

    private async Task<BookSnapshot> CurrentBookAsync(CancellationToken cancellationToken)
        => await _books.GetCurrentAsync(cancellationToken)
           ?? throw new InputValidationException("book", "no book is stored yet: the portal has nothing to simulate on");

    private async Task<ParameterSet> BaseSetAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        var ratified = await _committee.GetInForceAsync(cancellationToken);
        if (ratified is not null && ratified.ParamsHash == proposal.BaseParamsHash)
        {
            return ParameterSetJson.Read(ratified.ParamsJson);
        }

        var executed = await _proposals.ListAsync(ProposalState.Executed, cancellationToken);
        if (executed.FirstOrDefault(p => p.ParamsHash == proposal.BaseParamsHash && p.ParamsJson is not null) is { } earlier)
        {
            return ParameterSetJson.Read(earlier.ParamsJson!);
        }

        if (proposal.BaseVersion > 0)
        {
            var onChain = OnChainParameterCodec.FromOnChain(await _registry.GetParametersAsync(proposal.BaseVersion, cancellationToken));
            if (OnChainParameterCodec.ParamsHash(onChain) == proposal.BaseParamsHash)
            {
                return onChain;
            }
        }

        throw new InputValidationException("proposal.baseParamsHash",
            $"the ratified set this proposal was drafted against (version {proposal.BaseVersion}, {proposal.BaseParamsHash}) is not available");
    }

    /// <summary>The engine's progress of both margin runs as one job's: the current set is the first half, the proposed one the second.</summary>
    private sealed class ImpactProgress(IProgress<JobProgress> job) : IProgress<MarginProgress>
    {
        private readonly Lock _gate = new();
        private double _fraction;

        public void Report(MarginProgress value)
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                var half = value.Stage.StartsWith("proposed", StringComparison.Ordinal) ? 0.5 : 0.0;
                _fraction = Math.Max(_fraction, half + (Math.Clamp(value.Fraction, 0, 1) / 2));
                job.Report(new JobProgress(value.Stage, _fraction));
            }
        }
    }
}
