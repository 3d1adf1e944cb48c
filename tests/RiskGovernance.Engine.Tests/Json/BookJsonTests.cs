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
    public void Read_FieldsInAnyOrder_TypeLast_Accepted()
    {
        var book = BookJson.Read("""
            {"accounts": [{"positions": [{"quantity": -1, "strike": 30, "asset": "SOL", "expiryDays": 2, "right": "call", "type": "option"}],
                           "collateral": {}, "id": "a"}]}
            """);
        Assert.Equal(new OptionPosition("SOL", OptionRight.Call, 30, 2, -1), Assert.Single(book.Accounts[0].Positions));
    }

    [Fact]
    public void Read_EscapedNames_DecodedLikeOtherNames()
    {
        var book = BookJson.Read("""{"accounts": [{"id": "\u0061", "collateral": {"US\u0044C": 5, "USDC2": 1}, "positions": [{"type": "perp", "asset": "B\u0054C", "quantity": 1, "entryPrice": 2}]}]}""");
        Assert.Equal("a", book.Accounts[0].Id);
        Assert.Equal(["USDC", "USDC2"], book.Accounts[0].Collateral.Select(c => c.Asset));
        Assert.Equal("BTC", book.Accounts[0].Positions[0].Asset);
    }

    [Theory]
    [InlineData("[]", "book", "must be an object")]
    [InlineData("{\"accounts\": {}}", "book.accounts", "must be an array")]
    [InlineData("{}", "book.accounts", "is required")]
    [InlineData("{\"accounts\": [], \"account\": 1}", "book.account", "is not a known property")]
    [InlineData("{\"accounts\": [], \"accounts\": []}", "book.accounts", "is given more than once")]
    [InlineData("{\"accounts\": [1]}", "book.accounts[0]", "must be an object")]
    [InlineData("{\"accounts\": [{\"id\": 1, \"collateral\": {}, \"positions\": []}]}", "book.accounts[0].id", "must be a string")]
    [InlineData("{\"accounts\": [{\"id\": \"a\", \"collateral\": [], \"positions\": []}]}", "book.accounts[0].collateral", "must be an object")]
    [InlineData("{\"accounts\": [{\"id\": \"a\", \"collateral\": {}, \"positions\": {}}]}", "book.accounts[0].positions", "must be an array")]
    [InlineData("{\"accounts\": [{\"id\": \"a\", \"collateral\": {\"USDC\": 1e999}, \"positions\": []}]}", "book.accounts[0].collateral.USDC", "must be a finite number")]
    public void Read_StructuralProblem_SingleErrorWithPath(string json, string field, string message) =>
        ValidationAssert.Single(() => BookJson.Read(json), field, message);

    [Theory]
    [InlineData("{\"accounts\": []} {}", "line 1")]
    [InlineData("{\"accounts\": [}", "line 1")]
    [InlineData("", "line 1")]
    [InlineData("{\n\"accounts\": [\n{\"id\": \"a\",\n}]}", "line 4")]
    public void Read_MalformedJson_SingleRootErrorWithLine(string json, string line)
    {
        var error = Assert.Single(ValidationAssert.Errors(() => BookJson.Read(json)));
        Assert.Equal("book", error.Field);
        Assert.StartsWith($"malformed JSON at {line}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUtf8Bytes_Default_OneAccountPerLine()
    {
        var text = Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(BookJson.Read(JsonExamples.Book)));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal("{\"accounts\": [", lines[0]);
        Assert.StartsWith("{\"id\":\"0x71c7656ec7ab88b098defb751b7401b5f6d8976f\",\"collateral\":{\"USDC\":40000},", lines[2], StringComparison.Ordinal);
        Assert.Equal("]}", lines[4]);
    }

    [Fact]
    public void ToUtf8Bytes_Indented_ReadsBackEqual()
    {
        var book = BookJson.Read(JsonExamples.Book);
        var again = BookJson.Read(BookJson.ToUtf8Bytes(book, indented: true));
        Assert.Equal(book.Accounts.SelectMany(a => a.Positions), again.Accounts.SelectMany(a => a.Positions));
    }

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
