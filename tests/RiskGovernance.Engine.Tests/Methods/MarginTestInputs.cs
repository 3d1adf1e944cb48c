using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Tests.Methods;

/// <summary>Small builders of validated inputs for the calculator tests. Every default is stated
/// here so that a test's hand computation can see it.</summary>
internal static class MarginTestInputs
{
    public static readonly DateOnly AsOf = new(2022, 11, 8);

    public sealed record AssetSpec(string Symbol, double ScanRange = 0.15, double VolUp = 0.5, double VolDown = 0.25, double Haircut = 0.0);

    public static GridParameters Grid(
        int steps = 3,
        double extremeMultiple = 3.0,
        double extremeCoverage = 0.33,
        double vegaPowerShort = 0.3,
        double vegaPowerLong = 0.13,
        double dteFloorDays = 1.0,
        double volFloor = 0.05) =>
        new(steps, extremeMultiple, extremeCoverage, vegaPowerShort, vegaPowerLong, dteFloorDays, volFloor);

    public static SimulationParameters SimulationSettings(
        RiskMeasure measure = RiskMeasure.ExpectedShortfall,
        double confidence = 0.99,
        int horizonDays = 1,
        int scenarios = 10_000,
        long seed = 42,
        ReturnDistribution distribution = ReturnDistribution.Normal,
        double degreesOfFreedom = 4,
        int historyDays = 730) =>
        new(measure, confidence, horizonDays, scenarios, seed, distribution, degreesOfFreedom, historyDays);

    public static ParameterSet Params(
        MarginMethod method,
        AssetSpec[] assets,
        double[][]? correlation = null,
        double correlationStress = 0,
        double imMultiplier = 1.0,
        double mmRatio = 0.6,
        double liquidationRatio = 0.8,
        double shortOptionMinimum = 0.0,
        GridParameters? grid = null,
        SimulationParameters? simulation = null)
    {
        var n = assets.Length;
        correlation ??= Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0.0).ToArray()).ToArray();
        return ParameterSet.Create(
            method,
            imMultiplier,
            mmRatio,
            liquidationRatio,
            shortOptionMinimum,
            correlationStress,
            grid ?? Grid(),
            simulation ?? SimulationSettings(),
            assets.Select(a => new AssetParameterEntry(a.Symbol, new AssetRiskParameters(a.ScanRange, a.VolUp, a.VolDown, a.Haircut))).ToArray(),
            assets.Select(a => a.Symbol).ToArray(),
            correlation);
    }

    public static MarketSnapshot Market(params (string Symbol, double Price, double Volatility)[] quotes) =>
        MarketSnapshot.Create(AsOf, quotes.Select(q => new AssetQuote(q.Symbol, q.Price, q.Volatility)));

    public static Account Account(string id, (string Asset, double Amount)[] collateral, params Position[] positions) =>
        new(id, collateral.Select(c => new CollateralBalance(c.Asset, c.Amount)).ToArray(), positions);

    public static Account Account(string id, params Position[] positions) => Account(id, [], positions);

    public static MarginInputs Inputs(MarketSnapshot market, ParameterSet parameters, params Account[] accounts) =>
        MarginInputs.Create(market, parameters, Book.Create(accounts));

    public static double[][] Correlation2(double rho) => [[1.0, rho], [rho, 1.0]];

    public static MarginResult Margin(MarginInputs inputs, int maxDegreeOfParallelism = -1) =>
        new MarginEngine(new MarginEngineOptions(maxDegreeOfParallelism)).Margin(inputs);

    public static double RiskOf(AccountMargin account, string asset) =>
        account.RiskByAsset.Single(r => r.Asset == asset).Risk;
}
