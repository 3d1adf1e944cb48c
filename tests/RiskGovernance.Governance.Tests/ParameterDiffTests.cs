using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// The field-by-field diff against the set in force, and the three-way merge that rebases a
/// proposal drafted on an older version onto the version in force.
/// </summary>
public sealed class ParameterDiffTests
{
    private static OnChainParameterSet Base => Samples.Example();

    private static OnChainParameterSet With(params (string Field, string Value)[] changes) => Samples.With(Base, changes);

    private static OnChainParameterSet WithXrp(OnChainParameterSet set, params (string Field, string Value)[] more) => Samples.With(set,
    [
        ("correlation.assets", "BTC,ETH,SOL,XRP"), ("assets.XRP.scanRange", "0.4"), ("assets.XRP.volUp", "0.9"), ("assets.XRP.volDown", "0.3"),
        ("assets.XRP.haircut", "0.3"), ("correlation.BTC.XRP", "0.5"), ("correlation.ETH.XRP", "0.5"), ("correlation.SOL.XRP", "0.5"), .. more,
    ]);

    private static IReadOnlyDictionary<string, string> Flat(OnChainParameterSet s) => OnChainParameterCodec.Flatten(s);

    // ------------------------------------------------------------------ Between

    [Fact]
    public void Between_TwoChanges_FieldOldAndNewInRegistryText()
    {
        var changes = ParameterDiff.Between(Base, With(("assets.BTC.scanRange", "0.2"), ("correlation.BTC.ETH", "0.8")));

        Assert.Equal(
            [new ParameterChange("assets.BTC.scanRange", "0.15", "0.2", false), new ParameterChange("correlation.BTC.ETH", "0.85", "0.8", false)],
            changes);
    }

    [Fact]
    public void Between_ExceedingAndConflicting_FlaggedOnTheirRows()
    {
        var changes = ParameterDiff.Between(
            Base, With(("assets.BTC.scanRange", "0.3"), ("assets.ETH.haircut", "0.12")), exceeding: ["assets.BTC.scanRange"], conflicts: ["assets.ETH.haircut"]);

        Assert.Equal(
            [new ParameterChange("assets.BTC.scanRange", "0.15", "0.3", true), new ParameterChange("assets.ETH.haircut", "0.1", "0.12", false, Conflict: true)],
            changes);
    }

    [Fact]
    public void Between_SameSet_NoChanges() => Assert.Empty(ParameterDiff.Between(Base, Samples.Example()));

    [Fact]
    public void Between_NoSetInForce_EveryFieldFromAbsent()
    {
        var changes = ParameterDiff.Between(null, Base);

        Assert.Equal(Flat(Base).Count - 1, changes.Count); // every field but the params hash
        Assert.All(changes, c => Assert.Equal("(absent)", c.Old));
        Assert.Contains(new ParameterChange("assets.SOL.haircut", "(absent)", "0.25", false), changes);
    }

    [Fact]
    public void Between_AssetRemoved_ListChangesAndItsFieldsBecomeAbsent()
    {
        var changes = ParameterDiff.Between(Base, With(("correlation.assets", "BTC,ETH")));

        Assert.Contains(new ParameterChange("correlation.assets", "BTC,ETH,SOL", "BTC,ETH", false), changes);
        Assert.Contains(new ParameterChange("assets.SOL.scanRange", "0.3", "(absent)", false), changes);
        Assert.Contains(new ParameterChange("correlation.ETH.SOL", "0.75", "(absent)", false), changes);
        Assert.Equal(1 + 4 + 2, changes.Count);
    }

    // ------------------------------------------------------------------ Rebase

    [Fact]
    public void Rebase_FieldChangedOnlyByTheProposal_TakesTheProposalsValue()
    {
        var r = ParameterDiff.Rebase(Base, With(("assets.BTC.scanRange", "0.18")), Base);

        Assert.Equal("0.18", Flat(r.Merged)["assets.BTC.scanRange"]);
        Assert.Empty(r.Conflicts);
        Assert.Equal([new ParameterChange("assets.BTC.scanRange", "0.15", "0.18", false)], ParameterDiff.Between(Base, r.Merged));
    }

    [Fact]
    public void Rebase_FieldChangedOnlyByTheNewerVersion_KeepsTheNewerValue()
    {
        var current = With(("assets.BTC.scanRange", "0.2"), ("imMultiplier", "1.1"));

        var r = ParameterDiff.Rebase(Base, With(("assets.ETH.haircut", "0.12")), current);

        Assert.Equal(("0.2", "1.1", "0.12"), (Flat(r.Merged)["assets.BTC.scanRange"], Flat(r.Merged)["imMultiplier"], Flat(r.Merged)["assets.ETH.haircut"]));
        Assert.Empty(r.Conflicts);
        Assert.Equal([new ParameterChange("assets.ETH.haircut", "0.1", "0.12", false)], ParameterDiff.Between(current, r.Merged));
    }

    /// <summary>
    /// The case: P2 (BTC scan range 0.15 -&gt; 0.20, BTC/ETH 0.85 -&gt; 0.80) executed; P3 (ETH haircut
    /// only) was drafted on the version before. Rebased, P3 keeps P2's BTC values and changes only the ETH haircut.
    /// </summary>
    [Fact]
    public void Rebase_OlderProposalOnANewerVersion_DoesNotUndoTheNewerVersion()
    {
        var p2 = With(("assets.BTC.scanRange", "0.2"), ("correlation.BTC.ETH", "0.8"));
        var p3 = With(("assets.ETH.haircut", "0.12"));

        var r = ParameterDiff.Rebase(Base, p3, p2);

        Assert.Empty(r.Conflicts);
        Assert.Equal([new ParameterChange("assets.ETH.haircut", "0.1", "0.12", false)], ParameterDiff.Between(p2, r.Merged));
        Assert.Contains(new ParameterChange("assets.BTC.scanRange", "0.2", "0.15", false), ParameterDiff.Between(p2, p3)); // what P3 unrebased would do
    }

    [Fact]
    public void Rebase_FieldChangedByBothDifferently_KeepsTheProposalsValueAndFlagsIt()
    {
        var current = With(("assets.BTC.scanRange", "0.2"), ("correlation.BTC.ETH", "0.8"));
        var proposed = With(("assets.BTC.scanRange", "0.18"), ("correlation.BTC.ETH", "0.9"), ("assets.ETH.haircut", "0.12"));

        var r = ParameterDiff.Rebase(Base, proposed, current);

        Assert.Equal(["assets.BTC.scanRange", "correlation.BTC.ETH"], r.Conflicts.Order(StringComparer.Ordinal));
        Assert.Equal(("0.18", "0.9", "0.12"), (Flat(r.Merged)["assets.BTC.scanRange"], Flat(r.Merged)["correlation.BTC.ETH"], Flat(r.Merged)["assets.ETH.haircut"]));
    }

    [Fact]
    public void Rebase_FieldChangedByBothToTheSameValue_NoConflict()
    {
        var both = With(("assets.BTC.scanRange", "0.2"));

        var r = ParameterDiff.Rebase(Base, both, With(("assets.BTC.scanRange", "0.2"), ("imMultiplier", "1.1")));

        Assert.Empty(r.Conflicts);
        Assert.Equal(("0.2", "1.1"), (Flat(r.Merged)["assets.BTC.scanRange"], Flat(r.Merged)["imMultiplier"]));
    }

    [Fact]
    public void Rebase_AssetAddedByTheProposal_AddedToTheNewerVersion()
    {
        var current = With(("assets.BTC.scanRange", "0.2"));

        var r = ParameterDiff.Rebase(Base, WithXrp(Base), current);

        Assert.Empty(r.Conflicts);
        Assert.Equal(["BTC", "ETH", "SOL", "XRP"], r.Merged.Assets.Select(a => a.Symbol));
        Assert.Equal(("0.2", "0.4", "0.5"), (Flat(r.Merged)["assets.BTC.scanRange"], Flat(r.Merged)["assets.XRP.scanRange"], Flat(r.Merged)["correlation.ETH.XRP"]));
    }

    [Fact]
    public void Rebase_AssetAddedByTheNewerVersion_KeptWithTheProposalsChange()
    {
        var current = WithXrp(Base);

        var r = ParameterDiff.Rebase(Base, With(("assets.ETH.haircut", "0.12")), current);

        Assert.Empty(r.Conflicts);
        Assert.Equal(["BTC", "ETH", "SOL", "XRP"], r.Merged.Assets.Select(a => a.Symbol));
        Assert.Equal([new ParameterChange("assets.ETH.haircut", "0.1", "0.12", false)], ParameterDiff.Between(current, r.Merged));
    }

    [Fact]
    public void Rebase_BothChangedTheAssetList_RefusedNamingRebase()
    {
        var proposed = WithXrp(Base);
        var current = With(("correlation.assets", "BTC,ETH"));

        var ex = Assert.Throws<InputValidationException>(() => ParameterDiff.Rebase(Base, proposed, current));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("rebase", error.Field);
        Assert.Contains("asset list", error.Message, StringComparison.Ordinal);
        Assert.Contains("BTC,ETH,SOL,XRP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebase_Merged_IsAValidParameterSetForTheEngine()
    {
        var r = ParameterDiff.Rebase(Base, With(("assets.ETH.haircut", "0.12")), With(("assets.BTC.scanRange", "0.2"), ("correlation.BTC.ETH", "0.8")));

        var set = OnChainParameterCodec.FromOnChain(r.Merged);

        Assert.Equal(0.12, set.Asset("ETH").Haircut);
        Assert.Equal(0.2, set.Asset("BTC").ScanRange);
    }
}
