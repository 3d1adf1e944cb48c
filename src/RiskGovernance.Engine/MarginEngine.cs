using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Simulation;

namespace RiskGovernance.Engine;

/// <summary>Options of the <see cref="MarginEngine"/>.</summary>
/// <param name="MaxDegreeOfParallelism">Threads used over account blocks; -1 uses every core.
/// Results are bit-identical whatever the value.</param>
public sealed record MarginEngineOptions(int MaxDegreeOfParallelism = -1);

/// <summary>Progress of a long run: the stage and the fraction of it done, in [0, 1].</summary>
public sealed record MarginProgress(string Stage, double Fraction);

/// <summary>The façade of the margin methodology: margins a validated book under a parameter set
/// (grid, Monte Carlo or historical) and compares two parameter sets on the same book. Stateless
/// apart from its options; safe to share between threads.</summary>
public sealed class MarginEngine
{
    private readonly MarginEngineOptions _options;

    public MarginEngine(MarginEngineOptions? options = null)
    {
        _options = options ?? new MarginEngineOptions();
        if (_options.MaxDegreeOfParallelism == 0 || _options.MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be -1 (all cores) or >= 1");
        }
    }

    /// <summary>Margins every account of the book with the method the parameter set names.</summary>
    /// <exception cref="Validation.InputValidationException">The historical method finds fewer than
    /// 100 usable dates (field <c>history</c>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public MarginResult Margin(MarginInputs inputs, IProgress<MarginProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ct.ThrowIfCancellationRequested();
        return Run(inputs, progress, stagePrefix: "", ct);
    }

    /// <summary>The impact of <paramref name="proposed"/> on the book of <paramref name="current"/>:
    /// both margin results and the per-account and total comparison. It costs the two margin runs.</summary>
    /// <exception cref="Validation.InputValidationException">The proposed set does not fit the market or book.</exception>
    public ImpactResult Impact(
        MarginInputs current, ParameterSet proposed, IProgress<MarginProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        var proposedInputs = current.WithParameters(proposed);
        ct.ThrowIfCancellationRequested();
        var before = Run(current, progress, "current: ", ct);
        var after = Run(proposedInputs, progress, "proposed: ", ct);
        return ImpactAnalysis.Compare(before, after);
    }

    private MarginResult Run(MarginInputs inputs, IProgress<MarginProgress>? progress, string stagePrefix, CancellationToken ct)
    {
        var parameters = inputs.Parameters;
        var book = ResolvedBook.Create(inputs);
        var dop = _options.MaxDegreeOfParallelism;
        var total = Math.Max(1, book.Accounts.Length);
        switch (parameters.Method)
        {
            case MarginMethod.Grid:
                return GridCalculator.Compute(book, parameters, dop, Reporter(progress, stagePrefix + "grid", total, 0, 1), ct);
            case MarginMethod.MonteCarlo:
                return SimulationCalculator.MonteCarlo(book, parameters, dop,
                    (pass, passes) => Reporter(progress, stagePrefix + "montecarlo", total, pass, passes), ct);
            case MarginMethod.Historical:
                return SimulationCalculator.Historical(book, parameters, inputs.Market.AsOf, inputs.History!, dop,
                    Reporter(progress, stagePrefix + "historical", total, 0, 1), ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(inputs), parameters.Method, "unknown margin method");
        }
    }

    private static Action<int>? Reporter(IProgress<MarginProgress>? progress, string stage, int total, int pass, int passes) =>
        progress is null ? null : done => progress.Report(new MarginProgress(stage, (pass + ((double)done / total)) / passes));
}
