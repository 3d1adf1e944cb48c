using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Simulation;

/// <summary>Methods montecarlo and historical (METHODOLOGY sections 5 and 6).</summary>
internal static class SimulationCalculator
{
    public static MarginResult MonteCarlo(
        ResolvedBook book, ParameterSet parameters, int maxDegreeOfParallelism, Func<int, int, Action<int>?> reporter, CancellationToken ct) =>
        throw new NotSupportedException("montecarlo is being implemented");

    public static MarginResult Historical(
        ResolvedBook book, ParameterSet parameters, DateOnly asOf, PriceHistory history, int maxDegreeOfParallelism,
        Action<int>? onAccountsDone, CancellationToken ct) =>
        throw new NotSupportedException("historical is being implemented");
}
