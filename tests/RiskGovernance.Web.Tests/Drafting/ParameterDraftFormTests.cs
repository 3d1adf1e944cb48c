using System.Globalization;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>The form's evaluation: engine rules, hard limits, step bounds and registry exactness, each naming its field.</summary>
public sealed class ParameterDraftFormTests
{
    private static readonly ParameterSet Ratified = DemoInputs.Params10();

    private static ParameterDraftForm NewForm() => new(Ratified, RegistryDefaults.Bounds);

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void New_RatifiedSet_ValidWithNoChangesAndEveryField()
    {
        var form = NewForm();

        Assert.True(form.Evaluation.IsValid);
        Assert.Empty(form.Evaluation.Changed);
        Assert.Empty(form.Evaluation.Warnings);
        // Every numeric field of params.json except the correlation entries, plus the three choices.
        var numeric = ParameterFields.Numeric(Ratified).Keys.Where(k => !k.StartsWith("correlation.", StringComparison.Ordinal));
        Assert.Equal(numeric.Append("method").Append("simulation.measure").Append("simulation.distribution").Order(), form.Fields.Select(f => f.Path).Order());
    }

    [Fact]
    public void Set_OutsideHardLimit_ErrorNamesFieldAndSetIsInvalid()
    {
        var form = NewForm();

        var eval = form.Set("imMultiplier", "5");

        Assert.False(eval.IsValid);
        Assert.Null(eval.ParamsJson);
        Assert.Equal(["5 is outside the hard limits [0.5, 3]"], eval.ErrorsFor("imMultiplier"));
        Assert.Contains("imMultiplier", eval.Changed);
    }

    [Fact]
    public void Set_BeyondStepBound_WarnsSupermajorityAndStaysValid()
    {
        var form = NewForm();
        var old = Ratified.Asset("BTC").ScanRange;

        var eval = form.Set("assets.BTC.scanRange", Text(Math.Round(old * 1.6, 6)));

        Assert.True(eval.IsValid);
        Assert.True(eval.RequiresSupermajority);
        Assert.EndsWith("needs a supermajority", eval.Warnings["assets.BTC.scanRange"], StringComparison.Ordinal);
        Assert.Contains("(limit 50 %)", eval.Warnings["assets.BTC.scanRange"], StringComparison.Ordinal);
    }

    [Fact]
    public void Set_WithinStepBound_NoWarning()
    {
        var form = NewForm();
        var old = Ratified.Asset("BTC").ScanRange;

        var eval = form.Set("assets.BTC.scanRange", Text(Math.Round(old * 1.1, 6)));

        Assert.True(eval.IsValid);
        Assert.Empty(eval.Warnings);
        Assert.Equal(["assets.BTC.scanRange"], eval.Changed);
    }

    [Theory]
    [InlineData("grid.steps", "2.5", "'2.5' is not a whole number")]
    [InlineData("mmRatio", "0,6", "'0,6' is not a number (use a dot for decimals)")]
    [InlineData("liquidationRatio", "", "is required")]
    [InlineData("grid.steps", "0", "must be an integer >= 1")]
    [InlineData("simulation.scenarios", "50", "must be an integer >= 100")]
    [InlineData("method", "Grid", "must be one of grid, montecarlo, historical")]
    public void Set_BadValue_ErrorNamesField(string field, string text, string message)
    {
        var form = NewForm();

        var eval = form.Set(field, text);

        Assert.False(eval.IsValid);
        Assert.Contains(message, eval.ErrorsFor(field));
        Assert.Single(eval.Errors);
    }

    [Fact]
    public void Set_MoreDecimalsThanRegistryHolds_RegistryErrorNamesField()
    {
        var form = NewForm();

        var eval = form.Set("shortOptionMinimum", "0.0000000000000000001");

        Assert.False(eval.IsValid);
        Assert.Contains(eval.ErrorsFor("shortOptionMinimum"), m => m.Contains("cannot be stored exactly with 18 decimals", StringComparison.Ordinal));
    }

    [Fact]
    public void Set_SameValueOtherSpelling_NotChanged()
    {
        var form = NewForm();

        var eval = form.Set("imMultiplier", Text(Ratified.ImMultiplier) + "e0");

        Assert.Empty(eval.Changed);
        Assert.True(eval.IsValid);
    }

    [Fact]
    public void SetMatrix_NotPositiveSemidefinite_ErrorOnMatrix()
    {
        var form = NewForm();
        var m = form.Matrix;
        var n = m.Length;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i][j] = i == j ? 1 : -0.5;
            }
        }

        var eval = form.SetMatrix(m);

        Assert.False(eval.IsValid);
        Assert.Contains(eval.ErrorsFor("correlation.matrix"), e => e.StartsWith("is not positive semidefinite", StringComparison.Ordinal));
        Assert.Contains(form.CellField(0, 1), eval.Changed);
    }

    [Fact]
    public void SetMatrix_CorrelationBeyondStepBound_WarnsOnEntry()
    {
        var form = NewForm();
        var (i, j) = (form.Assets.ToList().IndexOf("BTC"), form.Assets.ToList().IndexOf("ETH"));
        var m = form.Matrix;
        var v = Math.Round(m[i][j] - 0.25, 6);
        m = CorrelationEditing.WithCell(m, i, j, v);

        var eval = form.SetMatrix(m);

        Assert.True(eval.IsValid);
        Assert.EndsWith("needs a supermajority", eval.Warnings[form.CellField(i, j)], StringComparison.Ordinal);
    }

    [Fact]
    public void ShowServerErrors_ParamsField_ShownUntilNextEdit()
    {
        var form = NewForm();

        var eval = form.ShowServerErrors([new("params.assets.BTC.haircut", "refused by the server"), new("title", "is required")]);
        var after = form.Set("imMultiplier", Text(Ratified.ImMultiplier));

        Assert.Equal(["refused by the server"], eval.ErrorsFor("assets.BTC.haircut"));
        Assert.Empty(eval.ErrorsFor("title"));
        Assert.Empty(after.Errors);
    }
}
