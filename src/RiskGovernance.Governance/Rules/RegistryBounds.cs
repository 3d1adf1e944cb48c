using System.Numerics;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Registry;

namespace RiskGovernance.Governance.Rules;

/// <summary>An inclusive range of an 18-decimal value.</summary>
/// <param name="Min">Smallest allowed value.</param>
/// <param name="Max">Largest allowed value.</param>
public sealed record ValueLimit(FixedPoint18 Min, FixedPoint18 Max)
{
    /// <summary>True when <paramref name="value"/> is within the range.</summary>
    public bool Contains(FixedPoint18 value) => value >= Min && value <= Max;

    /// <inheritdoc/>
    public override string ToString() => $"[{Min}, {Max}]";
}

/// <summary>A change beyond its step bound: the proposal needs the supermajority.</summary>
/// <param name="Field">Field path (<c>assets.BTC.scanRange</c>, <c>correlation.BTC.ETH</c>).</param>
/// <param name="Old">The base version's value.</param>
/// <param name="New">The proposed value.</param>
/// <param name="Step">The bound: relative (0.5 = 50 %), absolute for correlations.</param>
public sealed record StepBoundExceedance(string Field, FixedPoint18 Old, FixedPoint18 New, FixedPoint18 Step);

/// <summary>
/// What a parameter proposal may change, as the registry holds it (<c>bounds()</c>) and checks it
/// on <c>propose</c>: a value outside a hard limit is refused; a change beyond a step bound against
/// the base version needs the supermajority. Relative steps (1 = 100 %) apply to imMultiplier and
/// the per-asset scanRange, volUp, volDown and haircut; the correlation step is absolute; a step of
/// 0 is no bound. The checks here are the contract's own integer arithmetic, used to say which
/// fields need what before anything is sent; the registry's answer (<c>checkProposal</c>) decides.
/// </summary>
public sealed record RegistryBounds(
    ValueLimit ImMultiplier,
    ValueLimit MmRatio,
    ValueLimit LiquidationRatio,
    ValueLimit ScanRange,
    ValueLimit VolUp,
    ValueLimit VolDown,
    ValueLimit Haircut,
    FixedPoint18 ImMultiplierStep,
    FixedPoint18 ScanRangeStep,
    FixedPoint18 VolUpStep,
    FixedPoint18 VolDownStep,
    FixedPoint18 HaircutStep,
    FixedPoint18 CorrelationStep)
{
    /// <summary>The hard limit of a field path (<c>imMultiplier</c>, <c>assets.BTC.haircut</c>), or null when it has none.</summary>
    public ValueLimit? HardLimitOf(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field switch
        {
            "imMultiplier" => ImMultiplier,
            "mmRatio" => MmRatio,
            "liquidationRatio" => LiquidationRatio,
            _ => AssetField(field) switch
            {
                "scanRange" => ScanRange,
                "volUp" => VolUp,
                "volDown" => VolDown,
                "haircut" => Haircut,
                _ => null,
            },
        };
    }

    /// <summary>The step bound of a field path, or null when it has none (a zero step is none).</summary>
    /// <returns>The bound and whether it is relative (else absolute).</returns>
    public (FixedPoint18 Step, bool Relative)? StepOf(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var step = field switch
        {
            "imMultiplier" => (ImMultiplierStep, true),
            _ when field.StartsWith("correlation.", StringComparison.Ordinal) && field != "correlation.assets" => (CorrelationStep, false),
            _ => AssetField(field) switch
            {
                "scanRange" => (ScanRangeStep, true),
                "volUp" => (VolUpStep, true),
                "volDown" => (VolDownStep, true),
                "haircut" => (HaircutStep, true),
                _ => ((FixedPoint18, bool)?)null,
            },
        };
        return step is { } s && s.Item1 != FixedPoint18.Zero ? s : null;
    }

    /// <summary>The bounds by field path (<c>bounds.scanRange.min</c>, <c>bounds.scanRangeStep</c>).</summary>
    public IReadOnlyDictionary<string, string> Flatten()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, limit) in new[]
                 {
                     ("imMultiplier", ImMultiplier), ("mmRatio", MmRatio), ("liquidationRatio", LiquidationRatio), ("scanRange", ScanRange),
                     ("volUp", VolUp), ("volDown", VolDown), ("haircut", Haircut),
                 })
        {
            d[$"bounds.{name}.min"] = limit.Min.ToString();
            d[$"bounds.{name}.max"] = limit.Max.ToString();
        }

        d["bounds.imMultiplierStep"] = ImMultiplierStep.ToString();
        d["bounds.scanRangeStep"] = ScanRangeStep.ToString();
        d["bounds.volUpStep"] = VolUpStep.ToString();
        d["bounds.volDownStep"] = VolDownStep.ToString();
        d["bounds.haircutStep"] = HaircutStep.ToString();
        d["bounds.correlationStep"] = CorrelationStep.ToString();
        return d;
    }

    /// <summary>The bounds from their field paths (<see cref="Flatten"/>); a missing or malformed field throws naming it.</summary>
    public static RegistryBounds FromFlattened(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        FixedPoint18 F(string field) => fields.TryGetValue(field, out var text)
            ? FixedPoint18.Parse(text, field)
            : throw new FormatException($"{field}: is missing.");
        ValueLimit L(string name) => new(F($"bounds.{name}.min"), F($"bounds.{name}.max"));
        return new RegistryBounds(
            L("imMultiplier"), L("mmRatio"), L("liquidationRatio"), L("scanRange"), L("volUp"), L("volDown"), L("haircut"),
            F("bounds.imMultiplierStep"), F("bounds.scanRangeStep"), F("bounds.volUpStep"), F("bounds.volDownStep"), F("bounds.haircutStep"),
            F("bounds.correlationStep"));
    }

    /// <summary>Every value outside its hard limit, named <c>params.&lt;field&gt;</c> (the registry refuses such a set).</summary>
    public IReadOnlyList<ValidationError> HardLimitErrors(OnChainParameterSet proposed)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var e = new List<ValidationError>();
        void Check(string field, FixedPoint18 value, ValueLimit limit)
        {
            if (!limit.Contains(value))
            {
                e.Add(new ValidationError($"params.{field}", $"{value} is outside the registry's hard limits {limit}"));
            }
        }

        Check("imMultiplier", proposed.ImMultiplier, ImMultiplier);
        Check("mmRatio", proposed.MmRatio, MmRatio);
        Check("liquidationRatio", proposed.LiquidationRatio, LiquidationRatio);
        foreach (var a in proposed.Assets)
        {
            Check($"assets.{a.Symbol}.scanRange", a.ScanRange, ScanRange);
            Check($"assets.{a.Symbol}.volUp", a.VolUp, VolUp);
            Check($"assets.{a.Symbol}.volDown", a.VolDown, VolDown);
            Check($"assets.{a.Symbol}.haircut", a.Haircut, Haircut);
        }

        return e;
    }

    /// <summary>
    /// The changes beyond their step bound against <paramref name="baseSet"/> (none without a base):
    /// |new - old| x 1e18 &gt; step x |old| for relative bounds (any change from 0 exceeds), |new - old|
    /// &gt; step for correlations; fields or pairs absent from the base have no bound.
    /// </summary>
    public IReadOnlyList<StepBoundExceedance> StepExceedances(OnChainParameterSet proposed, OnChainParameterSet? baseSet)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var found = new List<StepBoundExceedance>();
        if (baseSet is null)
        {
            return found;
        }

        void Relative(string field, FixedPoint18 old, FixedPoint18 now, FixedPoint18 step)
        {
            if (BeyondRelative(old, now, step))
            {
                found.Add(new StepBoundExceedance(field, old, now, step));
            }
        }

        Relative("imMultiplier", baseSet.ImMultiplier, proposed.ImMultiplier, ImMultiplierStep);
        var baseAssets = baseSet.Assets.ToDictionary(a => a.Symbol, StringComparer.Ordinal);
        foreach (var a in proposed.Assets)
        {
            if (!baseAssets.TryGetValue(a.Symbol, out var old))
            {
                continue;
            }

            Relative($"assets.{a.Symbol}.scanRange", old.ScanRange, a.ScanRange, ScanRangeStep);
            Relative($"assets.{a.Symbol}.volUp", old.VolUp, a.VolUp, VolUpStep);
            Relative($"assets.{a.Symbol}.volDown", old.VolDown, a.VolDown, VolDownStep);
            Relative($"assets.{a.Symbol}.haircut", old.Haircut, a.Haircut, HaircutStep);
        }

        if (CorrelationStep == FixedPoint18.Zero)
        {
            return found;
        }

        var baseCorrelation = baseSet.CorrelationPairs().ToDictionary(p => (p.A, p.B), p => p.Value);
        foreach (var (a, b, value) in proposed.CorrelationPairs())
        {
            if ((baseCorrelation.TryGetValue((a, b), out var old) || baseCorrelation.TryGetValue((b, a), out old))
                && BigInteger.Abs(value.Raw - old.Raw) > CorrelationStep.Raw)
            {
                found.Add(new StepBoundExceedance($"correlation.{a}.{b}", old, value, CorrelationStep));
            }
        }

        return found;
    }

    private static bool BeyondRelative(FixedPoint18 old, FixedPoint18 now, FixedPoint18 step)
    {
        if (step == FixedPoint18.Zero || old == now)
        {
            return false;
        }

        return old == FixedPoint18.Zero || BigInteger.Abs(now.Raw - old.Raw) * FixedPoint18.Scale > step.Raw * BigInteger.Abs(old.Raw);
    }

    private static string? AssetField(string field)
    {
        var parts = field.Split('.');
        return parts.Length == 3 && parts[0] == "assets" ? parts[2] : null;
    }
}
