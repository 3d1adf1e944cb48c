using System.Text;
using System.Text.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Json;

/// <summary>book.json (FORMATS.md): accounts with collateral (asset -> amount) and positions
/// (perp or option). Fields are named <c>book.accounts[3].positions[1].strike</c> and
/// <c>book.accounts[0].collateral.USDC</c>.</summary>
public static class BookJson
{
    private const string Root = "book";
    private static readonly string[] RootNames = ["accounts"];
    private static readonly string[] AccountNames = ["id", "collateral", "positions"];
    private static readonly string[] PerpNames = ["type", "asset", "quantity", "entryPrice"];
    private static readonly string[] OptionNames = ["type", "asset", "right", "strike", "expiryDays", "quantity"];
    private static readonly (string Name, bool? IsOption)[] PositionTypes = [("perp", false), ("option", true)];

    /// <summary>Reads and validates a book; throws <see cref="InputValidationException"/> listing
    /// every problem.</summary>
    public static Book Read(ReadOnlyMemory<byte> utf8)
    {
        var input = new JsonInput();
        using var document = input.Parse(utf8, Root);
        var slots = new JsonElement[RootNames.Length];
        if (document is null || !input.Object(document.RootElement, Root, RootNames, slots))
        {
            throw input.Failure();
        }
        var accounts = new List<Account>();
        if (input.Array(slots[0], "book.accounts"))
        {
            accounts.Capacity = slots[0].GetArrayLength();
            var a = new JsonElement[AccountNames.Length];
            var perp = new JsonElement[PerpNames.Length];
            var option = new JsonElement[OptionNames.Length];
            var i = 0;
            foreach (var item in slots[0].EnumerateArray())
            {
                var path = JsonInput.Item("book.accounts", i++);
                System.Array.Clear(a);
                input.Object(item, path, AccountNames, a);
                var id = input.String(a[0], $"{path}.id");
                var collateral = ReadCollateral(input, a[1], $"{path}.collateral");
                var positions = new List<Position>();
                if (input.Array(a[2], $"{path}.positions"))
                {
                    var j = 0;
                    foreach (var p in a[2].EnumerateArray())
                    {
                        positions.Add(ReadPosition(input, p, JsonInput.Item($"{path}.positions", j++), perp, option));
                    }
                }
                accounts.Add(new Account(id, collateral, positions));
            }
        }
        return input.Finish(() => Book.Create(accounts));
    }

    public static Book Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    private static List<CollateralBalance> ReadCollateral(JsonInput input, JsonElement element, string path)
    {
        var list = new List<CollateralBalance>();
        if (input.Map(element, path))
        {
            foreach (var property in element.EnumerateObject())
            {
                var cpath = JsonInput.Child(path, property.Name);
                if (list.Exists(c => c.Asset == property.Name))
                {
                    input.Add(cpath, "is given more than once");
                    continue;
                }
                list.Add(new CollateralBalance(property.Name, input.Number(property.Value, cpath)));
            }
        }
        return list;
    }

    /// <summary>A position; an unreadable one becomes a placeholder perp so that the positions
    /// keep their indices (its placeholder values are never reported).</summary>
    private static Position ReadPosition(JsonInput input, JsonElement element, string path, JsonElement[] perp, JsonElement[] option)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            input.Add(path, "must be an object");
            return Placeholder(input, path);
        }
        if (!element.TryGetProperty("type", out var typeElement))
        {
            input.Add($"{path}.type", "is required (\"perp\" or \"option\")");
            return Placeholder(input, path);
        }
        var isOption = input.Enum(typeElement, $"{path}.type", PositionTypes, (bool?)null);
        if (isOption is null)
        {
            return Placeholder(input, path);
        }
        if (isOption.Value)
        {
            System.Array.Clear(option);
            input.Object(element, path, OptionNames, option);
            return new OptionPosition(
                input.String(option[1], $"{path}.asset"),
                input.Enum(option[2], $"{path}.right", JsonNames.Rights, (OptionRight)(-1)),
                input.Number(option[3], $"{path}.strike"),
                input.Number(option[4], $"{path}.expiryDays"),
                input.Number(option[5], $"{path}.quantity"));
        }
        System.Array.Clear(perp);
        input.Object(element, path, PerpNames, perp);
        return new PerpPosition(
            input.String(perp[1], $"{path}.asset"),
            input.Number(perp[2], $"{path}.quantity"),
            input.Number(perp[3], $"{path}.entryPrice"));
    }

    private static PerpPosition Placeholder(JsonInput input, string path)
    {
        input.Placeholder(path);
        return new PerpPosition(string.Empty, double.NaN, double.NaN);
    }

    /// <summary>Writes a book in the book.json format.</summary>
    public static void Write(Utf8JsonWriter writer, Book book)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(book);
        writer.WriteStartObject();
        writer.WriteStartArray("accounts");
        foreach (var account in book.Accounts)
        {
            writer.WriteStartObject();
            writer.WriteString("id", account.Id);
            writer.WriteStartObject("collateral");
            foreach (var c in account.Collateral)
            {
                writer.Number(c.Asset, c.Amount);
            }
            writer.WriteEndObject();
            writer.WriteStartArray("positions");
            foreach (var position in account.Positions)
            {
                writer.WriteStartObject();
                switch (position)
                {
                    case PerpPosition p:
                        writer.WriteString("type", "perp");
                        writer.WriteString("asset", p.Asset);
                        writer.Number("quantity", p.Quantity);
                        writer.Number("entryPrice", p.EntryPrice);
                        break;
                    case OptionPosition o:
                        writer.WriteString("type", "option");
                        writer.WriteString("asset", o.Asset);
                        writer.WriteString("right", JsonNames.Of(o.Right));
                        writer.Number("strike", o.Strike);
                        writer.Number("expiryDays", o.ExpiryDays);
                        writer.Number("quantity", o.Quantity);
                        break;
                    default:
                        throw new ArgumentException($"unknown position type {position.GetType().Name}", nameof(book));
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8Bytes(Book book, bool indented = true) => JsonOutput.ToBytes(indented, w => Write(w, book));
}
