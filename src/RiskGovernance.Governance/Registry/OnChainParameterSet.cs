using System.Collections.Immutable;
using System.Numerics;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Registry;

/// <summary>
/// A margin parameter set as the registry holds it (FORMATS.md "On-chain encoding"): 18-decimal
/// fixed-point numbers, enumerations and symbols as text that fits a bytes32, assets in the order of
/// params.correlation.assets, the correlation matrix as its strict upper triangle in row order,
/// and the keccak-256 hash of the canonical JSON that the committee approved.
/// Its ABI encoding (abi.encode(RiskParameters)) belongs to the chain adapter, RiskGovernance.Contracts.
/// </summary>
public sealed record OnChainParameterSet
{
    /// <summary>Allowed values of <see cref="Method"/>.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["grid", "montecarlo", "historical"];


    /// <summary>Creates the set, checking the enumerations, unique symbols and the triangle length.</summary>
    public OnChainParameterSet(
        string method,
        FixedPoint18 imMultiplier,
        FixedPoint18 mmRatio,
        FixedPoint18 liquidationRatio,
        FixedPoint18 shortOptionMinimum,
        FixedPoint18 correlationStress,
        OnChainGridParameters grid,
        OnChainSimulationParameters simulation,
        IEnumerable<OnChainAssetParameters> assets,
        IEnumerable<FixedPoint18> correlationUpper,
        Hash32 paramsHash)
    {
        Method = OnChainSimulationParameters.OneOf(method, Methods, "method");
        ImMultiplier = imMultiplier;
        MmRatio = mmRatio;
        LiquidationRatio = liquidationRatio;
        ShortOptionMinimum = shortOptionMinimum;
        CorrelationStress = correlationStress;
        Grid = grid ?? throw new ArgumentNullException(nameof(grid), "grid must not be null.");
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation), "simulation must not be null.");
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(correlationUpper);
        Assets = [.. assets];
        CorrelationUpper = [.. correlationUpper];
        ParamsHash = paramsHash;

        if (Assets.IsEmpty)
        {
            throw new ArgumentException("assets: at least one risky asset is required.", nameof(assets));
        }

        var duplicate = Assets.GroupBy(a => a.Symbol, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"assets: symbol '{duplicate.Key}' appears more than once.", nameof(assets));
        }

        var expected = Assets.Length * (Assets.Length - 1) / 2;
        if (CorrelationUpper.Length != expected)
        {
            throw new ArgumentException(
                $"correlationUpper: {Assets.Length} assets need {expected} upper-triangle entries, got {CorrelationUpper.Length}.",
                nameof(correlationUpper));
        }

        if (paramsHash == Hash32.Zero)
        {
            throw new ArgumentException("paramsHash: must not be zero.", nameof(paramsHash));
        }
    }

    /// <summary>"grid", "montecarlo" or "historical".</summary>
    public string Method { get; }

    /// <summary>IM multiplier.</summary>
    public FixedPoint18 ImMultiplier { get; }

    /// <summary>MM ratio.</summary>
    public FixedPoint18 MmRatio { get; }

    /// <summary>Liquidation ratio.</summary>
    public FixedPoint18 LiquidationRatio { get; }

    /// <summary>Short option minimum.</summary>
    public FixedPoint18 ShortOptionMinimum { get; }

    /// <summary>Correlation stress.</summary>
    public FixedPoint18 CorrelationStress { get; }

    /// <summary>Grid section.</summary>
    public OnChainGridParameters Grid { get; }

    /// <summary>Simulation section.</summary>
    public OnChainSimulationParameters Simulation { get; }

    /// <summary>Risky assets in correlation order.</summary>
    public ImmutableArray<OnChainAssetParameters> Assets { get; }

    /// <summary>Strict upper triangle of the correlation matrix, row by row.</summary>
    public ImmutableArray<FixedPoint18> CorrelationUpper { get; }

    /// <summary>keccak-256 of the canonical JSON of the set.</summary>
    public Hash32 ParamsHash { get; }

    /// <summary>The asset with this symbol.</summary>
    public OnChainAssetParameters Asset(string symbol)
        => Assets.FirstOrDefault(a => a.Symbol == symbol)
           ?? throw new KeyNotFoundException($"asset '{symbol}' is not in the parameter set.");

    /// <summary>Correlation between two assets (1 on the diagonal, symmetric).</summary>
    public FixedPoint18 Correlation(string a, string b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        if (i == j)
        {
            return FixedPoint18.One;
        }

        (i, j) = i < j ? (i, j) : (j, i);
        var n = Assets.Length;
        return CorrelationUpper[(i * n) - (i * (i + 1) / 2) + (j - i - 1)];
    }

    /// <summary>The strict upper triangle as (row asset, column asset, value), row by row.</summary>
    public IEnumerable<(string A, string B, FixedPoint18 Value)> CorrelationPairs()
    {
        var k = 0;
        for (var i = 0; i < Assets.Length; i++)
        {
            for (var j = i + 1; j < Assets.Length; j++)
            {
                yield return (Assets[i].Symbol, Assets[j].Symbol, CorrelationUpper[k++]);
            }
        }
    }

    /// <summary>Field-by-field equality (arrays compared element by element).</summary>
    public bool Equals(OnChainParameterSet? other)
        => other is not null
           && Method == other.Method
           && ImMultiplier == other.ImMultiplier
           && MmRatio == other.MmRatio
           && LiquidationRatio == other.LiquidationRatio
           && ShortOptionMinimum == other.ShortOptionMinimum
           && CorrelationStress == other.CorrelationStress
           && Grid == other.Grid
           && Simulation == other.Simulation
           && Assets.SequenceEqual(other.Assets)
           && CorrelationUpper.SequenceEqual(other.CorrelationUpper)
           && ParamsHash == other.ParamsHash;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, ImMultiplier, Grid, Simulation, Assets.Length, ParamsHash);

    private int IndexOf(string symbol)
    {
        for (var i = 0; i < Assets.Length; i++)
        {
            if (Assets[i].Symbol == symbol)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"asset '{symbol}' is not in the parameter set.");
    }
}
