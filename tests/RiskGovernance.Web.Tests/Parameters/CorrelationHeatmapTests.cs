using System.Globalization;
using Bunit;
using RiskGovernance.Engine.Correlation;
using RiskGovernance.Web.Components.Parameters;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Parameters;

/// <summary>The heatmap editor: mirrored edits, the live PSD badge and the confirmed repair.</summary>
public sealed class CorrelationHeatmapTests : PortalComponentTest
{
    private static readonly string[] Assets = ["BTC", "ETH", "SOL"];

    private double[][]? _reported;

    private IRenderedComponent<CorrelationHeatmap> Render(double[][] matrix) => Render<CorrelationHeatmap>(p => p
        .Add(x => x.Symbols, Assets)
        .Add(x => x.Matrix, matrix)
        .Add(x => x.Ratified, matrix)
        .Add(x => x.MatrixChanged, m => _reported = m));

    private static double[][] Start() => [[1, 0.5, 0.3], [0.5, 1, 0.2], [0.3, 0.2, 1]];

    [Fact]
    public void EditCell_EditsMirror_DiagonalFixed()
    {
        var cut = Render(Start());

        cut.Find("[data-testid='corr-cell-0-2']").Change("0.7");

        Assert.Equal("0.7", cut.Find("[data-testid='corr-cell-2-0']").GetAttribute("value"));
        Assert.Equal(0.7, _reported![2][0]);
        Assert.Equal(0.7, _reported[0][2]);
        Assert.True(cut.Find("[data-testid='corr-cell-1-1']").HasAttribute("disabled"));
        Assert.Contains("cell-changed", cut.Find("[data-testid='corr-cell-2-0']").ClassList);
        Assert.StartsWith("background:rgb(255,", cut.Find("[data-testid='corr-cell-0-2']").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void EditCell_OutOfRange_ErrorNamesCellAndNothingReported()
    {
        var cut = Render(Start());

        cut.Find("[data-testid='corr-cell-0-1']").Change("1.5");

        Assert.Equal("BTC / ETH: 1.5 must be in [-1, 1]", cut.Find("[data-testid='correlation-error']").TextContent.Trim());
        Assert.Null(_reported);
    }

    [Fact]
    public void NonPsdEdit_FlipsBadgeAndShowsSmallestEigenvalue()
    {
        var cut = Render(Start());
        Assert.Equal("true", cut.Find("[data-testid='psd-status']").GetAttribute("data-psd"));

        // The equicorrelated matrix with a = -0.6 has eigenvalues 1.6, 1.6 and 1 + 2a = -0.2.
        cut.Find("[data-testid='corr-cell-0-1']").Change("-0.6");
        cut.Find("[data-testid='corr-cell-0-2']").Change("-0.6");
        cut.Find("[data-testid='corr-cell-1-2']").Change("-0.6");

        var badge = cut.Find("[data-testid='psd-status']");
        Assert.Equal("false", badge.GetAttribute("data-psd"));
        Assert.Contains("not PSD", badge.TextContent, StringComparison.Ordinal);
        Assert.Contains("smallest eigenvalue -0.2", badge.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_ShownFirstThenAppliedOnConfirm_YieldsPsd()
    {
        var cut = Render([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]);
        Assert.Equal("false", cut.Find("[data-testid='psd-status']").GetAttribute("data-psd"));

        cut.Find("[data-testid='repair-matrix']").Click();

        // Offered, not applied.
        Assert.Equal(3, cut.FindAll("[data-testid='repair-changes'] li").Count);
        Assert.Equal("false", cut.Find("[data-testid='psd-status']").GetAttribute("data-psd"));
        Assert.Null(_reported);

        cut.Find("[data-testid='repair-confirm']").Click();

        Assert.Equal("true", cut.Find("[data-testid='psd-status']").GetAttribute("data-psd"));
        Assert.True(NearestCorrelation.IsValidCorrelation(_reported!));
        Assert.Equal(_reported![0][1].ToString("0.######", CultureInfo.InvariantCulture), cut.Find("[data-testid='corr-cell-1-0']").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid='repair-offer']"));
    }
}
