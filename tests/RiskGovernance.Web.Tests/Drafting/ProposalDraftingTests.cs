using RiskGovernance.Primitives;
using System.Globalization;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>Drafting through the portal's service on the real portal: members submit; anyone else is refused with nothing stored.</summary>
[Collection(DraftingPortalCollection.Name)]
public sealed class ProposalDraftingTests(DraftingPortal portal)
{
    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private async Task<ParameterDraftForm> EditedFormAsync(ProposalDrafting drafting)
    {
        var start = await drafting.StartAsync(CancellationToken.None);
        var form = new ParameterDraftForm(start.Parameters, start.Bounds);
        form.Set("assets.BTC.scanRange", Text(Math.Round(start.Parameters.Asset("BTC").ScanRange * 1.1, 6)));
        Assert.True(form.Evaluation.IsValid);
        return form;
    }

    private Task<IReadOnlyList<Proposal>> AllAsync() => portal.Get<IProposalRepository>().ListAsync(null, CancellationToken.None);

    [Fact]
    public async Task Submit_Member_ActiveProposalWithItsSimulation()
    {
        var author = DemoCommittee.Members[2].Address;
        var drafting = portal.DraftingAs(author);
        var form = await EditedFormAsync(drafting);
        var reports = new List<double>();

        var preview = await drafting.PreviewAsync(form.Evaluation.Proposed!, new SyncProgress(reports), CancellationToken.None);
        var id = await drafting.SubmitAsync(new ProposalSubmission("Widen BTC scan range by 10 %", "Realised volatility rose.", form.Evaluation.ParamsJson!), CancellationToken.None);

        var stored = await portal.Get<IProposalRepository>().GetAsync(id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(ProposalState.Active, stored.State);
        Assert.Equal(author, stored.Author);
        Assert.NotNull(stored.Simulation);
        Assert.Equal(preview.Summary, stored.Simulation.Summary);
        Assert.Equal(300, preview.Summary.Accounts);
        Assert.Equal(["assets.BTC.scanRange"], stored.Changes.Select(c => c.Field));
        Assert.False(stored.RequiresSupermajority);
        Assert.True(reports.Max() >= 0.99);
        Assert.True(reports.Zip(reports.Skip(1)).All(x => x.Second >= x.First));
    }

    [Fact]
    public async Task Submit_Anonymous_RefusedNothingStored()
    {
        var drafting = portal.DraftingAs((Address?)null);
        var form = await EditedFormAsync(drafting);
        var before = (await AllAsync()).Count;

        var e = await Assert.ThrowsAsync<UnauthorizedActionException>(() =>
            drafting.SubmitAsync(new ProposalSubmission("t", "r", form.Evaluation.ParamsJson!), CancellationToken.None));

        Assert.Equal(ProposalDrafting.ProposeAction, e.Action);
        Assert.Contains("not signed in", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await AllAsync()).Count);
    }

    [Fact]
    public async Task Submit_NonMember_RefusedNothingStored()
    {
        var holder = DevelopmentKeys.Key(7).Address;
        var drafting = portal.DraftingAs(holder);
        var form = await EditedFormAsync(drafting);
        var before = (await AllAsync()).Count;

        var e = await Assert.ThrowsAsync<UnauthorizedActionException>(() =>
            drafting.SubmitAsync(new ProposalSubmission("t", "r", form.Evaluation.ParamsJson!), CancellationToken.None));

        Assert.Contains("only committee members", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await AllAsync()).Count);
    }

    [Fact]
    public async Task Submit_MissingTitleAndRationale_FieldsNamedNothingStored()
    {
        var drafting = portal.DraftingAs(DemoCommittee.Members[0].Address);
        var form = await EditedFormAsync(drafting);
        var before = (await AllAsync()).Count;

        var e = await Assert.ThrowsAsync<InputValidationException>(() =>
            drafting.SubmitAsync(new ProposalSubmission(" ", "", form.Evaluation.ParamsJson!), CancellationToken.None));

        Assert.Equal(["title", "rationale"], e.Errors.Select(x => x.Field));
        Assert.Equal(before, (await AllAsync()).Count);
    }

    [Fact]
    public async Task Submit_UnchangedSet_RefusedByServiceNamingParams()
    {
        var drafting = portal.DraftingAs(DemoCommittee.Members[0].Address);
        var start = await drafting.StartAsync(CancellationToken.None);
        var form = new ParameterDraftForm(start.Parameters, start.Bounds);
        var before = (await AllAsync()).Count;

        var e = await Assert.ThrowsAsync<InputValidationException>(() =>
            drafting.SubmitAsync(new ProposalSubmission("t", "r", form.Evaluation.ParamsJson!), CancellationToken.None));

        Assert.Equal("params", Assert.Single(e.Errors).Field);
        Assert.Equal(before, (await AllAsync()).Count);
    }

    [Fact]
    public async Task Preview_SameSetTwice_SecondReusesStoredResult()
    {
        var drafting = portal.DraftingAs((Address?)null);
        var start = await drafting.StartAsync(CancellationToken.None);
        var form = new ParameterDraftForm(start.Parameters, start.Bounds);
        form.Set("assets.ETH.haircut", Text(Math.Round(start.Parameters.Asset("ETH").Haircut + 0.01, 6)));

        var first = await drafting.PreviewAsync(form.Evaluation.Proposed!, null, CancellationToken.None);
        var second = await drafting.PreviewAsync(form.Evaluation.Proposed!, null, CancellationToken.None);

        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(first with { Reused = true }, second);
    }

    [Fact]
    public async Task Preview_Cancelled_Throws()
    {
        var drafting = portal.DraftingAs((Address?)null);
        var form = await EditedFormAsync(drafting);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drafting.PreviewAsync(form.Evaluation.Proposed!, null, cts.Token));
    }

    [Fact]
    public async Task NewProposalPage_Anonymous_ServedReadOnlyWithEveryField()
    {
        var html = await portal.Factory.CreateClient().GetStringAsync(new Uri("/proposals/new", UriKind.Relative));

        Assert.Contains("data-testid=\"param-assets.BTC.scanRange\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"corr-cell-0-1\"", html, StringComparison.Ordinal);
        Assert.Contains("only committee members can propose", html, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
