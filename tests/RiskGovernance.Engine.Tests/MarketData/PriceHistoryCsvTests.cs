using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.MarketData;

public sealed class PriceHistoryCsvTests
{
    private static PriceHistory Read(string text) => PriceHistoryCsv.Read(new StringReader(text));

    private static InputValidationException ReadFails(string text) =>
        Assert.Throws<InputValidationException>(() => Read(text));

    [Fact]
    public void Read_FullFormat_ReadsCloses()
    {
        var h = Read("""
            date,asset,open,high,low,close,volume
            2020-03-12,BTC,7934.58,7966.17,4410,4800,261505.608653
            2020-03-12,ETH,194.58,194.6,100,110.6,3021434.25
            2020-03-13,BTC,4800,5955,3782.13,5578.6,402201.673764

            """);

        Assert.True(h.TryGetClose("BTC", new DateOnly(2020, 3, 12), out var btc));
        Assert.Equal(4800.0, btc);
        Assert.True(h.TryGetClose("BTC", new DateOnly(2020, 3, 13), out var next));
        Assert.Equal(5578.6, next);
        Assert.True(h.TryGetClose("ETH", new DateOnly(2020, 3, 12), out var eth));
        Assert.Equal(110.6, eth);
        Assert.Equal(new DateOnly(2020, 3, 12), h.FirstDate);
        Assert.Equal(new DateOnly(2020, 3, 13), h.LastDate);
    }

    [Fact]
    public void Read_RequiredColumnsInAnyOrder_ReadsCloses()
    {
        var h = Read("close,date,asset\n4800,2020-03-12,BTC\n");

        Assert.True(h.TryGetClose("BTC", new DateOnly(2020, 3, 12), out var c));
        Assert.Equal(4800.0, c);
    }

    [Fact]
    public void Read_MissingCloseColumn_NamesHeaderLine()
    {
        var ex = ReadFails("date,asset,open\n2020-03-12,BTC,1\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal("history line 1", error.Field);
        Assert.Contains("'close'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadRows_NameEachLineAndColumn()
    {
        var ex = ReadFails("""
            date,asset,close
            2020-03-12,BTC,4800
            2020-03-13,BTC,abc
            2020-13-01,BTC,1
            2020-03-14,BTC,-5
            2020-03-15,,7
            2020-03-16,BTC
            2020-03-12,BTC,4801
            """);

        Assert.Equal(
            [
                "history line 3: close 'abc' is not a number",
                "history line 4: date '2020-13-01' is not a date yyyy-MM-dd",
                "history line 5: close -5 must be a finite number > 0",
                "history line 6: asset is empty",
                "history line 7: has 2 fields but the header has 3",
                "history line 8: asset BTC already has a close on 2020-03-12 (line 2)",
            ],
            ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_NonFiniteClose_IsRejected()
    {
        var ex = ReadFails("date,asset,close\n2020-03-12,BTC,NaN\n");

        Assert.Equal("history line 2", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Read_Empty_IsRejected()
    {
        var ex = ReadFails("");

        Assert.Equal("history", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Read_HeaderOnly_IsRejected()
    {
        var ex = ReadFails("date,asset,close\n");

        Assert.Equal("history", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Read_Stream_WithByteOrderMark_ReadsCloses()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes("date,asset,close\n2021-01-01,ETH,730.5\n")).ToArray();
        using var stream = new MemoryStream(bytes);

        var h = PriceHistoryCsv.Read(stream);

        Assert.True(h.TryGetClose("ETH", new DateOnly(2021, 1, 1), out var c));
        Assert.Equal(730.5, c);
    }
}
