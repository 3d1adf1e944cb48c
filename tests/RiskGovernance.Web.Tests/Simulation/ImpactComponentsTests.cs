using Bunit;
using RiskGovernance.Engine.Results;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Simulation;

/// <summary>The impact sub-components on a real engine result.</summary>
public sealed class ImpactComponentsTests : PortalComponentTest
{
    private readonly ImpactReport _report = ImpactReportTests.Run(0.05).Report;

    [Fact]
    public void AffectedAccounts_FirstPage_LargestChangeFirstTenRows()
    {
        var cut = Render<AffectedAccounts>(p => p.Add(c => c.Report, _report));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(10, rows.Count);
        var largest = _report.MostAffected().First();
        Assert.Contains(Components.Shared.Format.Short(largest.Id), rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AffectedAccounts_SearchById_OnlyThatAccount()
    {
        var account = _report.Accounts[17];
        var cut = Render<AffectedAccounts>(p => p.Add(c => c.Report, _report));

        cut.Find("input").Input(account.Id);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
        Assert.Contains(Components.Shared.Format.Usd(account.ImAfter), cut.Find("tbody tr").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TransitionMatrix_Cells_EqualTheReport()
    {
        var cut = Render<TransitionMatrix>(p => p.Add(c => c.Report, _report));

        foreach (var from in ImpactReport.Statuses)
        {
            foreach (var to in ImpactReport.Statuses)
            {
                var cell = cut.Find($"[data-testid=transition-{ImpactReport.NameOf(from)}-{ImpactReport.NameOf(to)}]");
                Assert.Equal(_report.Transitions(from, to).ToString(System.Globalization.CultureInfo.InvariantCulture), cell.TextContent);
            }
        }

        Assert.Equal(_report.Before.ByStatus[MarginStatus.Healthy], ImpactReport.Statuses.Sum(to => _report.Transitions(MarginStatus.Healthy, to)));
    }

    [Fact]
    public void ChangeDistribution_UnchangedAccounts_CountedInTheCaption()
    {
        var cut = Render<ChangeDistributionChart>(p => p.Add(c => c.Report, _report));

        Assert.Equal(_report.UnchangedAccounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            cut.Find("[data-testid=unchanged-accounts]").TextContent);
    }
}
