using System.Collections.Immutable;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Abi;

namespace RiskGovernance.Contracts.Parameters;

/// <summary>
/// A margin parameter set as the registry holds it (FORMATS.md "On-chain encoding"): 18-decimal
/// fixed-point numbers, enumerations and symbols as text that fits a bytes32, assets in the order of
/// params.correlation.assets, the correlation matrix as its strict upper triangle in row order,
/// and the keccak-256 hash of the canonical JSON that the committee approved.
/// <see cref="Encode"/> gives abi.encode(RiskParameters) as the contract decodes it.
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

    /// <summary>abi.encode(RiskParameters), the registry's encodedParams.</summary>
    public byte[] Encode() => AbiValue.Tuple(ToAbi()).Encode();

    internal AbiValue ToAbi()
    {
        static AbiValue F(FixedPoint18 v) => AbiValue.Int256(v.Raw);
        var g = Grid;
        var s = Simulation;
        return AbiValue.Tuple(
            AbiValue.Bytes32(Bytes32Field.Encode(Method, "method")),
            F(ImMultiplier), F(MmRatio), F(LiquidationRatio), F(ShortOptionMinimum), F(CorrelationStress),
            AbiValue.Tuple(F(g.Steps), F(g.ExtremeMultiple), F(g.ExtremeCoverage), F(g.VegaPowerShort), F(g.VegaPowerLong), F(g.DteFloorDays), F(g.VolFloor)),
            AbiValue.Tuple(
                AbiValue.Bytes32(Bytes32Field.Encode(s.Measure, "simulation.measure")),
                F(s.Confidence), F(s.HorizonDays), F(s.Scenarios), F(s.Seed),
                AbiValue.Bytes32(Bytes32Field.Encode(s.Distribution, "simulation.distribution")),
                F(s.DegreesOfFreedom), F(s.HistoryDays)),
            AbiValue.Array(Assets.Select(a => AbiValue.Tuple(
                AbiValue.Bytes32(Bytes32Field.Encode(a.Symbol, "assets.symbol")),
                F(a.ScanRange), F(a.VolUp), F(a.VolDown), F(a.Haircut)))),
            AbiValue.Array(CorrelationUpper.Select(F)));
    }

    /// <summary>Decodes abi.encode(RiskParameters) (also the return data of the registry's parameters(version)).</summary>
    public static OnChainParameterSet Decode(ReadOnlySpan<byte> encoded, Hash32 paramsHash)
    {
        var outer = new AbiReader(encoded.ToArray());
        var r = outer.Dynamic(0);
        FixedPoint18 F(AbiReader reader, int i, string field) => FixedPoint18.FromRaw(reader.Int256(i), field);
        string T(AbiReader reader, int i, string field) => Bytes32Field.Decode(reader.Word(i), field);

        var grid = new OnChainGridParameters(
            F(r, 6, "grid.steps"), F(r, 7, "grid.extremeMultiple"), F(r, 8, "grid.extremeCoverage"),
            F(r, 9, "grid.vegaPowerShort"), F(r, 10, "grid.vegaPowerLong"), F(r, 11, "grid.dteFloorDays"), F(r, 12, "grid.volFloor"));
        var simulation = new OnChainSimulationParameters(
            T(r, 13, "simulation.measure"), F(r, 14, "simulation.confidence"), F(r, 15, "simulation.horizonDays"),
            F(r, 16, "simulation.scenarios"), F(r, 17, "simulation.seed"), T(r, 18, "simulation.distribution"),
            F(r, 19, "simulation.degreesOfFreedom"), F(r, 20, "simulation.historyDays"));

        var (assetCount, assetItems) = r.Dynamic(21).Array();
        var assets = new List<OnChainAssetParameters>(assetCount);
        for (var i = 0; i < assetCount; i++)
        {
            var w = i * 5;
            assets.Add(new OnChainAssetParameters(
                T(assetItems, w, "assets.symbol"), F(assetItems, w + 1, "assets.scanRange"), F(assetItems, w + 2, "assets.volUp"),
                F(assetItems, w + 3, "assets.volDown"), F(assetItems, w + 4, "assets.haircut")));
        }

        var (upperCount, upperItems) = r.Dynamic(22).Array();
        var upper = Enumerable.Range(0, upperCount).Select(i => F(upperItems, i, "correlationUpper")).ToList();

        return new OnChainParameterSet(
            T(r, 0, "method"), F(r, 1, "imMultiplier"), F(r, 2, "mmRatio"), F(r, 3, "liquidationRatio"),
            F(r, 4, "shortOptionMinimum"), F(r, 5, "correlationStress"), grid, simulation, assets, upper, paramsHash);
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
