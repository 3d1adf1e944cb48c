using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Tests.Support;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// <see cref="RegistryBounds.StepExceedances"/> and <see cref="RegistryBounds.HardLimitErrors"/> (the
/// domain's display of the bounds) against the registry's own decision, <c>checkProposal</c>, which is
/// the reference: on exact boundary cases, and on many generated sets around the bounds. The domain
/// agrees when StepExceedances is non-empty exactly when the registry asks for the supermajority, and
/// HardLimitErrors is non-empty exactly when the registry refuses with HardBoundExceeded (naming the
/// same first field).
/// </summary>
public sealed class StepBoundsAgreementTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly RegistryBounds Bounds = RegistryScenario.Bounds;
    private readonly AnvilFixture _node;

    public StepBoundsAgreementTests(AnvilFixture node) => _node = node;

    /// <summary>What the registry decides for a proposed set.</summary>
    private enum Decision
    {
        Majority,
        Supermajority,
        HardBound,
    }

    /// <summary>
    /// Named boundary cases on the example (BTC scanRange 0.15, volUp 0.5, haircut 0.05; ETH 0.2, 0.6,
    /// 0.25, 0.1; SOL 0.3, 0.8, 0.3, 0.25; imMultiplier 1; BTC/SOL 0.7, ETH/SOL 0.75) and, for the
    /// cases named "zero base", on the example with BTC's haircut and ETH's volDown at 0. Steps: 25 %
    /// for imMultiplier, 50 % per asset field, 0.2 absolute for a correlation.
    /// </summary>
    private static readonly Dictionary<string, (Decision Expected, Action<SetBuilder>[] Edits)> Cases = new(StringComparer.Ordinal)
    {
        ["unchanged"] = (Decision.Majority, []),
        ["scanRange +50 % exactly"] = (Decision.Majority, [b => b.Set("assets.BTC.scanRange", Rel(b, "assets.BTC.scanRange", "0.5", 0))]),
        ["scanRange +50 % + 1 wei"] = (Decision.Supermajority, [b => b.Set("assets.BTC.scanRange", Rel(b, "assets.BTC.scanRange", "0.5", 1))]),
        ["scanRange -50 % exactly"] = (Decision.Majority, [b => b.Set("assets.BTC.scanRange", Rel(b, "assets.BTC.scanRange", "-0.5", 0))]),
        ["scanRange -50 % - 1 wei"] = (Decision.Supermajority, [b => b.Set("assets.BTC.scanRange", Rel(b, "assets.BTC.scanRange", "-0.5", -1))]),
        ["volUp +50 % exactly"] = (Decision.Majority, [b => b.Set("assets.SOL.volUp", Rel(b, "assets.SOL.volUp", "0.5", 0))]),
        ["volUp +50 % + 1 wei"] = (Decision.Supermajority, [b => b.Set("assets.SOL.volUp", Rel(b, "assets.SOL.volUp", "0.5", 1))]),
        ["volDown -50 % - 1 wei"] = (Decision.Supermajority, [b => b.Set("assets.ETH.volDown", Rel(b, "assets.ETH.volDown", "-0.5", -1))]),
        ["haircut -50 % exactly"] = (Decision.Majority, [b => b.Set("assets.BTC.haircut", Rel(b, "assets.BTC.haircut", "-0.5", 0))]),
        ["haircut -50 % - 1 wei"] = (Decision.Supermajority, [b => b.Set("assets.BTC.haircut", Rel(b, "assets.BTC.haircut", "-0.5", -1))]),
        ["imMultiplier +25 % exactly"] = (Decision.Majority, [b => b.Set("imMultiplier", Rel(b, "imMultiplier", "0.25", 0))]),
        ["imMultiplier +25 % + 1 wei"] = (Decision.Supermajority, [b => b.Set("imMultiplier", Rel(b, "imMultiplier", "0.25", 1))]),
        ["imMultiplier -25 % exactly"] = (Decision.Majority, [b => b.Set("imMultiplier", Rel(b, "imMultiplier", "-0.25", 0))]),
        ["imMultiplier -25 % - 1 wei"] = (Decision.Supermajority, [b => b.Set("imMultiplier", Rel(b, "imMultiplier", "-0.25", -1))]),
        ["mmRatio and liquidationRatio moved far (no step bound)"] = (Decision.Majority, [b => b.Set("mmRatio", F("0.94")), b => b.Set("liquidationRatio", F("0.31"))]),
        ["correlation +0.2 exactly"] = (Decision.Majority, [b => b.SetCorrelation("BTC", "SOL", F("0.9"))]),
        ["correlation +0.2 + 1e-18"] = (Decision.Supermajority, [b => b.SetCorrelation("BTC", "SOL", SetBuilder.Plus(F("0.9"), 1))]),
        ["correlation -0.2 exactly"] = (Decision.Majority, [b => b.SetCorrelation("SOL", "ETH", F("0.55"))]),
        ["correlation -0.2 - 1e-18"] = (Decision.Supermajority, [b => b.SetCorrelation("SOL", "ETH", SetBuilder.Plus(F("0.55"), -1))]),
        ["assets reordered"] = (Decision.Majority, [b => Reorder(b, "SOL", "BTC", "ETH")]),
        ["assets reordered, SOL scanRange -50 % - 1 wei"] = (Decision.Supermajority,
            [b => Reorder(b, "SOL", "ETH", "BTC"), b => b.Set("assets.SOL.scanRange", Rel(b, "assets.SOL.scanRange", "-0.5", -1))]),
        ["assets reordered, BTC/SOL +0.2 + 1e-18"] = (Decision.Supermajority,
            [b => Reorder(b, "ETH", "SOL", "BTC"), b => b.SetCorrelation("SOL", "BTC", SetBuilder.Plus(F("0.9"), 1))]),
        ["assets reordered, BTC/SOL +0.2 exactly"] = (Decision.Majority, [b => Reorder(b, "ETH", "SOL", "BTC"), b => b.SetCorrelation("SOL", "BTC", F("0.9"))]),
        ["asset added at the end (its values and correlations have no base)"] = (Decision.Majority,
            [b => b.Assets.Add(new OnChainAssetParameters("DOGE", F("0.3"), F("2.5"), F("0.9"), F("0.8"))), b => b.SetCorrelation("DOGE", "BTC", F("-0.9"))]),
        ["asset added at the front"] = (Decision.Majority,
            [b => b.Assets.Insert(0, new OnChainAssetParameters("ADA", F("0.02"), F("0.01"), F("0.01"), F("0.01"))), b => b.SetCorrelation("ADA", "SOL", F("0.99"))]),
        ["asset added, an existing pair beyond its step"] = (Decision.Supermajority,
            [b => b.Assets.Insert(1, new OnChainAssetParameters("ADA", F("0.2"), F("0.5"), F("0.2"), F("0.1"))), b => b.SetCorrelation("ETH", "BTC", SetBuilder.Plus(F("0.65"), -1))]),
        ["asset removed"] = (Decision.Majority, [b => b.Assets.RemoveAll(a => a.Symbol == "ETH")]),
        ["asset removed, another beyond its step"] = (Decision.Supermajority,
            [b => b.Assets.RemoveAll(a => a.Symbol == "ETH"), b => b.Set("assets.SOL.haircut", Rel(b, "assets.SOL.haircut", "0.5", 1))]),
        ["asset replaced by another symbol (none of its values has a base)"] = (Decision.Majority, [b => Rename(b, "SOL", "AVAX"), b => b.SetCorrelation("AVAX", "BTC", F("-1"))]),
        ["zero base: haircut stays 0"] = (Decision.Majority, []),
        ["zero base: haircut from 0 to 1 wei"] = (Decision.Supermajority, [b => b.Set("assets.BTC.haircut", FixedPoint18.FromRaw(1))]),
        ["zero base: volDown from 0 to 0.1"] = (Decision.Supermajority, [b => b.Set("assets.ETH.volDown", F("0.1"))]),
        ["zero base: another field moves within its step"] = (Decision.Majority, [b => b.Set("assets.BTC.volUp", Rel(b, "assets.BTC.volUp", "0.5", 0))]),
        ["scanRange at the hard minimum"] = (Decision.Supermajority, [b => b.Set("assets.ETH.scanRange", F("0.01"))]),
        ["scanRange 1 wei below the hard minimum"] = (Decision.HardBound, [b => b.Set("assets.ETH.scanRange", SetBuilder.Plus(F("0.01"), -1))]),
        ["haircut at the hard maximum"] = (Decision.Supermajority, [b => b.Set("assets.SOL.haircut", F("0.9"))]),
        ["haircut 1 wei above the hard maximum"] = (Decision.HardBound, [b => b.Set("assets.SOL.haircut", SetBuilder.Plus(F("0.9"), 1))]),
        ["imMultiplier at the hard maximum"] = (Decision.Supermajority, [b => b.Set("imMultiplier", F("3"))]),
        ["imMultiplier 1 wei above the hard maximum"] = (Decision.HardBound, [b => b.Set("imMultiplier", SetBuilder.Plus(F("3"), 1))]),
        ["imMultiplier 1 wei below the hard minimum"] = (Decision.HardBound, [b => b.Set("imMultiplier", SetBuilder.Plus(F("0.5"), -1))]),
        ["mmRatio 1 wei above the hard maximum"] = (Decision.HardBound, [b => b.Set("mmRatio", SetBuilder.Plus(F("0.95"), 1))]),
        ["mmRatio 1 wei below the hard minimum"] = (Decision.HardBound, [b => b.Set("mmRatio", SetBuilder.Plus(F("0.3"), -1))]),
        ["liquidationRatio 1 wei above the hard maximum"] = (Decision.HardBound, [b => b.Set("liquidationRatio", SetBuilder.Plus(F("0.99"), 1))]),
        ["volUp 1 wei above the hard maximum"] = (Decision.HardBound, [b => b.Set("assets.BTC.volUp", SetBuilder.Plus(F("3"), 1))]),
        ["volDown 1 wei above the hard maximum"] = (Decision.HardBound, [b => b.Set("assets.BTC.volDown", SetBuilder.Plus(F("1"), 1))]),
        ["two fields outside, the global one is named first"] = (Decision.HardBound, [b => b.Set("assets.BTC.haircut", F("0.95")), b => b.Set("liquidationRatio", F("0.2"))]),
        ["an added asset outside a hard limit"] = (Decision.HardBound, [b => b.Assets.Add(new OnChainAssetParameters("DOGE", F("0.2"), F("0.5"), F("0.2"), F("0.91")))]),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task CheckProposal_BoundaryCase_RegistryDecidesAsDocumentedAndTheDomainAgrees(string name)
    {
        var (expected, edits) = Cases[name];
        var zeroBase = name.StartsWith("zero base", StringComparison.Ordinal);
        var baseSet = zeroBase ? ZeroBase() : TestParameters.Example();
        var registry = zeroBase
            ? (await CustomRegistry.DeployAsync(_node, baseSet, [1, 1, 1, 2, 2], Ct)).Registry
            : (await RegistryScenario.DeployAsync(_node, Ct)).Registry;
        var b = new SetBuilder(baseSet);
        foreach (var edit in edits)
        {
            edit(b);
        }

        var proposed = b.Build(name);

        var decision = await DecideAsync(registry, proposed, 1);

        Assert.Equal(expected, decision.Decision);
        AssertDomainAgrees(proposed, baseSet, decision, name);
    }

    /// <summary>Hundreds of sets around the bounds on the example and on the ten-asset set: the registry decides, the domain must say the same.</summary>
    [Theory]
    [InlineData("example", 20261124, 300)]
    [InlineData("ten assets", 31337, 120)]
    public async Task CheckProposal_GeneratedSetsAroundTheBounds_DomainAgreesWithTheRegistry(string set, int seed, int count)
    {
        var baseSet = set == "example" ? TestParameters.Example() : SetBuilder.TenAssets();
        var registry = (await CustomRegistry.DeployAsync(_node, baseSet, [1, 1, 1, 2, 2], Ct)).Registry;
        var random = new Random(seed);
        var seen = new Dictionary<Decision, int> { [Decision.Majority] = 0, [Decision.Supermajority] = 0, [Decision.HardBound] = 0 };

        for (var i = 0; i < count; i++)
        {
            var (proposed, description) = Generate(baseSet, random, $"{set} #{i}");
            var decision = await DecideAsync(registry, proposed, 1, description);
            seen[decision.Decision]++;
            AssertDomainAgrees(proposed, baseSet, decision, description);
        }

        // The generator must exercise every outcome, or the agreement above proves little.
        Assert.All(seen, kv => Assert.True(kv.Value >= count / 10, $"{kv.Key}: only {kv.Value} of {count} generated sets ({string.Join(", ", seen)})"));
    }

    private static void AssertDomainAgrees(OnChainParameterSet proposed, OnChainParameterSet baseSet, (Decision Decision, string? HardField) decision, string description)
    {
        var hard = Bounds.HardLimitErrors(proposed);
        var steps = Bounds.StepExceedances(proposed, baseSet);
        switch (decision.Decision)
        {
            case Decision.HardBound:
                Assert.True(hard.Count > 0, $"{description}: the registry refuses {decision.HardField} as outside its hard limits; the domain finds nothing.");
                Assert.Equal(decision.HardField, hard[0].Field);
                break;
            default:
                Assert.True(hard.Count == 0, $"{description}: the registry accepts the set; the domain says {string.Join("; ", hard)}.");
                Assert.True(
                    steps.Count > 0 == (decision.Decision == Decision.Supermajority),
                    $"{description}: the registry says supermajority = {decision.Decision == Decision.Supermajority}; the domain found [{string.Join("; ", steps)}].");
                break;
        }
    }

    private static async Task<(Decision Decision, string? HardField)> DecideAsync(RiskParameterRegistryService registry, OnChainParameterSet proposed, long baseVersion, string? description = null)
    {
        try
        {
            var supermajority = await registry.CheckProposalAsync(new ParametersPayload(proposed), proposed.ParamsHash, baseVersion, Ct);
            return (supermajority ? Decision.Supermajority : Decision.Majority, null);
        }
        catch (ContractRevertException e) when (e.ErrorName == "HardBoundExceeded")
        {
            return (Decision.HardBound, RegistryRefusals.Explain(e).Field);
        }
        catch (ContractRevertException e)
        {
            throw new InvalidOperationException($"{description}: the generated set is invalid for another reason ({e.Message}); fix the generator.", e);
        }
    }

    /// <summary>A random set near the base: each field kept, moved to (or 1 wei around) its step bound, moved at random, or pushed near a hard limit; sometimes reordered, extended or shortened.</summary>
    private static (OnChainParameterSet Set, string Description) Generate(OnChainParameterSet baseSet, Random random, string label)
    {
        var b = new SetBuilder(baseSet);
        var changes = new List<string>();
        var maxScan = FixedPoint18.FromRaw((FixedPoint18.Scale * FixedPoint18.Scale - 1) / baseSet.Grid.ExtremeMultiple.Raw);

        void Move(string field, FixedPoint18 step, ValueLimit hard, FixedPoint18 validMax, double probability)
        {
            if (random.NextDouble() >= probability)
            {
                return;
            }

            var old = b.Get(field);
            var wei = random.Next(-1, 2);
            var value = random.Next(4) switch
            {
                0 => FixedPoint18.FromRaw(old.Raw + old.Raw * step.Raw / FixedPoint18.Scale + wei),
                1 => FixedPoint18.FromRaw(old.Raw - old.Raw * step.Raw / FixedPoint18.Scale + wei),
                2 => FixedPoint18.FromRaw(old.Raw * (1_000 + random.Next(-700, 701)) / 1_000),
                _ => random.Next(2) == 0 ? SetBuilder.Plus(hard.Min, wei) : SetBuilder.Plus(hard.Max, wei),
            };
            if (value.Raw <= 0 || value > validMax)
            {
                return; // outside what the registry's validation accepts at all: not a bounds case.
            }

            b.Set(field, value);
            changes.Add($"{field} {old} -> {value}");
        }

        Move("imMultiplier", Bounds.ImMultiplierStep, Bounds.ImMultiplier, F("100"), 0.25);
        Move("mmRatio", FixedPoint18.Zero, Bounds.MmRatio, FixedPoint18.One, 0.1);
        Move("liquidationRatio", FixedPoint18.Zero, Bounds.LiquidationRatio, FixedPoint18.One, 0.1);
        foreach (var asset in baseSet.Assets.Select(a => a.Symbol))
        {
            var probability = 2.0 / baseSet.Assets.Length / 4;
            Move($"assets.{asset}.scanRange", Bounds.ScanRangeStep, Bounds.ScanRange, maxScan, probability);
            Move($"assets.{asset}.volUp", Bounds.VolUpStep, Bounds.VolUp, F("100"), probability);
            Move($"assets.{asset}.volDown", Bounds.VolDownStep, Bounds.VolDown, F("100"), probability);
            Move($"assets.{asset}.haircut", Bounds.HaircutStep, Bounds.Haircut, SetBuilder.Plus(FixedPoint18.One, -1), probability);
        }

        var pairs = baseSet.CorrelationPairs().ToList();
        foreach (var (x, y, old) in pairs)
        {
            if (random.NextDouble() >= 2.0 / pairs.Count)
            {
                continue;
            }

            var wei = random.Next(-1, 2);
            var moved = random.Next(3) switch
            {
                0 => old.Raw + Bounds.CorrelationStep.Raw + wei,
                1 => old.Raw - Bounds.CorrelationStep.Raw + wei,
                _ => old.Raw + FixedPoint18.Scale * random.Next(-300, 301) / 1_000,
            };
            var value = FixedPoint18.FromRaw(BigInteger.Clamp(moved, -FixedPoint18.Scale, FixedPoint18.Scale));
            b.SetCorrelation(x, y, value);
            changes.Add($"correlation {x}/{y} {old} -> {value}");
        }

        if (random.NextDouble() < 0.15)
        {
            var order = b.Assets.OrderBy(_ => random.Next()).ToList();
            b.Assets.Clear();
            b.Assets.AddRange(order);
            changes.Add($"order {string.Join(",", order.Select(a => a.Symbol))}");
        }

        if (random.NextDouble() < 0.08)
        {
            b.Assets.Insert(random.Next(b.Assets.Count + 1), new OnChainAssetParameters("NEW", F("0.25"), F("0.5"), F("0.25"), F("0.1")));
            b.SetCorrelation("NEW", baseSet.Assets[0].Symbol, F("0.5"));
            changes.Add("asset NEW added");
        }

        if (random.NextDouble() < 0.08 && b.Assets.Count > 2)
        {
            var gone = b.Assets[random.Next(b.Assets.Count)];
            b.Assets.Remove(gone);
            changes.Add($"asset {gone.Symbol} removed");
        }

        return (b.Build(label), $"{label} [{string.Join("; ", changes)}]");
    }

    private static OnChainParameterSet ZeroBase()
    {
        var b = new SetBuilder(TestParameters.Example());
        b.Set("assets.BTC.haircut", FixedPoint18.Zero);
        b.Set("assets.ETH.volDown", FixedPoint18.Zero);
        return b.Build("zero base");
    }

    private static FixedPoint18 Rel(SetBuilder b, string field, string relative, int wei) => SetBuilder.Scaled(b.Get(field), F(relative), wei);

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in place: volUp and volDown kept, scanRange 0.01 and haircut 0.9 (far from SOL's, but with no base to compare).</summary>
    private static void Rename(SetBuilder b, string from, string to)
    {
        var old = b.Asset(from);
        b.Assets[b.Assets.IndexOf(old)] = new OnChainAssetParameters(to, F("0.01"), old.VolUp, old.VolDown, F("0.9"));
    }

    private static void Reorder(SetBuilder b, params string[] order)
    {
        var assets = order.Select(b.Asset).ToList();
        b.Assets.Clear();
        b.Assets.AddRange(assets);
    }

    private static FixedPoint18 F(string text) => FixedPoint18.Parse(text, "t");
}
