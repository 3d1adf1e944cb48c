using System.Collections.Immutable;
using System.Text.Json;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Stress;

/// <summary>The governed assumptions of a stress run that are not part of the on-chain parameter
/// set: the insurance fund that absorbs bad debt, the price impact of liquidations and the round
/// cap of the cascade.</summary>
public sealed class StressAssumptions
{
    /// <summary>Default insurance fund, USD.</summary>
    public const double DefaultInsuranceFund = 10_000_000;

    /// <summary>Default price impact for an asset not listed: 3e-9 per USD (USD 10 million of net
    /// liquidation moves the price 3 %).</summary>
    public const double DefaultDefaultPriceImpact = 3e-9;

    /// <summary>Default cap on cascade rounds.</summary>
    public const int DefaultMaxCascadeRounds = 50;

    /// <summary>The largest round cap accepted.</summary>
    public const int MaxCascadeRoundsLimit = 10_000;

    private readonly Dictionary<string, double> _impact;

    private StressAssumptions(double insuranceFund, IReadOnlyList<KeyValuePair<string, double>> priceImpact, double defaultPriceImpact, int maxCascadeRounds)
    {
        InsuranceFund = insuranceFund;
        PriceImpact = priceImpact;
        DefaultPriceImpact = defaultPriceImpact;
        MaxCascadeRounds = maxCascadeRounds;
        _impact = priceImpact.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>USD available to absorb bad debt (negative equity of liquidated accounts).</summary>
    public double InsuranceFund { get; }

    /// <summary>Per asset: the relative price move per USD of net delta-equivalent notional
    /// liquidated in a round (a move against the closers), in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> PriceImpact { get; }

    /// <summary>The price impact of an asset not listed in <see cref="PriceImpact"/>.</summary>
    public double DefaultPriceImpact { get; }

    /// <summary>The cascade stops after this many rounds even if accounts are still liquidatable.</summary>
    public int MaxCascadeRounds { get; }

    /// <summary>The defaults: fund USD 10 million; BTC 5e-10, ETH 1e-9 per USD, others 3e-9; 50 rounds.</summary>
    public static StressAssumptions Default { get; } = Create(
        DefaultInsuranceFund, [new("BTC", 5e-10), new("ETH", 1e-9)], DefaultDefaultPriceImpact, DefaultMaxCascadeRounds);

    /// <summary>The price impact of <paramref name="asset"/>.</summary>
    public double ImpactOf(string asset) => _impact.TryGetValue(asset, out var v) ? v : DefaultPriceImpact;

    /// <summary>Validates and creates; fields are named <c>assumptions.insuranceFund</c>,
    /// <c>assumptions.priceImpact.BTC</c>, <c>assumptions.defaultPriceImpact</c>,
    /// <c>assumptions.maxCascadeRounds</c>.</summary>
    public static StressAssumptions Create(
        double insuranceFund, IEnumerable<KeyValuePair<string, double>> priceImpact, double defaultPriceImpact, int maxCascadeRounds)
    {
        ArgumentNullException.ThrowIfNull(priceImpact);
        var list = priceImpact.ToArray();
        var e = new ValidationErrors();
        e.NonNegative("assumptions.insuranceFund", insuranceFund);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (asset, impact) in list)
        {
            if (string.IsNullOrWhiteSpace(asset))
            {
                e.Add("assumptions.priceImpact", "asset symbols must be non-empty");
                continue;
            }
            if (!seen.Add(asset))
            {
                e.Add($"assumptions.priceImpact.{asset}", "is listed more than once");
            }
            e.NonNegative($"assumptions.priceImpact.{asset}", impact);
        }
        e.NonNegative("assumptions.defaultPriceImpact", defaultPriceImpact);
        if (maxCascadeRounds < 1 || maxCascadeRounds > MaxCascadeRoundsLimit)
        {
            e.Add("assumptions.maxCascadeRounds", $"must be an integer in [1, {MaxCascadeRoundsLimit}]");
        }
        e.ThrowIfAny();
        return new StressAssumptions(insuranceFund, list, defaultPriceImpact, maxCascadeRounds);
    }
}

/// <summary>The stress assumptions document: <c>{"insuranceFund": 10000000, "priceImpact": {"BTC":
/// 5e-10, "ETH": 1e-9}, "defaultPriceImpact": 3e-9, "maxCascadeRounds": 50}</c>. Every property is
/// optional (the default of <see cref="StressAssumptions.Default"/> applies); an unknown property is
/// an error, as in every input of the engine. A given <c>priceImpact</c> replaces the default table.</summary>
public static class StressAssumptionsJson
{
    private static readonly ImmutableArray<string> Names = ["insuranceFund", "priceImpact", "defaultPriceImpact", "maxCascadeRounds"];

    /// <summary>Reads and validates; throws <see cref="InputValidationException"/> with every problem.</summary>
    public static StressAssumptions Read(ReadOnlyMemory<byte> utf8)
    {
        var d = StressAssumptions.Default;
        var e = new ValidationErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Json.JsonInput.WithoutBom(utf8));
        }
        catch (JsonException ex)
        {
            throw new InputValidationException("assumptions", $"malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message.Split(" LineNumber:")[0]}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputValidationException("assumptions", "must be an object");
            }
            double fund = d.InsuranceFund, fallback = d.DefaultPriceImpact;
            var rounds = d.MaxCascadeRounds;
            IEnumerable<KeyValuePair<string, double>> impact = d.PriceImpact;
            foreach (var p in root.EnumerateObject())
            {
                var field = $"assumptions.{p.Name}";
                switch (p.Name)
                {
                    case "insuranceFund":
                        fund = Number(e, field, p.Value);
                        break;
                    case "defaultPriceImpact":
                        fallback = Number(e, field, p.Value);
                        break;
                    case "maxCascadeRounds":
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var r))
                        {
                            rounds = r;
                        }
                        else
                        {
                            e.Add(field, "must be an integer");
                        }
                        break;
                    case "priceImpact":
                        if (p.Value.ValueKind != JsonValueKind.Object)
                        {
                            e.Add(field, "must be an object of asset -> impact per USD");
                            break;
                        }
                        impact = p.Value.EnumerateObject()
                            .Select(a => new KeyValuePair<string, double>(a.Name, Number(e, $"{field}.{a.Name}", a.Value))).ToArray();
                        break;
                    default:
                        e.Add(field, $"unknown property (known: {string.Join(", ", Names)})");
                        break;
                }
            }
            StressAssumptions? created = null;
            try
            {
                created = StressAssumptions.Create(fund, impact, fallback, rounds);
            }
            catch (InputValidationException ex)
            {
                e.AddRange(ex.Errors);
            }
            e.ThrowIfAny();
            return created!;
        }
    }

    private static double Number(ValidationErrors e, string field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var v))
        {
            return v;
        }
        e.Add(field, "must be a number");
        return 0;
    }

    /// <summary>Writes the assumptions as a document of this format.</summary>
    public static void Write(Utf8JsonWriter writer, StressAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(assumptions);
        writer.WriteStartObject();
        Json.JsonOutput.Number(writer, "insuranceFund", assumptions.InsuranceFund);
        writer.WriteStartObject("priceImpact");
        foreach (var (asset, impact) in assumptions.PriceImpact)
        {
            Json.JsonOutput.Number(writer, asset, impact);
        }
        writer.WriteEndObject();
        Json.JsonOutput.Number(writer, "defaultPriceImpact", assumptions.DefaultPriceImpact);
        writer.WriteNumber("maxCascadeRounds", assumptions.MaxCascadeRounds);
        writer.WriteEndObject();
    }
}
