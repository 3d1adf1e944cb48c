using Nethereum.ABI;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// The registry's form of a parameter set (<see cref="OnChainParameterSet"/>, from the governance
/// domain) as the Solidity struct RiskParameters: the tuple DTO Nethereum binds, and
/// abi.encode(RiskParameters), the registry's encodedParams.
/// </summary>
public static class RiskParametersAbi
{
    /// <summary>The struct DTO of <paramref name="set"/>.</summary>
    public static RiskParametersDto ToDto(OnChainParameterSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var g = set.Grid;
        var s = set.Simulation;
        return new RiskParametersDto
        {
            Method = Bytes32Field.Encode(set.Method, "method"),
            ImMultiplier = set.ImMultiplier.Raw,
            MmRatio = set.MmRatio.Raw,
            LiquidationRatio = set.LiquidationRatio.Raw,
            ShortOptionMinimum = set.ShortOptionMinimum.Raw,
            CorrelationStress = set.CorrelationStress.Raw,
            Grid = new GridParamsDto
            {
                Steps = g.Steps.Raw, ExtremeMultiple = g.ExtremeMultiple.Raw, ExtremeCoverage = g.ExtremeCoverage.Raw,
                VegaPowerShort = g.VegaPowerShort.Raw, VegaPowerLong = g.VegaPowerLong.Raw, DteFloorDays = g.DteFloorDays.Raw, VolFloor = g.VolFloor.Raw,
            },
            Simulation = new SimulationParamsDto
            {
                Measure = Bytes32Field.Encode(s.Measure, "simulation.measure"), Confidence = s.Confidence.Raw, HorizonDays = s.HorizonDays.Raw,
                Scenarios = s.Scenarios.Raw, Seed = s.Seed.Raw, Distribution = Bytes32Field.Encode(s.Distribution, "simulation.distribution"),
                DegreesOfFreedom = s.DegreesOfFreedom.Raw, HistoryDays = s.HistoryDays.Raw,
            },
            Assets = [.. set.Assets.Select(a => new AssetParamsDto
            {
                Symbol = Bytes32Field.Encode(a.Symbol, "assets.symbol"), ScanRange = a.ScanRange.Raw, VolUp = a.VolUp.Raw, VolDown = a.VolDown.Raw, Haircut = a.Haircut.Raw,
            })],
            CorrelationUpper = [.. set.CorrelationUpper.Select(c => c.Raw)],
        };
    }

    /// <summary>The set a struct DTO holds, with the params hash stored beside it (every field checked, naming it).</summary>
    /// <exception cref="FormatException">A text field is not zero-padded UTF-8.</exception>
    /// <exception cref="ArgumentException">A value the domain refuses (an unknown method, a wrong triangle length).</exception>
    public static OnChainParameterSet FromDto(RiskParametersDto dto, Hash32 paramsHash)
    {
        ArgumentNullException.ThrowIfNull(dto);
        static FixedPoint18 F(System.Numerics.BigInteger raw, string field) => FixedPoint18.FromRaw(raw, field);
        var g = dto.Grid;
        var m = dto.Simulation;
        return new OnChainParameterSet(
            Bytes32Field.Decode(dto.Method, "method"), F(dto.ImMultiplier, "imMultiplier"), F(dto.MmRatio, "mmRatio"),
            F(dto.LiquidationRatio, "liquidationRatio"), F(dto.ShortOptionMinimum, "shortOptionMinimum"), F(dto.CorrelationStress, "correlationStress"),
            new OnChainGridParameters(
                F(g.Steps, "grid.steps"), F(g.ExtremeMultiple, "grid.extremeMultiple"), F(g.ExtremeCoverage, "grid.extremeCoverage"),
                F(g.VegaPowerShort, "grid.vegaPowerShort"), F(g.VegaPowerLong, "grid.vegaPowerLong"), F(g.DteFloorDays, "grid.dteFloorDays"), F(g.VolFloor, "grid.volFloor")),
            new OnChainSimulationParameters(
                Bytes32Field.Decode(m.Measure, "simulation.measure"), F(m.Confidence, "simulation.confidence"), F(m.HorizonDays, "simulation.horizonDays"),
                F(m.Scenarios, "simulation.scenarios"), F(m.Seed, "simulation.seed"), Bytes32Field.Decode(m.Distribution, "simulation.distribution"),
                F(m.DegreesOfFreedom, "simulation.degreesOfFreedom"), F(m.HistoryDays, "simulation.historyDays")),
            dto.Assets.Select(a => new OnChainAssetParameters(
                Bytes32Field.Decode(a.Symbol, "assets.symbol"), F(a.ScanRange, "assets.scanRange"), F(a.VolUp, "assets.volUp"), F(a.VolDown, "assets.volDown"), F(a.Haircut, "assets.haircut"))),
            dto.CorrelationUpper.Select(c => F(c, "correlationUpper")),
            paramsHash);
    }

    /// <summary>abi.encode(RiskParameters), as the registry's queue and constructor take it.</summary>
    public static byte[] Encode(OnChainParameterSet set) => new ABIEncode().GetABIParamsEncoded(new EncodedRiskParametersDto { Parameters = ToDto(set) });

    /// <summary>Decodes abi.encode(RiskParameters) (also what encodedParameters(version) returns).</summary>
    public static OnChainParameterSet Decode(byte[] encoded, Hash32 paramsHash)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return FromDto(new ABIEncode().DecodeEncodedComplexType<EncodedRiskParametersDto>(encoded).Parameters, paramsHash);
    }
}
