using System.Collections.Immutable;
using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;

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

    /// <summary>The ABI type of the Solidity struct RiskParameters.</summary>
    public const string AbiTupleType =
        "(bytes32,int256,int256,int256,int256,int256,"
        + "(int256,int256,int256,int256,int256,int256,int256),"
        + "(bytes32,int256,int256,int256,int256,bytes32,int256,int256),"
        + "(bytes32,int256,int256,int256,int256)[],int256[])";

    /// <summary>abi.encode(RiskParameters), the registry's encodedParams.</summary>
    public byte[] Encode() => AbiCodec.Encode([StructType], [ToAbiTuple()]);

    private static AbiType StructType { get; } = AbiType.Parse(AbiTupleType);

    internal object?[] ToAbiTuple()
    {
        var g = Grid;
        var s = Simulation;
        return
        [
            Bytes32Field.Encode(Method, "method"),
            ImMultiplier.Raw, MmRatio.Raw, LiquidationRatio.Raw, ShortOptionMinimum.Raw, CorrelationStress.Raw,
            new object?[] { g.Steps.Raw, g.ExtremeMultiple.Raw, g.ExtremeCoverage.Raw, g.VegaPowerShort.Raw, g.VegaPowerLong.Raw, g.DteFloorDays.Raw, g.VolFloor.Raw },
            new object?[]
            {
                Bytes32Field.Encode(s.Measure, "simulation.measure"), s.Confidence.Raw, s.HorizonDays.Raw, s.Scenarios.Raw, s.Seed.Raw,
                Bytes32Field.Encode(s.Distribution, "simulation.distribution"), s.DegreesOfFreedom.Raw, s.HistoryDays.Raw,
            },
            Assets.Select(a => (object?)new object?[] { Bytes32Field.Encode(a.Symbol, "assets.symbol"), a.ScanRange.Raw, a.VolUp.Raw, a.VolDown.Raw, a.Haircut.Raw }).ToArray(),
            CorrelationUpper.Select(c => (object?)c.Raw).ToArray(),
        ];
    }

    /// <summary>Decodes abi.encode(RiskParameters) (also the return data of the registry's parameters(version)).</summary>
    public static OnChainParameterSet Decode(ReadOnlySpan<byte> encoded, Hash32 paramsHash)
    {
        var r = (object?[])AbiCodec.Decode([StructType], encoded)[0]!;
        static FixedPoint18 F(object?[] tuple, int i, string field) => FixedPoint18.FromRaw((BigInteger)tuple[i]!, field);
        static string T(object?[] tuple, int i, string field) => Bytes32Field.Decode((byte[])tuple[i]!, field);

        var g = (object?[])r[6]!;
        var grid = new OnChainGridParameters(
            F(g, 0, "grid.steps"), F(g, 1, "grid.extremeMultiple"), F(g, 2, "grid.extremeCoverage"),
            F(g, 3, "grid.vegaPowerShort"), F(g, 4, "grid.vegaPowerLong"), F(g, 5, "grid.dteFloorDays"), F(g, 6, "grid.volFloor"));
        var m = (object?[])r[7]!;
        var simulation = new OnChainSimulationParameters(
            T(m, 0, "simulation.measure"), F(m, 1, "simulation.confidence"), F(m, 2, "simulation.horizonDays"),
            F(m, 3, "simulation.scenarios"), F(m, 4, "simulation.seed"), T(m, 5, "simulation.distribution"),
            F(m, 6, "simulation.degreesOfFreedom"), F(m, 7, "simulation.historyDays"));
        var assets = ((object?[])r[8]!).Cast<object?[]>().Select(a => new OnChainAssetParameters(
            T(a, 0, "assets.symbol"), F(a, 1, "assets.scanRange"), F(a, 2, "assets.volUp"), F(a, 3, "assets.volDown"), F(a, 4, "assets.haircut")));
        var upper = ((object?[])r[9]!).Select(v => FixedPoint18.FromRaw((BigInteger)v!, "correlationUpper"));

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
