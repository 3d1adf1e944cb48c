using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Web.Components.Proposals.History;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.History;

/// <summary>The history panels of a proposal rendered with the real portal's analysis service.</summary>
public sealed class ProposalHistoryPanelsTests : PortalComponentTest, IClassFixture<HistoryPortalFixture>
{
    private readonly HistoryPortalFixture _fixture;

    public ProposalHistoryPanelsTests(HistoryPortalFixture fixture)
    {
        _fixture = fixture;
        Services.AddSingleton(fixture.Analysis);
        UseServerRenderer();
    }

    [Fact]
    public async Task Render_ActiveProposal_EveryPanelFillsInThenReady()
    {
        var active = await _fixture.ActiveAsync();

        var cut = Render<ProposalHistoryPanels>(p => p.Add(x => x.ProposalId, active.Id.ToString()));
        cut.WaitForElement("[data-testid=history-ready]", TimeSpan.FromSeconds(180));

        foreach (var id in new[] { "history-stress", "history-cascade", "history-correlation", "history-backtest", "history-estimation" })
        {
            Assert.Single(cut.FindAll($"[data-testid={id}]"));
        }

        Assert.Contains("$", cut.Find("[data-testid=stress-ftx-2022-loss-proposed]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=cascade-ftx-2022]"));
        Assert.Single(cut.FindAll("[data-testid=correlation-proposed-worse]"));
        Assert.Single(cut.FindAll("[data-testid=backtest-current]"));
        Assert.Single(cut.FindAll("[data-testid=backtest-proposed]"));
        Assert.Single(cut.FindAll("[data-testid=estimation-provenance]"));
        Assert.Empty(cut.FindAll("[data-testid=backtest-error]"));
        Assert.Empty(cut.FindAll(".mud-alert-text-error"));
    }

    [Fact]
    public async Task AddWindow_AlreadyReplayed_SaysSoWithoutAddingIt()
    {
        var active = await _fixture.ActiveAsync();
        var cut = Render<ProposalHistoryPanels>(p => p.Add(x => x.ProposalId, active.Id.ToString()));
        cut.WaitForElement("[data-testid=stress-window-input]", TimeSpan.FromSeconds(60));

        cut.Find("[data-testid=stress-window-input] input, input[data-testid=stress-window-input]").Change("ftx-2022");
        cut.Find("[data-testid=stress-window-add] , button[data-testid=stress-window-add]").Click();

        cut.WaitForAssertion(() => Assert.Contains("ftx-2022 is already replayed below", cut.Markup, StringComparison.Ordinal));
        Assert.Single(cut.FindAll("[data-testid=stress-ftx-2022]"));
    }

    [Fact]
    public void Render_NotAProposalId_SaysSoInPlainWords()
    {
        var cut = Render<ProposalHistoryPanels>(p => p.Add(x => x.ProposalId, "0x97"));

        cut.WaitForElement("[data-testid=history-error]", TimeSpan.FromSeconds(30));
        Assert.StartsWith("proposal: '0x97' is not a proposal id", cut.Find("[data-testid=history-error]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
