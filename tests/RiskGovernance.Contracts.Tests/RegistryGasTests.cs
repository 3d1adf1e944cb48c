using Nethereum.Contracts;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Contracts.Tests.Support;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// What a protocol contract pays to read one ratified value, measured on chain with
/// contracts/RegistryGasMeter.sol (a cold call from a contract) on the ten-asset set (45
/// correlations) with a second version, so that the *At readers read a version that is not the
/// current one: at most 50,000 gas per single-value getter. And ExampleMarginConsumer margins from
/// the registry as it did before the registry changed.
/// </summary>
public sealed class RegistryGasTests : IClassFixture<AnvilFixture>
{
    private const long Limit = 50_000;
    private const long ColdAccountAccess = 2_600;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public RegistryGasTests(AnvilFixture node) => _node = node;

    [Fact]
    public async Task SingleValueGetters_TenAssetsTwoVersions_EachAtMost50000Gas()
    {
        var genesis = SetBuilder.TenAssets();
        var r = await CustomRegistry.DeployAsync(_node, genesis, [1, 1, 1, 2, 2], Ct);
        await r.EnactAsync(_node, Revised(genesis), Ct, 4, 5);
        var meter = await GasMeter.DeployAsync(new TransactionSender(_node.CreateClient()), DevelopmentKeys.Key(8), Ct);
        var symbols = genesis.Assets.Select(a => Bytes32Field.Encode(a.Symbol, "symbol")).ToList();
        long[] versions = [1, 2];
        var calls = new List<(string Getter, string Arguments, byte[] Data)>
        {
            ("currentVersion()", "", new CurrentVersionFunction().GetCallData()),
            ("globalParameters()", "", new GlobalParametersFunction().GetCallData()),
            ("gridParameters()", "", new GridParametersFunction().GetCallData()),
            ("simulationParameters()", "", new SimulationParametersFunction().GetCallData()),
        };
        foreach (var v in versions)
        {
            calls.Add(("paramsHash(v)", $"{v}", new ParamsHashFunction { Version = v }.GetCallData()));
            calls.Add(("versionInfo(v)", $"{v}", new VersionInfoFunction { Version = v }.GetCallData()));
            calls.Add(("globalParametersAt(v)", $"{v}", new GlobalParametersAtFunction { Version = v }.GetCallData()));
            calls.Add(("gridParametersAt(v)", $"{v}", new GridParametersAtFunction { Version = v }.GetCallData()));
            calls.Add(("simulationParametersAt(v)", $"{v}", new SimulationParametersAtFunction { Version = v }.GetCallData()));
        }

        foreach (var (a, i) in symbols.Select((s, i) => (s, i)))
        {
            var name = genesis.Assets[i].Symbol;
            calls.Add(("assetParameters(sym)", name, new AssetParametersFunction { Symbol = a }.GetCallData()));
            foreach (var v in versions)
            {
                calls.Add(("assetParametersAt(v, sym)", $"{v}, {name}", new AssetParametersAtFunction { Version = v, Symbol = a }.GetCallData()));
            }

            foreach (var (b, j) in symbols.Select((s, j) => (s, j)))
            {
                var pair = $"{name}, {genesis.Assets[j].Symbol}";
                calls.Add(("correlation(a, b)", pair, new CorrelationFunction { A = a, B = b }.GetCallData()));
                foreach (var v in versions)
                {
                    calls.Add(("correlationAt(v, a, b)", $"{v}, {pair}", new CorrelationAtFunction { Version = v, A = a, B = b }.GetCallData()));
                }
            }
        }

        var measured = new List<(string Getter, string Arguments, long Gas)>();
        foreach (var (getter, arguments, data) in calls)
        {
            measured.Add((getter, arguments, await meter.MeasureAsync(r.Registry.Address, data, Ct)));
        }

        var over = measured.Where(m => m.Gas > Limit).Select(m => $"{m.Getter} [{m.Arguments}]: {m.Gas}").ToList();
        Assert.True(over.Count == 0, $"getters above {Limit} gas: {string.Join("; ", over)}");
        Assert.All(measured, m => Assert.True(m.Gas > ColdAccountAccess, $"{m.Getter} [{m.Arguments}]: {m.Gas} is below a cold call's account access; the meter measured nothing."));
        Assert.Equal(13, measured.Select(m => m.Getter).Distinct().Count());
        Assert.Equal(4 + 5 * 2 + 10 * 3 + 100 * 3, measured.Count);
    }

    [Fact]
    public async Task Meter_FailingCall_RevertsInsteadOfReportingGas()
    {
        var r = await CustomRegistry.DeployAsync(_node, TestParameters.Example(), [1, 1, 1, 2, 2], Ct);
        var meter = await GasMeter.DeployAsync(new TransactionSender(_node.CreateClient()), DevelopmentKeys.Key(8), Ct);

        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => meter.MeasureAsync(r.Registry.Address, new AssetParametersFunction { Symbol = Bytes32Field.Encode("NOPE", "symbol") }.GetCallData(), Ct));

        var revert = ContractArtifact.RegistryGasMeter.Errors.TryDecode(error);
        Assert.NotNull(revert);
        Assert.Equal("CallFailed", revert.ErrorName);
        // The reason it carries is the registry's own revert: UnknownAsset(1, "NOPE").
        var inner = ContractArtifact.RiskParameterRegistry.Errors.TryDecode(new SmartContractCustomErrorRevertException(revert.Arguments[0]));
        Assert.Equal("UnknownAsset", inner!.ErrorName);
    }

    /// <summary>
    /// The consumer's margin, |q| S scanRange max(1, extremeMultiple x extremeCoverage) imMultiplier,
    /// computed independently in decimal, for every asset of the ten-asset set, in version 1 and after
    /// a second version changed scan ranges and imMultiplier; and the consumer pays at most three
    /// single-value reads for it.
    /// </summary>
    [Fact]
    public async Task ExampleMarginConsumer_TenAssets_MarginsFromTheCurrentVersion()
    {
        var genesis = SetBuilder.TenAssets();
        var r = await CustomRegistry.DeployAsync(_node, genesis, [1, 1, 1, 2, 2], Ct);
        var sender = new TransactionSender(_node.CreateClient());
        var consumer = await ExampleMarginConsumerService.DeployAsync(sender, DevelopmentKeys.Key(8), r.Registry.Address, Ct);
        var quantity = FixedPoint18.FromDecimal(-2.5m, "q");
        var price = FixedPoint18.FromDecimal(18547.23m, "S");

        var before = new Dictionary<string, decimal>();
        foreach (var a in genesis.Assets)
        {
            before[a.Symbol] = (await consumer.InitialMarginAsync(a.Symbol, quantity, price, Ct)).ToDecimal();
        }

        var revised = Revised(genesis);
        await r.EnactAsync(_node, revised, Ct, 4, 5);
        var after = new Dictionary<string, decimal>();
        foreach (var a in revised.Assets)
        {
            after[a.Symbol] = (await consumer.InitialMarginAsync(a.Symbol, quantity, price, Ct)).ToDecimal();
        }

        var meter = await GasMeter.DeployAsync(sender, DevelopmentKeys.Key(8), Ct);
        var gas = await meter.MeasureAsync(consumer.Address, new InitialMarginFunction
        {
            Symbol = Bytes32Field.Encode("AVAX", "symbol"),
            Quantity = quantity.Raw,
            Price = price.Raw,
        }.GetCallData(), Ct);

        Assert.Equal(genesis.Assets.Select(a => Expected(genesis, a.Symbol)), genesis.Assets.Select(a => before[a.Symbol]));
        Assert.Equal(revised.Assets.Select(a => Expected(revised, a.Symbol)), revised.Assets.Select(a => after[a.Symbol]));
        Assert.All(genesis.Assets, a => Assert.NotEqual(before[a.Symbol], after[a.Symbol]));
        Assert.Equal(2, await consumer.GetParameterVersionAsync(Ct));
        Assert.True(gas <= 3 * Limit, $"initialMargin costs {gas} gas");
    }

    private static decimal Expected(OnChainParameterSet set, string symbol)
        => 2.5m * 18547.23m * set.Asset(symbol).ScanRange.ToDecimal()
           * Math.Max(1m, set.Grid.ExtremeMultiple.ToDecimal() * set.Grid.ExtremeCoverage.ToDecimal()) * set.ImMultiplier.ToDecimal();

    /// <summary>Version 2: every scan range x 1.1, imMultiplier 1.1, every correlation + 0.01 (all within the step bounds).</summary>
    private static OnChainParameterSet Revised(OnChainParameterSet genesis)
    {
        var b = new SetBuilder(genesis);
        foreach (var a in genesis.Assets)
        {
            b.SetAsset(a.Symbol, scanRange: SetBuilder.Scaled(a.ScanRange, FixedPoint18.Parse("0.1", "t"), 0));
        }

        b.ImMultiplier = SetBuilder.Scaled(genesis.ImMultiplier, FixedPoint18.Parse("0.1", "t"), 0);
        foreach (var (x, y, value) in genesis.CorrelationPairs())
        {
            b.SetCorrelation(x, y, SetBuilder.Plus(value, FixedPoint18.Parse("0.01", "t").Raw));
        }

        return b.Build("ten assets, version 2");
    }
}
