using Bunit;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Web.Components.Pages.Registry;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Registry;

/// <summary>The Registry page's comparison table and hash check (bUnit).</summary>
public sealed class ParameterComparisonTableTests : PortalComponentTest
{
    private const string ChangedField = "assets.ETH.scanRange";

    [Fact]
    public void Render_OneFieldDiffers_FlagsThatRowOnly()
    {
        var approved = ComparisonFixtures.GenesisJson();
        var onChain = OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(ComparisonFixtures.WithBump(approved, ChangedField, 0.02)));
        var comparison = ParameterComparison.Of(approved, onChain);

        var table = Render<ParameterComparisonTable>(p => p.Add(c => c.Comparison, comparison));

        var flagged = table.FindAll("tr[data-match=mismatch]").Select(r => r.GetAttribute("data-testid")).ToList();
        Assert.Equal([$"registry-row-{ChangedField}", "registry-row-paramsHash"], flagged.Order(StringComparer.Ordinal));
        var row = table.Find($"[data-testid='registry-row-{ChangedField}']");
        Assert.Contains("0.22", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("0.2", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("match", table.Find("[data-testid='registry-row-assets.BTC.scanRange']").GetAttribute("data-match"));
        Assert.Contains($"2 of {comparison.Rows.Count} fields differ", table.Find("[data-testid=comparison-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OnlyDifferencesSwitched_ShowsJustTheMismatches()
    {
        var approved = ComparisonFixtures.GenesisJson();
        var onChain = OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(ComparisonFixtures.WithBump(approved, "mmRatio", 0.05)));
        var table = Render<ParameterComparisonTable>(p => p.Add(c => c.Comparison, ParameterComparison.Of(approved, onChain)));
        Assert.True(table.FindAll("tbody tr").Count > 50);

        table.FindComponent<MudBlazor.MudSwitch<bool>>().Find("input").Change(true);

        var rows = table.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("mismatch", r.GetAttribute("data-match")));
        Assert.Contains(rows, r => r.GetAttribute("data-testid") == "registry-row-mmRatio");
    }

    [Fact]
    public void Render_IdenticalSets_EveryRowMatchesAndHashMatches()
    {
        var approved = ComparisonFixtures.GenesisJson();
        var comparison = ParameterComparison.Of(approved, OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(approved)));

        var table = Render<ParameterComparisonTable>(p => p.Add(c => c.Comparison, comparison));
        var hash = Render<HashCheck>(p => p.Add(c => c.ApprovedHash, comparison.ApprovedHash).Add(c => c.OnChainHash, comparison.OnChainHash));

        Assert.Empty(table.FindAll("tr[data-match=mismatch]"));
        Assert.True(comparison.Matches);
        Assert.Equal("match", hash.Find("[data-testid=registry-hash-check]").TextContent.Trim());
        Assert.Contains("Hash matches", hash.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DifferentHashes_ShowsMismatch()
    {
        var approved = ComparisonFixtures.GenesisJson();
        var other = OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(ComparisonFixtures.WithBump(approved, "assets.BTC.haircut", 0.01)));
        var comparison = ParameterComparison.Of(approved, other);

        var hash = Render<HashCheck>(p => p.Add(c => c.ApprovedHash, comparison.ApprovedHash).Add(c => c.OnChainHash, comparison.OnChainHash));

        Assert.False(comparison.HashMatches);
        Assert.Equal("mismatch", hash.Find("[data-testid=registry-hash-check]").TextContent.Trim());
        Assert.Contains("HASH MISMATCH", hash.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_ApprovedTextTheEngineRefuses_NamesTheField()
    {
        var approved = ComparisonFixtures.GenesisJson();
        var onChain = OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(approved));
        var broken = approved.Replace("\"mmRatio\":0.6", "\"mmRatio\":-1", StringComparison.Ordinal);
        Assert.NotEqual(approved, broken);

        var error = Assert.Throws<RiskGovernance.Engine.Validation.InputValidationException>(() => ParameterComparison.Of(broken, onChain));

        Assert.Contains(error.Errors, e => e.Field.Contains("mmRatio", StringComparison.Ordinal));
    }
}
