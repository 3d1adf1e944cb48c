using System.Text.Json;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Tests.Methods.Reference;

/// <summary>The engine against reference_margin.py, an independent implementation of the
/// methodology text (METHODOLOGY: two implementations must agree to 1e-9 relative on grid and
/// historical; on Monte Carlo they share only the random stream, so they agree to the same bound).
/// The cases are a 60-account generated book on ten real assets (2024-09-10 snapshot).</summary>
public class ReferenceImplementationTests
{
    /// <summary>The methodology's agreement bound, relative to max(|value|, 1).</summary>
    private const double AgreementTolerance = 1e-9;

    [Theory]
    [InlineData("GridStressed")]
    [InlineData("Historical3Day")]
    [InlineData("MonteCarloStudentTStressed")]
    [InlineData("MonteCarloNormalVaR")]
    public void Margin_ReferenceCase_AgreesWithIndependentImplementation(string name)
    {
        var (parameters, book, expected) = Case(name);
        var history = parameters.Method == MarginMethod.Historical ? MarketDataset.LoadDailyCloses() : null;
        var inputs = MarginInputs.Create(MarketSnapshotJson.Read(ReferenceCases.Market), parameters, book, history);

        var result = new MarginEngine().Margin(inputs);

        using var json = JsonDocument.Parse(expected);
        var accounts = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(accounts.Length, result.Accounts.Count);
        Assert.True(result.Accounts.Sum(a => a.Risk) > 0);
        for (var i = 0; i < accounts.Length; i++)
        {
            var e = accounts[i];
            var a = result.Accounts[i];
            Assert.Equal(e.GetProperty("id").GetString(), a.Id);
            Agree(e.GetProperty("equity").GetDouble(), a.Equity);
            Agree(e.GetProperty("risk").GetDouble(), a.Risk);
            Agree(e.GetProperty("initialMargin").GetDouble(), a.InitialMargin);
            Agree(e.GetProperty("isolatedInitialMargin").GetDouble(), a.IsolatedInitialMargin);
            var byAsset = e.GetProperty("riskByAsset").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(byAsset.Keys.Order(), a.RiskByAsset.Select(r => r.Asset).Order());
            foreach (var r in a.RiskByAsset)
            {
                Agree(byAsset[r.Asset], r.Risk);
            }
        }
    }

    private static void Agree(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= AgreementTolerance * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, engine {actual:R}");

    private static (ParameterSet Parameters, Book Book, string Expected) Case(string name)
    {
        var type = typeof(ReferenceCases);
        string Field(string suffix) => (string)type.GetField(name + suffix)!.GetValue(null)!;
        return (ParameterSetJson.Read(Field("Params")), BookJson.Read(Field("Book")), Field("Expected"));
    }
}
