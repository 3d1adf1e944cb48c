using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// The registry's bounds as the domain reads them for display, with the contract's own integer
/// arithmetic: exact at the boundary, one unit of 1e-18 beyond it on the other side. The bounds are
/// the deployment defaults: hard limits imMultiplier [0.5, 3], mmRatio [0.3, 0.95],
/// liquidationRatio [0.3, 0.99], scanRange [0.01, 1], volUp [0, 3], volDown [0, 1], haircut [0, 0.9];
/// steps 25 % for imMultiplier, 50 % per asset, 0.2 absolute for a correlation.
/// </summary>
public sealed class RegistryBoundsTests
{
    private static readonly RegistryBounds Bounds = RegistryDefaults.Bounds;

    private static OnChainParameterSet Base => Samples.Example();

    private static OnChainParameterSet With(params (string Field, string Value)[] changes) => Samples.With(Base, changes);

    [Theory]
    [InlineData("assets.BTC.haircut", "0.9", false)]
    [InlineData("assets.BTC.haircut", "0.900000000000000001", true)]
    [InlineData("assets.ETH.haircut", "0", false)]
    [InlineData("assets.ETH.haircut", "-0.000000000000000001", true)]
    [InlineData("assets.SOL.scanRange", "0.01", false)]
    [InlineData("assets.SOL.scanRange", "0.009999999999999999", true)]
    [InlineData("assets.BTC.scanRange", "1", false)]
    [InlineData("assets.BTC.scanRange", "1.000000000000000001", true)]
    [InlineData("assets.BTC.volUp", "3.000000000000000001", true)]
    [InlineData("assets.BTC.volDown", "1.000000000000000001", true)]
    [InlineData("imMultiplier", "0.5", false)]
    [InlineData("imMultiplier", "0.499999999999999999", true)]
    [InlineData("imMultiplier", "3.000000000000000001", true)]
    [InlineData("mmRatio", "0.950000000000000001", true)]
    [InlineData("liquidationRatio", "0.299999999999999999", true)]
    [InlineData("liquidationRatio", "0.99", false)]
    public void HardLimitErrors_AtAndJustBeyondTheLimit_InclusiveRangeNamingTheField(string field, string value, bool refused)
    {
        var errors = Bounds.HardLimitErrors(With((field, value)));

        if (refused)
        {
            var error = Assert.Single(errors);
            Assert.Equal($"params.{field}", error.Field);
            Assert.Contains($"{value} is outside the registry's hard limits {Bounds.HardLimitOf(field)}", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void HardLimitErrors_SeveralFields_EachNamed()
    {
        var errors = Bounds.HardLimitErrors(With(("imMultiplier", "4"), ("assets.SOL.haircut", "0.95"), ("assets.ETH.volUp", "3.5")));

        Assert.Equal(["params.imMultiplier", "params.assets.ETH.volUp", "params.assets.SOL.haircut"], errors.Select(e => e.Field));
    }

    [Fact]
    public void HardLimitErrors_ExampleSet_None() => Assert.Empty(Bounds.HardLimitErrors(Base));

    [Theory]
    // Relative 50 %: |new - old| * 1e18 > 0.5 * |old|, in integers. BTC scanRange 0.15: 0.225 is exactly 50 %.
    [InlineData("assets.BTC.scanRange", "0.225", false)]
    [InlineData("assets.BTC.scanRange", "0.225000000000000001", true)]
    [InlineData("assets.BTC.scanRange", "0.075", false)]
    [InlineData("assets.BTC.scanRange", "0.074999999999999999", true)]
    [InlineData("assets.ETH.haircut", "0.15", false)]
    [InlineData("assets.ETH.haircut", "0.150000000000000001", true)]
    [InlineData("assets.SOL.volUp", "1.2", false)]
    [InlineData("assets.SOL.volUp", "1.200000000000000001", true)]
    [InlineData("assets.BTC.volDown", "0.125", false)]
    [InlineData("assets.BTC.volDown", "0.124999999999999999", true)]
    // Relative 25 % on imMultiplier 1.
    [InlineData("imMultiplier", "1.25", false)]
    [InlineData("imMultiplier", "1.250000000000000001", true)]
    [InlineData("imMultiplier", "0.75", false)]
    [InlineData("imMultiplier", "0.749999999999999999", true)]
    // Absolute 0.2 on a correlation (BTC/ETH 0.85, ETH/SOL 0.75).
    [InlineData("correlation.BTC.ETH", "0.65", false)]
    [InlineData("correlation.BTC.ETH", "0.649999999999999999", true)]
    [InlineData("correlation.ETH.SOL", "0.95", false)]
    [InlineData("correlation.ETH.SOL", "0.950000000000000001", true)]
    // Fields without a step bound.
    [InlineData("mmRatio", "0.9", false)]
    [InlineData("grid.steps", "9", false)]
    public void StepExceedances_AtAndJustBeyondTheStep_ExactIntegerComparison(string field, string value, bool exceeded)
    {
        var found = Bounds.StepExceedances(With((field, value)), Base);

        if (exceeded)
        {
            var x = Assert.Single(found);
            Assert.Equal(field, x.Field);
            Assert.Equal(FixedPoint18.Parse(value, field), x.New);
            Assert.Equal(FixedPoint18.Parse(Flat(Base)[field], field), x.Old);
            Assert.Equal(Bounds.StepOf(field)!.Value.Step, x.Step);
        }
        else
        {
            Assert.Empty(found);
        }
    }

    [Fact]
    public void StepExceedances_FromZero_AnyChangeExceeds()
    {
        var zeroHaircut = With(("assets.BTC.haircut", "0"));

        var found = Bounds.StepExceedances(Samples.With(zeroHaircut, ("assets.BTC.haircut", "0.000000000000000001")), zeroHaircut);

        Assert.Equal("assets.BTC.haircut", Assert.Single(found).Field);
        Assert.Empty(Bounds.StepExceedances(zeroHaircut, zeroHaircut));
    }

    [Fact]
    public void StepExceedances_ZeroStep_NoBound()
    {
        var unbounded = Bounds with { ScanRangeStep = FixedPoint18.Zero, CorrelationStep = FixedPoint18.Zero };

        Assert.Empty(unbounded.StepExceedances(With(("assets.BTC.scanRange", "0.9"), ("correlation.BTC.ETH", "0")), Base));
        Assert.Null(unbounded.StepOf("assets.BTC.scanRange"));
        Assert.Null(unbounded.StepOf("correlation.BTC.ETH"));
    }

    [Fact]
    public void StepExceedances_NoBase_None() => Assert.Empty(Bounds.StepExceedances(With(("assets.BTC.scanRange", "0.9")), null));

    [Fact]
    public void StepExceedances_AssetAbsentFromTheBase_NoBound()
    {
        var withoutSol = Samples.With(Base, ("correlation.assets", "BTC,ETH"));
        var proposed = With(("assets.SOL.scanRange", "0.9"), ("assets.BTC.scanRange", "0.3"));

        Assert.Equal(["assets.BTC.scanRange"], Bounds.StepExceedances(proposed, withoutSol).Select(x => x.Field));
    }

    [Fact]
    public void StepExceedances_SeveralFields_AllListed()
    {
        var found = Bounds.StepExceedances(With(("imMultiplier", "2"), ("assets.ETH.scanRange", "0.5"), ("correlation.BTC.SOL", "0.1")), Base);

        Assert.Equal(["imMultiplier", "assets.ETH.scanRange", "correlation.BTC.SOL"], found.Select(x => x.Field));
    }

    [Theory]
    [InlineData("imMultiplier", "0.25", true)]
    [InlineData("assets.BTC.scanRange", "0.5", true)]
    [InlineData("assets.SOL.haircut", "0.5", true)]
    [InlineData("correlation.BTC.ETH", "0.2", false)]
    public void StepOf_Field_TheBoundAndWhetherRelative(string field, string step, bool relative)
        => Assert.Equal((FixedPoint18.Parse(step, field), relative), Bounds.StepOf(field));

    [Theory]
    [InlineData("mmRatio")]
    [InlineData("correlation.assets")]
    [InlineData("grid.steps")]
    public void StepOf_FieldWithoutStep_Null(string field) => Assert.Null(Bounds.StepOf(field));

    [Fact]
    public void Flatten_FromFlattened_RoundTrips()
    {
        var flat = Bounds.Flatten();

        Assert.Equal("0.9", flat["bounds.haircut.max"]);
        Assert.Equal("0.2", flat["bounds.correlationStep"]);
        Assert.Equal(20, flat.Count);
        Assert.Equal(Bounds, RegistryBounds.FromFlattened(flat));
    }

    [Fact]
    public void FromFlattened_MissingField_ThrowsNamingIt()
    {
        var flat = new Dictionary<string, string>(Bounds.Flatten());
        flat.Remove("bounds.volUp.max");

        var ex = Assert.Throws<FormatException>(() => RegistryBounds.FromFlattened(flat));

        Assert.Contains("bounds.volUp.max", ex.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyDictionary<string, string> Flat(OnChainParameterSet s) => OnChainParameterCodec.Flatten(s);
}
