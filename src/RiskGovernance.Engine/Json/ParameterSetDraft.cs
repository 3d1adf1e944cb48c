using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Json;

/// <summary>The values of a params.json as written, before the rules of METHODOLOGY section 8
/// are applied: what <c>riskgov correlation check</c> and <c>repair</c> work on, since a matrix
/// that is not positive semidefinite never becomes a <see cref="ParameterSet"/>.</summary>
public sealed record ParameterSetDraft(
    MarginMethod Method,
    double ImMultiplier,
    double MmRatio,
    double LiquidationRatio,
    double ShortOptionMinimum,
    double CorrelationStress,
    GridParameters Grid,
    SimulationParameters Simulation,
    IReadOnlyList<AssetParameterEntry> Assets,
    IReadOnlyList<string> CorrelationAssets,
    IReadOnlyList<IReadOnlyList<double>> CorrelationMatrix)
{
    /// <summary>Applies every rule (<see cref="ParameterSet.Create"/>); throws
    /// <see cref="Validation.InputValidationException"/> listing every problem.</summary>
    public ParameterSet Validate() => ParameterSet.Create(Method, ImMultiplier, MmRatio, LiquidationRatio, ShortOptionMinimum,
        CorrelationStress, Grid, Simulation, Assets, CorrelationAssets, CorrelationMatrix);

    /// <summary>The same parameter set with the correlation matrix replaced by its nearest valid
    /// correlation matrix (Higham 2002), validated like <see cref="Validate"/>.</summary>
    public ParameterSet ValidateWithRepairedCorrelation() => CorrelationRepair.RepairedParameterSet(Method, ImMultiplier, MmRatio,
        LiquidationRatio, ShortOptionMinimum, CorrelationStress, Grid, Simulation, Assets, CorrelationAssets, CorrelationMatrix);

    /// <summary>The draft of a valid parameter set (for writing it back with changes).</summary>
    public static ParameterSetDraft From(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new ParameterSetDraft(parameters.Method, parameters.ImMultiplier, parameters.MmRatio, parameters.LiquidationRatio,
            parameters.ShortOptionMinimum, parameters.CorrelationStress, parameters.Grid, parameters.Simulation,
            parameters.AssetEntries, parameters.Correlation.Assets, parameters.Correlation.ToRows());
    }
}
