using System.Numerics;
using System.Text.Json.Nodes;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests.Support;

/// <summary>
/// A parameter set in the registry's form, edited field by field at the wei level: imMultiplier,
/// mmRatio, liquidationRatio, the assets (in order) and the correlations by pair. <see cref="Build"/>
/// writes the correlation triangle in the order of the assets, so that reordering or adding an
/// asset keeps every pair's value. The params hash of a built set is a label (the registry does not
/// recompute it).
/// </summary>
public sealed class SetBuilder
{
    private readonly OnChainParameterSet _from;
    private readonly Dictionary<(string, string), FixedPoint18> _correlations = [];

    public SetBuilder(OnChainParameterSet from)
    {
        ArgumentNullException.ThrowIfNull(from);
        _from = from;
        ImMultiplier = from.ImMultiplier;
        MmRatio = from.MmRatio;
        LiquidationRatio = from.LiquidationRatio;
        Assets = [.. from.Assets];
        foreach (var (a, b, value) in from.CorrelationPairs())
        {
            SetCorrelation(a, b, value);
        }
    }

    public FixedPoint18 ImMultiplier { get; set; }

    public FixedPoint18 MmRatio { get; set; }

    public FixedPoint18 LiquidationRatio { get; set; }

    public List<OnChainAssetParameters> Assets { get; }

    /// <summary>The ten-asset example of the CLI (src/RiskGovernance.Cli/examples/params10.json: 10 assets, 45 correlations).</summary>
    public static OnChainParameterSet TenAssets()
        => TestParameters.FromJson(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "RiskGovernance.Cli", "examples", "params10.json")))!.AsObject());

    /// <summary>The raw value <paramref name="value"/> + <paramref name="wei"/>.</summary>
    public static FixedPoint18 Plus(FixedPoint18 value, BigInteger wei) => FixedPoint18.FromRaw(value.Raw + wei);

    /// <summary>old x (1 + <paramref name="relative"/>) exactly (relative in 1e18 units, may be negative), then + <paramref name="wei"/>.</summary>
    public static FixedPoint18 Scaled(FixedPoint18 old, FixedPoint18 relative, BigInteger wei)
    {
        var delta = old.Raw * relative.Raw;
        if (delta % FixedPoint18.Scale != 0)
        {
            throw new ArgumentException($"{old} x {relative} is not a whole number of wei; pick another value.", nameof(relative));
        }

        return FixedPoint18.FromRaw(old.Raw + delta / FixedPoint18.Scale + wei);
    }

    public FixedPoint18 Correlation(string a, string b) => _correlations[Key(a, b)];

    public void SetCorrelation(string a, string b, FixedPoint18 value) => _correlations[Key(a, b)] = value;

    public OnChainAssetParameters Asset(string symbol) => Assets.Single(a => a.Symbol == symbol);

    /// <summary>Replaces one asset's values (the others keep theirs).</summary>
    public void SetAsset(string symbol, FixedPoint18? scanRange = null, FixedPoint18? volUp = null, FixedPoint18? volDown = null, FixedPoint18? haircut = null)
    {
        var i = Assets.FindIndex(a => a.Symbol == symbol);
        var old = Assets[i];
        Assets[i] = new OnChainAssetParameters(symbol, scanRange ?? old.ScanRange, volUp ?? old.VolUp, volDown ?? old.VolDown, haircut ?? old.Haircut);
    }

    /// <summary>Sets one field by name: imMultiplier, mmRatio, liquidationRatio, or assets.SYMBOL.scanRange|volUp|volDown|haircut.</summary>
    public void Set(string field, FixedPoint18 value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var parts = field.Split('.');
        switch (parts)
        {
            case ["imMultiplier"]: ImMultiplier = value; break;
            case ["mmRatio"]: MmRatio = value; break;
            case ["liquidationRatio"]: LiquidationRatio = value; break;
            case ["assets", var symbol, "scanRange"]: SetAsset(symbol, scanRange: value); break;
            case ["assets", var symbol, "volUp"]: SetAsset(symbol, volUp: value); break;
            case ["assets", var symbol, "volDown"]: SetAsset(symbol, volDown: value); break;
            case ["assets", var symbol, "haircut"]: SetAsset(symbol, haircut: value); break;
            default: throw new ArgumentException($"unknown field {field}.", nameof(field));
        }
    }

    /// <summary>The value of a field named as in <see cref="Set"/>.</summary>
    public FixedPoint18 Get(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Split('.') switch
        {
            ["imMultiplier"] => ImMultiplier,
            ["mmRatio"] => MmRatio,
            ["liquidationRatio"] => LiquidationRatio,
            ["assets", var symbol, "scanRange"] => Asset(symbol).ScanRange,
            ["assets", var symbol, "volUp"] => Asset(symbol).VolUp,
            ["assets", var symbol, "volDown"] => Asset(symbol).VolDown,
            ["assets", var symbol, "haircut"] => Asset(symbol).Haircut,
            _ => throw new ArgumentException($"unknown field {field}.", nameof(field)),
        };
    }

    public OnChainParameterSet Build(string label)
    {
        var upper = new List<FixedPoint18>();
        for (var i = 0; i < Assets.Count; i++)
        {
            for (var j = i + 1; j < Assets.Count; j++)
            {
                upper.Add(_correlations.TryGetValue(Key(Assets[i].Symbol, Assets[j].Symbol), out var c) ? c : FixedPoint18.Zero);
            }
        }

        return new OnChainParameterSet(
            _from.Method, ImMultiplier, MmRatio, LiquidationRatio, _from.ShortOptionMinimum, _from.CorrelationStress, _from.Grid, _from.Simulation,
            Assets, upper, Hash32.Keccak($"test set: {label}"));
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
