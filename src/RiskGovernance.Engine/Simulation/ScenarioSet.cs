namespace RiskGovernance.Engine.Simulation;

/// <summary>Joint scenarios of the risky assets (asset-major arrays): the scenario price S' and
/// the move S' - S of each asset in each scenario, and the horizon in days by which options age
/// (T' = max(T - horizon, 0)).</summary>
internal sealed class ScenarioSet
{
    public ScenarioSet(double[][] prices, double[][] moves, double horizonDays)
    {
        Prices = prices;
        Moves = moves;
        HorizonDays = horizonDays;
        Count = prices.Length == 0 ? 0 : prices[0].Length;
    }

    /// <summary>S'[asset][scenario].</summary>
    public double[][] Prices { get; }

    /// <summary>(S' - S)[asset][scenario].</summary>
    public double[][] Moves { get; }

    public double HorizonDays { get; }

    public int Count { get; }
}
