using System.Globalization;
using System.Reflection;
using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Registry;

namespace RiskGovernance.Governance.Simulation;

/// <summary>
/// A market and a book with the hashes a simulation record names for them: those of the snapshot
/// they were stored as (<see cref="Ports.BookSnapshot.Inputs"/>), where an oracle market's hash
/// covers its provenance too; <see cref="Of"/> computes the plain hashes of the compact JSON.
/// </summary>
/// <param name="Market">Market snapshot.</param>
/// <param name="Book">Book.</param>
/// <param name="MarketHash">The market's hash.</param>
/// <param name="BookHash">keccak of the book's compact JSON.</param>
public sealed record SimulationBook(MarketSnapshot Market, Book Book, Hash32 MarketHash, Hash32 BookHash)
{
    /// <summary>A market and a book without a stored snapshot: keccak of their compact JSON.</summary>
    public static SimulationBook Of(MarketSnapshot market, Book book)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(book);
        return new SimulationBook(market, book, Hash32.Keccak(MarketSnapshotJson.ToUtf8Bytes(market, indented: false)),
            Hash32.Keccak(BookJson.ToUtf8Bytes(book, indented: false)));
    }
}

/// <summary>The inputs of an impact simulation: the market snapshot, the book, the ratified and the proposed set.</summary>
/// <param name="Market">Market snapshot.</param>
/// <param name="Book">Book.</param>
/// <param name="Current">Ratified parameter set.</param>
/// <param name="Proposed">Proposed parameter set.</param>
public sealed record SimulationInputs(MarketSnapshot Market, Book Book, ParameterSet Current, ParameterSet Proposed)
{
    // The snapshot's hashes, each with the object it is the hash of: a copy made with another market or
    // book (a with expression) does not carry a hash that is not its own.
    private (MarketSnapshot Of, Hash32 Hash)? _marketHash;
    private (Book Of, Hash32 Hash)? _bookHash;

    /// <summary>The inputs on a stored snapshot's market and book, with that snapshot's hashes (no re-hashing).</summary>
    public static SimulationInputs On(SimulationBook book, ParameterSet current, ParameterSet proposed)
    {
        ArgumentNullException.ThrowIfNull(book);
        return new SimulationInputs(book.Market, book.Book, current, proposed) { _marketHash = (book.Market, book.MarketHash), _bookHash = (book.Book, book.BookHash) };
    }

    /// <summary>The market's hash: the snapshot's (<see cref="On"/>), else keccak of the market snapshot's compact JSON.</summary>
    public Hash32 MarketHash()
    {
        if (_marketHash is not { } known || !ReferenceEquals(known.Of, Market))
        {
            _marketHash = known = (Market, Hash32.Keccak(MarketSnapshotJson.ToUtf8Bytes(Market, indented: false)));
        }

        return known.Hash;
    }

    /// <summary>keccak of the book's compact JSON (the snapshot's, computed when it was stored, for <see cref="On"/>).</summary>
    public Hash32 BookHash()
    {
        if (_bookHash is not { } known || !ReferenceEquals(known.Of, Book))
        {
            _bookHash = known = (Book, Hash32.Keccak(BookJson.ToUtf8Bytes(Book, indented: false)));
        }

        return known.Hash;
    }

    /// <summary>Equal inputs: the same market, book and sets (the remembered hashes are not part of it).</summary>
    public bool Equals(SimulationInputs? other)
        => other is not null
           && EqualityComparer<MarketSnapshot>.Default.Equals(Market, other.Market) && EqualityComparer<Book>.Default.Equals(Book, other.Book)
           && EqualityComparer<ParameterSet>.Default.Equals(Current, other.Current) && EqualityComparer<ParameterSet>.Default.Equals(Proposed, other.Proposed);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Market, Book, Current, Proposed);
}

/// <summary>What voters see of an impact simulation.</summary>
/// <param name="Accounts">Accounts in the book.</param>
/// <param name="TotalImBefore">Total initial margin under the ratified set.</param>
/// <param name="TotalImAfter">Total initial margin under the proposed set.</param>
/// <param name="HealthyBefore">Healthy accounts before.</param>
/// <param name="RestrictedBefore">Restricted accounts before.</param>
/// <param name="MarginCallBefore">Margin-call accounts before.</param>
/// <param name="LiquidatableBefore">Liquidatable accounts before.</param>
/// <param name="HealthyAfter">Healthy accounts after.</param>
/// <param name="RestrictedAfter">Restricted accounts after.</param>
/// <param name="MarginCallAfter">Margin-call accounts after.</param>
/// <param name="LiquidatableAfter">Liquidatable accounts after.</param>
/// <param name="StatusWorse">Accounts whose status worsens.</param>
/// <param name="StatusBetter">Accounts whose status improves.</param>
/// <param name="CollateralToStayHealthy">Collateral the book needs to keep every account's current status.</param>
public sealed record ImpactSummary(
    int Accounts,
    double TotalImBefore,
    double TotalImAfter,
    int HealthyBefore,
    int RestrictedBefore,
    int MarginCallBefore,
    int LiquidatableBefore,
    int HealthyAfter,
    int RestrictedAfter,
    int MarginCallAfter,
    int LiquidatableAfter,
    int StatusWorse,
    int StatusBetter,
    double CollateralToStayHealthy)
{
    /// <summary>The summary of an engine impact result.</summary>
    public static ImpactSummary Of(ImpactResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var b = r.Current.Totals.ByStatus;
        var a = r.Proposed.Totals.ByStatus;
        return new ImpactSummary(r.Current.Totals.Accounts, r.Current.Totals.InitialMargin, r.Proposed.Totals.InitialMargin,
            b.Healthy, b.Restricted, b.MarginCall, b.Liquidatable, a.Healthy, a.Restricted, a.MarginCall, a.Liquidatable,
            r.Totals.StatusWorse, r.Totals.StatusBetter, r.Totals.CollateralToStayHealthy);
    }
}

/// <summary>Risk limits of a simulation: exceeding one produces a warning stored with the record.</summary>
/// <param name="MaxNewlyLiquidatableShare">Largest share of the book's accounts that may become liquidatable.</param>
/// <param name="MaxTotalImGrowth">Largest relative growth of total initial margin.</param>
public sealed record RiskLimits(double MaxNewlyLiquidatableShare, double MaxTotalImGrowth)
{
    /// <summary>The warnings the summary raises, in a fixed order.</summary>
    public IReadOnlyList<string> Warnings(ImpactSummary s, int newlyLiquidatable)
    {
        ArgumentNullException.ThrowIfNull(s);
        var warnings = new List<string>();
        var share = s.Accounts == 0 ? 0 : (double)newlyLiquidatable / s.Accounts;
        if (share > MaxNewlyLiquidatableShare)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"liquidatable: {newlyLiquidatable} of {s.Accounts} accounts ({share:P2}) become liquidatable, above the limit {MaxNewlyLiquidatableShare:P2}"));
        }

        var growth = s.TotalImBefore == 0 ? (s.TotalImAfter > 0 ? double.PositiveInfinity : 0) : (s.TotalImAfter - s.TotalImBefore) / s.TotalImBefore;
        if (growth > MaxTotalImGrowth)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"totalInitialMargin: grows by {growth:P2} ({s.TotalImBefore:R} to {s.TotalImAfter:R}), above the limit {MaxTotalImGrowth:P2}"));
        }

        return warnings;
    }
}

/// <summary>
/// The immutable record of a proposal's impact simulation: keccak hashes (0x hex) of the market
/// snapshot JSON, the book JSON, both parameter sets (canonical JSON), the engine version and the
/// Monte Carlo seed, the summary, the result hash (keccak of the engine's compact impact JSON) and
/// the risk-limit warnings. <see cref="Reproduce"/> re-runs the engine and compares result hashes.
/// Persistence: an owned type of <see cref="Proposals.Proposal"/>; hashes are Hash32 (value
/// converter to hex text), <see cref="Warnings"/> a primitive collection.
/// </summary>
public sealed record SimulationRecord
{
    private SimulationRecord()
    {
        EngineVersion = "";
        Summary = null!;
        Warnings = [];
    }

    /// <summary>Rehydrates a record (storage, tests); <see cref="Run"/> is how a new one is made.</summary>
    public SimulationRecord(
        Hash32 marketHash, Hash32 bookHash, Hash32 currentParamsHash, Hash32 proposedParamsHash, string engineVersion, long seed,
        ImpactSummary summary, Hash32 resultHash, IReadOnlyList<string> warnings, DateTimeOffset ranAt)
    {
        ArgumentNullException.ThrowIfNull(engineVersion);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(warnings);
        MarketHash = marketHash;
        BookHash = bookHash;
        CurrentParamsHash = currentParamsHash;
        ProposedParamsHash = proposedParamsHash;
        EngineVersion = engineVersion;
        Seed = seed;
        Summary = summary;
        ResultHash = resultHash;
        Warnings = [.. warnings];
        RanAt = ranAt;
    }

    /// <summary>keccak of the market snapshot JSON.</summary>
    public Hash32 MarketHash { get; init; }

    /// <summary>keccak of the book JSON.</summary>
    public Hash32 BookHash { get; init; }

    /// <summary>Params hash of the ratified set.</summary>
    public Hash32 CurrentParamsHash { get; init; }

    /// <summary>Params hash of the proposed set.</summary>
    public Hash32 ProposedParamsHash { get; init; }

    /// <summary>The engine assembly's informational version.</summary>
    public string EngineVersion { get; init; }

    /// <summary>The proposed set's simulation seed.</summary>
    public long Seed { get; init; }

    /// <summary>The results summary.</summary>
    public ImpactSummary Summary { get; init; }

    /// <summary>keccak of the compact impact result JSON.</summary>
    public Hash32 ResultHash { get; init; }

    /// <summary>Risk-limit warnings shown to voters.</summary>
    public IReadOnlyList<string> Warnings { get; init; }

    /// <summary>When the simulation ran.</summary>
    public DateTimeOffset RanAt { get; init; }

    /// <summary>The engine's informational version.</summary>
    public static string CurrentEngineVersion { get; } =
        typeof(MarginEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MarginEngine).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Runs the impact simulation and records it.</summary>
    public static SimulationRecord Run(SimulationInputs inputs, RiskLimits limits, DateTimeOffset ranAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(limits);
        var result = Impact(inputs, cancellationToken);
        var summary = ImpactSummary.Of(result);
        var newlyLiquidatable = result.Accounts.Count(a => a.ProposedStatus == MarginStatus.Liquidatable && a.CurrentStatus != MarginStatus.Liquidatable);
        return new SimulationRecord(inputs.MarketHash(), inputs.BookHash(), OnChainParameterCodec.ParamsHash(inputs.Current),
            OnChainParameterCodec.ParamsHash(inputs.Proposed), CurrentEngineVersion, inputs.Proposed.Simulation.Seed, summary,
            ResultHashOf(result), limits.Warnings(summary, newlyLiquidatable), ranAt);
    }

    /// <summary>keccak of the engine's compact impact JSON (the canonical serialization of the results).</summary>
    public static Hash32 ResultHashOf(ImpactResult result) => Hash32.Keccak(ImpactResultJson.ToUtf8Bytes(result, indented: false));

    /// <summary>
    /// Re-runs the engine on <paramref name="inputs"/> and returns true when the inputs have the
    /// recorded hashes and the result hash matches; false for different inputs or a different result.
    /// </summary>
    public bool Reproduce(SimulationInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.MarketHash() != MarketHash || inputs.BookHash() != BookHash
            || OnChainParameterCodec.ParamsHash(inputs.Current) != CurrentParamsHash
            || OnChainParameterCodec.ParamsHash(inputs.Proposed) != ProposedParamsHash
            || inputs.Proposed.Simulation.Seed != Seed)
        {
            return false;
        }

        return ResultHashOf(Impact(inputs, cancellationToken)) == ResultHash;
    }

    /// <summary>Compact JSON of the record (for audit payloads and display).</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        marketHash = MarketHash.ToString(),
        bookHash = BookHash.ToString(),
        currentParamsHash = CurrentParamsHash.ToString(),
        proposedParamsHash = ProposedParamsHash.ToString(),
        engineVersion = EngineVersion,
        seed = Seed,
        resultHash = ResultHash.ToString(),
        warnings = Warnings,
    });

    /// <inheritdoc />
    public bool Equals(SimulationRecord? other)
        => other is not null && MarketHash == other.MarketHash && BookHash == other.BookHash
           && CurrentParamsHash == other.CurrentParamsHash && ProposedParamsHash == other.ProposedParamsHash
           && EngineVersion == other.EngineVersion && Seed == other.Seed && Summary == other.Summary
           && ResultHash == other.ResultHash && Warnings.SequenceEqual(other.Warnings) && RanAt == other.RanAt;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ResultHash, ProposedParamsHash, RanAt);

    private static ImpactResult Impact(SimulationInputs inputs, CancellationToken cancellationToken)
        => new MarginEngine(new MarginEngineOptions(1)).Impact(
            MarginInputs.Create(inputs.Market, inputs.Current, inputs.Book), inputs.Proposed, progress: null, ct: cancellationToken);
}
