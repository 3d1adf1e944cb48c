using Bunit;
using RiskGovernance.Web.Components.Proposals.History;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The book backtest table (issue 14): red and yellow first, filtered by zone and id, sorted by column.</summary>
public sealed class BacktestTableTests : PortalComponentTest
{
    private const string Prefix = "backtest-proposed";

    /// <summary>3,000 portfolios in book order: the first 2,949 green, then yellow and red ones scattered at the end.</summary>
    private static List<BacktestPortfolioView> Book()
    {
        var rows = new List<BacktestPortfolioView>();
        for (var i = 0; i < 3000; i++)
        {
            var light = i < 2949 ? "green" : i % 5 == 0 ? "red" : "yellow";
            var exceptions = light switch { "red" => 20 + (i % 7), "yellow" => 12 + (i % 4), _ => i % 9 };
            rows.Add(new BacktestPortfolioView($"acct-{i:0000}", 1000, exceptions, exceptions / 1000.0, new KupiecView(exceptions / 2.0, 1.0 / (1 + exceptions)),
                new ChristoffersenView(0, 0, 0, 0, 0, 1, 0, 1), light, []));
        }

        return rows;
    }

    private static string[] Lights(IRenderedComponent<BacktestTable> cut)
        => [.. cut.FindAll("tbody tr td:last-child").Select(td => td.TextContent.Trim())];

    [Fact]
    public void Render_Book_RedThenYellowFirst()
    {
        var book = Book();
        var red = book.Count(p => p.TrafficLight == "red");

        var cut = Render<BacktestTable>(p => p.Add(x => x.Prefix, Prefix).Add(x => x.Portfolios, book).Add(x => x.MaxRows, 20));

        var lights = Lights(cut);
        Assert.Equal(20, lights.Length);
        Assert.All(lights.Take(red), l => Assert.Equal("red", l));
        Assert.All(lights.Skip(red), l => Assert.Equal("yellow", l));
        Assert.Contains("The first 20 of 3,000 matching portfolios", cut.Find($"[data-testid={Prefix}-shown]").TextContent, StringComparison.Ordinal);
        Assert.Equal("red (10)", cut.Find($"[data-testid={Prefix}-zone-red]").TextContent.Trim());
    }

    [Fact]
    public void ZoneAndSearch_Filter_OnlyMatchingRows()
    {
        var book = Book();
        var cut = Render<BacktestTable>(p => p.Add(x => x.Prefix, Prefix).Add(x => x.Portfolios, book));

        cut.Find($"[data-testid={Prefix}-zone-yellow]").Click();
        var yellow = book.Count(p => p.TrafficLight == "yellow");
        cut.WaitForAssertion(() => Assert.Equal(Math.Min(20, yellow), Lights(cut).Length));
        Assert.All(Lights(cut), l => Assert.Equal("yellow", l));

        cut.Find($"[data-testid={Prefix}-zone-all]").Click();
        cut.Find($"[data-testid={Prefix}-table] input").Input("acct-0017");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
        Assert.NotNull(cut.Find($"[data-testid={Prefix}-acct-0017]"));
        Assert.Equal("1 portfolio shown of 3,000.", cut.Find($"[data-testid={Prefix}-shown]").TextContent.Trim());

        cut.Find($"[data-testid={Prefix}-table] input").Input("no-such-id");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("tbody tr")));
        Assert.Equal("No portfolio matches the filter.", cut.Find($"[data-testid={Prefix}-shown]").TextContent.Trim());
    }

    [Fact]
    public void SortByExceptions_ClickTwice_MostThenFewestFirst()
    {
        var book = Book();
        var cut = Render<BacktestTable>(p => p.Add(x => x.Prefix, Prefix).Add(x => x.Portfolios, book).Add(x => x.MaxRows, 5));

        cut.Find($"[data-testid={Prefix}-sort-exceptions]").Click();
        var most = book.OrderByDescending(p => p.Exceptions).First().Exceptions;
        cut.WaitForAssertion(() => Assert.Equal(most, cut.Instance.Shown[0].Exceptions));
        Assert.True(cut.Instance.Shown.Zip(cut.Instance.Shown.Skip(1)).All(x => x.First.Exceptions >= x.Second.Exceptions));

        cut.Find($"[data-testid={Prefix}-sort-exceptions]").Click();
        cut.WaitForAssertion(() => Assert.Equal(0, cut.Instance.Shown[0].Exceptions));
        Assert.False(cut.Instance.Descending);
        Assert.Equal(5, cut.FindAll("tbody tr").Count);
    }
}
