using System.Text;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Snapshots;

namespace RiskGovernance.Web.Tests.Snapshots;

/// <summary>The upload body read in one pass (each part read from its slice of the body): the same market and
/// book as their files, and every problem of the body's shape named.</summary>
public sealed class SnapshotUploadTests
{
    private static readonly string Market = Encoding.UTF8.GetString(MarketSnapshotJson.ToUtf8Bytes(DemoInputs.Market10(), indented: true));
    private static readonly byte[] BookBytes = BookJson.ToUtf8Bytes(BookGenerator.Generate(DemoInputs.Market10(), DemoInputs.Params10(), 50, 3), indented: false);
    private static readonly string Book = Encoding.UTF8.GetString(BookBytes);

    [Fact]
    public void Read_MarketAndBook_SameAsReadingTheirTexts_CheckedAgainstTheRatifiedSet()
    {
        var upload = SnapshotUpload.Read(Encoding.UTF8.GetBytes($"{{ \"book\" : {Book} ,\n \"market\": {Market} }}  "), DemoInputs.Params10());

        Assert.Equal(BookBytes, BookJson.ToUtf8Bytes(upload.Book, indented: false));
        Assert.Equal(MarketSnapshotJson.ToUtf8Bytes(MarketSnapshotJson.Read(Market), indented: false), MarketSnapshotJson.ToUtf8Bytes(upload.Market, indented: false));
    }

    [Theory]
    [InlineData("{\"market\": {}, \"book\": {\"accounts\": []}} {}", "body", "is not valid JSON")]
    [InlineData("{\"market\": {", "body", "is not valid JSON")]
    [InlineData("", "body", "is not valid JSON")]
    [InlineData("[1, 2]", "body", "must be a JSON object")]
    [InlineData("{\"market\": {}, \"book\": {}, \"extra\": 1}", "extra", "is not a field of a snapshot")]
    [InlineData("{\"market\": {}, \"market\": {}, \"book\": {}}", "market", "appears more than once")]
    [InlineData("{\"market\": {}}", "book", "is required")]
    public void Read_BadShape_NamesTheField(string body, string field, string message)
    {
        var error = Assert.Throws<InputValidationException>(() => SnapshotUpload.Read(Encoding.UTF8.GetBytes(body), null));

        Assert.Contains(error.Errors, e => e.Field == field && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_BadParts_EveryFieldNamed()
    {
        var error = Assert.Throws<InputValidationException>(() => SnapshotUpload.Read(Encoding.UTF8.GetBytes($"{{\"market\": \"m\", \"book\": {{\"accounts\": [{{\"id\": 1}}]}}}}"), null));

        Assert.Contains(error.Errors, e => e.Field.StartsWith("market", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Field == "book.accounts[0].id");
    }
}
