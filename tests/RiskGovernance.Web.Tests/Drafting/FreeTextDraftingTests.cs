using System.Globalization;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>
/// The spoofing attack through the portal's own form: a title with a right-to-left override (it
/// would render reversed) or a NUL, or a rationale with a bidi isolate, is refused naming the field
/// by the domain, and nothing is stored.
/// </summary>
[Collection(DraftingPortalCollection.Name)]
public sealed class FreeTextDraftingTests(DraftingPortal portal)
{
    [Theory]
    [InlineData("Raise BTC \u202Egnirts\u202C scan range", "Volatility rose.", "title")]
    [InlineData("Raise BTC\0 scan range", "Volatility rose.", "title")]
    [InlineData("Raise BTC scan range", "Volatility \u2066rose\u2069.", "rationale")]
    public async Task Submit_ControlOrBidiCharacters_RefusedNamingTheFieldNothingStored(string title, string rationale, string field)
    {
        var drafting = portal.DraftingAs(DemoCommittee.Members[0].Address);
        var start = await drafting.StartAsync(CancellationToken.None);
        var form = new ParameterDraftForm(start.Parameters, start.Bounds);
        form.Set("assets.BTC.scanRange", Math.Round(start.Parameters.Asset("BTC").ScanRange * 1.1, 6).ToString("R", CultureInfo.InvariantCulture));
        var before = (await portal.Get<IProposalRepository>().ListAsync(null, CancellationToken.None)).Count;

        var e = await Assert.ThrowsAsync<InputValidationException>(() =>
            drafting.SubmitAsync(new ProposalSubmission(title, rationale, form.Evaluation.ParamsJson!), CancellationToken.None));

        var error = Assert.Single(e.Errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith("must not contain the ", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await portal.Get<IProposalRepository>().ListAsync(null, CancellationToken.None)).Count);
    }
}
