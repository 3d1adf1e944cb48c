using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Correlation;

/// <summary>Builds the repaired parameter set that <c>riskgov correlation repair</c> writes: the
/// same parts as <see cref="ParameterSet.Create"/>, with the correlation matrix replaced by its
/// nearest valid correlation matrix (<see cref="NearestCorrelation.Repair"/>). A repair is only
/// ever offered, never applied silently: <see cref="ParameterSet.Create"/> itself still rejects a
/// matrix that is not positive semidefinite.</summary>
public static class CorrelationRepair
{
    /// <summary>Repairs the matrix (when it is square and finite; a valid matrix is kept as it
    /// is) and validates everything else exactly as <see cref="ParameterSet.Create"/> does,
    /// throwing <see cref="Validation.InputValidationException"/> on any other problem.</summary>
    public static ParameterSet RepairedParameterSet(
        MarginMethod method,
        double imMultiplier,
        double mmRatio,
        double liquidationRatio,
        double shortOptionMinimum,
        double correlationStress,
        GridParameters grid,
        SimulationParameters simulation,
        IReadOnlyList<AssetParameterEntry> assets,
        IReadOnlyList<string> correlationAssets,
        IReadOnlyList<IReadOnlyList<double>> correlationMatrix)
    {
        ArgumentNullException.ThrowIfNull(correlationMatrix);
        var matrix = IsSquareFinite(correlationMatrix) ? NearestCorrelation.Repair(correlationMatrix) : correlationMatrix;
        return ParameterSet.Create(method, imMultiplier, mmRatio, liquidationRatio, shortOptionMinimum, correlationStress,
            grid, simulation, assets, correlationAssets, matrix);
    }

    private static bool IsSquareFinite(IReadOnlyList<IReadOnlyList<double>> m) =>
        m.Count > 0 && m.All(row => row is not null && row.Count == m.Count && row.All(double.IsFinite));
}
