using System.Globalization;
using Bunit;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Web.Components.Pages.NewProposal;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Parameters;

/// <summary>The New proposal form: validation as you type, the supermajority warning, the changed-field highlight, submit gating.</summary>
public sealed class ProposalEditorTests : PortalComponentTest
{
    private static readonly ParameterSet Ratified = DemoInputs.Params10();

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static ImpactPreview SomePreview() => new(
        new ImpactSummary(10, 100, 110, 7, 1, 1, 1, 6, 2, 1, 1, 1, 0, 5), 0, 10, "test book", new DateOnly(2024, 12, 31), TimeSpan.FromSeconds(1),
        new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    private (IRenderedComponent<ProposalEditor> Cut, ParameterDraftForm Form, PreviewState Preview) Render(bool readOnly = false)
    {
        var form = new ParameterDraftForm(Ratified, RegistryDefaults.Bounds);
        var preview = new PreviewState();
        var cut = Render<ProposalEditor>(p => p
            .Add(x => x.Form, form)
            .Add(x => x.Preview, preview)
            .Add(x => x.ReadOnly, readOnly)
            .Add(x => x.ReadOnlyReason, "You are not signed in."));
        return (cut, form, preview);
    }

    private static bool Disabled(IRenderedComponent<ProposalEditor> cut, string testId)
        => cut.Find($"[data-testid='{testId}']").HasAttribute("disabled");

    [Fact]
    public void ValueOutsideHardLimits_ShowsErrorAndDisablesSubmit()
    {
        var (cut, form, preview) = Render();
        cut.Find("[data-testid='title']").Input("Widen BTC scan range");
        cut.Find("[data-testid='rationale']").Input("Realised volatility is higher.");
        cut.Find("[data-testid='param-assets.BTC.scanRange']").Input(Text(Math.Round(Ratified.Asset("BTC").ScanRange * 1.1, 6)));
        preview.Result = SomePreview();
        preview.ForParamsJson = form.Evaluation.ParamsJson;
        cut.Render();
        Assert.False(Disabled(cut, "submit-proposal"));

        cut.Find("[data-testid='param-imMultiplier']").Input("5");

        Assert.Equal("5 is outside the hard limits [0.5, 3]", cut.Find("[data-testid='error-imMultiplier']").TextContent.Trim());
        Assert.True(Disabled(cut, "submit-proposal"));
        Assert.True(Disabled(cut, "preview-impact"));
        Assert.Contains("param-error", cut.Find("[data-testid='field-imMultiplier']").ClassList);
        Assert.Equal("Fix the fields marked in red first.", cut.Find("[data-testid='submit-hint']").TextContent.Trim());
    }

    [Fact]
    public void StepBoundExcess_ShowsSupermajorityWarning()
    {
        var (cut, _, _) = Render();

        cut.Find("[data-testid='param-assets.BTC.scanRange']").Input(Text(Math.Round(Ratified.Asset("BTC").ScanRange * 1.6, 6)));

        Assert.EndsWith("needs a supermajority", cut.Find("[data-testid='warning-assets.BTC.scanRange']").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("needs a supermajority", cut.Find("[data-testid='supermajority']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid^='error-']"));
        Assert.False(Disabled(cut, "preview-impact"));
    }

    [Fact]
    public void ChangedField_IsHighlighted_AndBoundsShownInline()
    {
        var (cut, _, _) = Render();
        Assert.Empty(cut.FindAll(".param-changed"));

        cut.Find("[data-testid='param-assets.BTC.haircut']").Input(Text(Ratified.Asset("BTC").Haircut + 0.01));

        var changed = cut.FindAll(".param-changed");
        Assert.Equal("field-assets.BTC.haircut", Assert.Single(changed).GetAttribute("data-testid"));
        var meta = cut.Find("[data-testid='field-assets.BTC.haircut'] .param-meta").TextContent;
        Assert.Contains($"ratified {Text(Ratified.Asset("BTC").Haircut)}", meta, StringComparison.Ordinal);
        var header = cut.Find("[data-testid='panel-Assets'] thead").TextContent;
        Assert.Contains("hard limits [0, 0.9] · step ±50 % without a supermajority", header, StringComparison.Ordinal);
        var im = cut.Find("[data-testid='field-imMultiplier'] .param-meta").TextContent;
        Assert.Contains("ratified 1 · hard limits [0.5, 3] · step ±25 % without a supermajority", im, StringComparison.Ordinal);
        Assert.Equal("1 changed", cut.Find("[data-testid='changed-count']").TextContent.Trim());
    }

    [Fact]
    public void PreviewForOtherValues_SubmitDisabledUntilPreviewedAgain()
    {
        var (cut, form, preview) = Render();
        cut.Find("[data-testid='title']").Input("t");
        cut.Find("[data-testid='rationale']").Input("r");
        cut.Find("[data-testid='param-assets.BTC.scanRange']").Input(Text(Math.Round(Ratified.Asset("BTC").ScanRange * 1.1, 6)));
        preview.Result = SomePreview();
        preview.ForParamsJson = form.Evaluation.ParamsJson;
        cut.Render();

        cut.Find("[data-testid='param-assets.ETH.scanRange']").Input(Text(Math.Round(Ratified.Asset("ETH").ScanRange * 1.1, 6)));

        Assert.True(Disabled(cut, "submit-proposal"));
        Assert.NotNull(cut.Find("[data-testid='preview-stale']"));
    }

    [Fact]
    public void ReadOnly_EveryInputDisabledWithExplanation()
    {
        var (cut, _, _) = Render(readOnly: true);

        Assert.Equal("You are not signed in.", cut.Find("[data-testid='read-only-reason']").TextContent.Trim());
        Assert.All(cut.FindAll("[data-testid^='param-']"), e => Assert.True(e.HasAttribute("disabled")));
        Assert.True(cut.Find("[data-testid='corr-cell-0-1']").HasAttribute("disabled"));
        Assert.True(Disabled(cut, "submit-proposal"));
        Assert.Empty(cut.FindAll("[data-testid='repair-matrix']"));
    }
}
