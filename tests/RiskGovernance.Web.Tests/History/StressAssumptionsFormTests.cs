using RiskGovernance.Engine.Stress;
using RiskGovernance.Web.Components.Proposals.History;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Tests.History;

/// <summary>The stress assumptions as typed: valid ones become assumptions, others field-named errors.</summary>
public sealed class StressAssumptionsFormTests
{
    private static readonly string[] Listed = ["BTC", "ETH"];

    [Fact]
    public void TryCreate_DefaultsUnchanged_EqualTheDefaultAssumptions()
    {
        var form = new StressAssumptionsForm(StressAssumptions.Default, Listed);

        var created = form.TryCreate();

        Assert.NotNull(created);
        Assert.Equal(ProposalRiskAnalysis.AssumptionsJson(StressAssumptions.Default), ProposalRiskAnalysis.AssumptionsJson(created));
    }

    [Fact]
    public void TryCreate_ImpactNotANumber_NamesTheAssetField()
    {
        var form = new StressAssumptionsForm(StressAssumptions.Default, Listed);
        form.SetImpact("ETH", "a lot");

        var created = form.TryCreate();

        Assert.Null(created);
        Assert.Equal("must be a number such as 5e-10", form.Error("assumptions.priceImpact.ETH"));
        Assert.Null(form.Error("assumptions.priceImpact.BTC"));
    }

    [Fact]
    public void TryCreate_NegativeFund_NamesTheFundField()
    {
        var form = new StressAssumptionsForm(StressAssumptions.Default, Listed) { Fund = -1 };

        Assert.Null(form.TryCreate());
        Assert.NotNull(form.Error("assumptions.insuranceFund"));
    }

    [Fact]
    public void TryCreate_OnlyBtcListed_KeepsTheOtherDefaultImpactsAndTheNewValues()
    {
        var form = new StressAssumptionsForm(StressAssumptions.Default, ["BTC"]) { Fund = 7_000_000, DefaultImpact = "4e-9" };
        form.SetImpact("BTC", " 2e-10 ");

        var created = form.TryCreate();

        Assert.NotNull(created);
        Assert.Equal(7_000_000, created.InsuranceFund);
        Assert.Equal(2e-10, created.ImpactOf("BTC"));
        Assert.Equal(StressAssumptions.Default.ImpactOf("ETH"), created.ImpactOf("ETH"));
        Assert.Equal(4e-9, created.DefaultPriceImpact);
        Assert.Equal("BTC 2e-10, ETH 1e-9, others 4e-9 per USD", StressAssumptionsForm.ImpactSummary(created));
    }
}
