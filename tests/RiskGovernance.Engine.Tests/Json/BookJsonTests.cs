using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Tests.Json;

public class BookJsonTests
{
    private const double Tolerance = 0.0;

    /// <summary>A generous bound for reading and writing a 10,000-account book on a shared
    /// 2-core machine: it catches a quadratic reader, not a slow machine (measured: tens of milliseconds).</summary>
    private static readonly TimeSpan LargeBookBudget = TimeSpan.FromSeconds(5);

    [Fact]
    public void Read_Example_GivesAccountsCollateralAndPositions()
    {
        var book = BookJson.Read(JsonExamples.Book);
        Assert.Equal(3, book.Accounts.Count);
        var a = book.Accounts[0];
        Assert.Equal("0x8ba1f109551bd432803012645ac136ddd64dba72", a.Id);
        Assert.Equal([new CollateralBalance("USDC", 250000), new CollateralBalance("BTC", 2.0)], a.Collateral);
        Assert.Equal(new PerpPosition("BTC", -2.0, 19000), a.Positions[0]);
        Assert.Equal(new OptionPosition("ETH", OptionRight.Put, 1200, 30, -25), a.Positions[1]);
        Assert.Equal(OptionRight.Call, ((OptionPosition)book.Accounts[2].Positions[0]).Right);
        Assert.Equal(-800.0, book.Accounts[1].Positions[1].Quantity, Tolerance);
    }

    [Fact]
    public void Write_ThenRead_GivesEqualBook()
    {
        var book = BookJson.Read(JsonExamples.Book);
        var again = BookJson.Read(BookJson.ToUtf8Bytes(book));
        Assert.Equal(book.Accounts.Count, again.Accounts.Count);
        for (var i = 0; i < book.Accounts.Count; i++)
        {
            Assert.Equal(book.Accounts[i].Id, again.Accounts[i].Id);
            Assert.Equal(book.Accounts[i].Collateral, again.Accounts[i].Collateral);
            Assert.Equal(book.Accounts[i].Positions, again.Accounts[i].Positions);
        }
    }

    [Fact]
    public void Read_StrikeAsString_ErrorNamesAccountAndPosition() =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.0.positions.1.strike", "1200")),
            "book.accounts[0].positions[1].strike", "must be a number");

    [Fact]
    public void Read_CollateralAsString_ErrorNamesAsset() =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.0.collateral.USDC", "lots")),
            "book.accounts[0].collateral.USDC", "must be a number");

    [Theory]
    [InlineData("future", "must be one of \"perp\", \"option\"")]
    [InlineData("Perp", "must be one of \"perp\", \"option\"")]
    public void Read_UnknownPositionType_ErrorNamesType(string type, string message) =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.1.positions.0.type", type)),
            "book.accounts[1].positions[0].type", message);

    [Theory]
    [InlineData("Call")]
    [InlineData("c")]
    public void Read_OptionRightNotExact_ErrorNamesRight(string right) =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.2.positions.0.right", right)),
            "book.accounts[2].positions[0].right", "must be one of \"call\", \"put\"");

    [Fact]
    public void Read_PerpWithOptionField_ErrorSaysUnknownProperty() =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Set(JsonExamples.Book, "accounts.0.positions.0.strike", 100)),
            "book.accounts[0].positions[0].strike", "is not a known property");

    [Fact]
    public void Read_OptionWithoutExpiry_ErrorSaysRequired() =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Remove(JsonExamples.Book, "accounts.1.positions.2.expiryDays")),
            "book.accounts[1].positions[2].expiryDays", "is required");

    [Fact]
    public void Read_PositionWithoutType_ErrorSaysRequired() =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Remove(JsonExamples.Book, "accounts.0.positions.0.type")),
            "book.accounts[0].positions[0].type", "is required");

    [Fact]
    public void Read_BadPositionBeforeBadValue_KeepsIndices()
    {
        var json = JsonExamples.Set(JsonExamples.Book, "accounts.1.positions.0", JsonNode.Parse("7"));
        json = JsonExamples.Set(json, "accounts.1.positions.2.strike", -5);
        var errors = ValidationAssert.Errors(() => BookJson.Read(json));
        Assert.Equal(2, errors.Count);
        ValidationAssert.Has(errors, "book.accounts[1].positions[0]", "must be an object");
        ValidationAssert.Has(errors, "book.accounts[1].positions[2].strike", "must be > 0");
    }

    [Fact]
    public void Read_MissingIdAndPositions_BothRequired()
    {
        var json = JsonExamples.Remove(JsonExamples.Book, "accounts.2.id");
        json = JsonExamples.Remove(json, "accounts.2.positions");
        var errors = ValidationAssert.Errors(() => BookJson.Read(json));
        Assert.Equal(2, errors.Count);
        ValidationAssert.Has(errors, "book.accounts[2].id", "is required");
        ValidationAssert.Has(errors, "book.accounts[2].positions", "is required");
    }

    [Fact]
    public void Read_DuplicateCollateralAsset_Rejected() =>
        ValidationAssert.Single(() => BookJson.Read(JsonExamples.Book.Replace("\"USDC\": 40000", "\"USDC\": 40000, \"USDC\": 1", StringComparison.Ordinal)),
            "book.accounts[1].collateral.USDC", "more than once");

    [Fact]
    public void ReadAndWrite_TenThousandAccounts_WithinBudget()
    {
        var json = LargeBook(10_000);
        BookJson.Read(json); // warm-up: the first call pays for JIT
        var watch = Stopwatch.StartNew();
        var book = BookJson.Read(json);
        var bytes = BookJson.ToUtf8Bytes(book);
        watch.Stop();
        Assert.Equal(10_000, book.Accounts.Count);
        Assert.True(bytes.Length > 1_000_000);
        Assert.True(watch.Elapsed < LargeBookBudget, $"read + write took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    internal static byte[] LargeBook(int accounts)
    {
        var b = new StringBuilder("{\"accounts\":[");
        for (var i = 0; i < accounts; i++)
        {
            if (i > 0)
            {
                b.Append(',');
            }
            b.Append(System.Globalization.CultureInfo.InvariantCulture,
                $$"""{"id":"acct-{{i}}","collateral":{"USDC":{{1000 + i}},"BTC":0.5},"positions":[{"type":"perp","asset":"BTC","quantity":{{(i % 7) - 3}},"entryPrice":19000},{"type":"option","asset":"ETH","right":"{{(i % 2 == 0 ? "call" : "put")}}","strike":{{1100 + (i % 5) * 50}},"expiryDays":{{1 + (i % 60)}},"quantity":-2.5},{"type":"perp","asset":"SOL","quantity":100,"entryPrice":25.5}]}""");
        }
        b.Append("]}");
        return Encoding.UTF8.GetBytes(b.ToString());
    }
}
