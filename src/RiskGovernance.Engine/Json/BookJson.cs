using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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
    private static readonly ImmutableArray<string> RootNames = ["accounts"];
    private static readonly ImmutableArray<string> AccountNames = ["id", "collateral", "positions"];
    private static readonly ImmutableArray<string> PerpNames = ["type", "asset", "quantity", "entryPrice"];
    private static readonly ImmutableArray<string> OptionNames = ["type", "asset", "right", "strike", "expiryDays", "quantity"];

    /// <summary>Reads and validates a book; throws <see cref="InputValidationException"/> listing
    /// every problem. The book is read in one streaming pass (no document tree, no strings built
    /// for fields without a problem): a 10,000-account book reads in tens of milliseconds.</summary>
    public static Book Read(ReadOnlyMemory<byte> utf8)
    {
        var input = new JsonInput();
        var accounts = new List<Account>();
        var reader = new Utf8JsonReader(JsonInput.WithoutBom(utf8).Span, new JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 64,
        });
        try
        {
            ReadRoot(ref reader, input, accounts);
            // Nothing may follow the book: the reader itself throws on a second value.
            reader.Read();
        }
        catch (JsonException ex)
        {
            var failed = new JsonInput();
            failed.Malformed(Root, ex);
            throw failed.Failure();
        }
        return input.Finish(() => Book.Create(accounts));
    }

    public static Book Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRoot(ref Utf8JsonReader reader, JsonInput input, List<Account> accounts)
    {
        if (!reader.Read())
        {
            throw new JsonException("The input does not contain any JSON tokens.", null, 0, 0);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            input.Add(Root, $"must be an object (got {Describe(ref reader)})");
            reader.Skip();
            return;
        }
        var seen = false;
        var names = new List<string>();
        var scratch = new List<Position>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("accounts"u8))
            {
                input.Add(JsonInput.Child(Root, reader.GetString()!), $"is not a known property (expected {string.Join(", ", RootNames)})");
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (seen)
            {
                input.Add("book.accounts", "is given more than once");
                reader.Skip();
                continue;
            }
            seen = true;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                input.Add("book.accounts", $"must be an array (got {Describe(ref reader)})");
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                accounts.Add(ReadAccount(ref reader, input, names, scratch, accounts.Count));
            }
        }
        if (!seen)
        {
            input.Add("book.accounts", "is required");
        }
    }

    /// <summary>The string at the reader (a value or a property name), one instance per distinct
    /// asset name: a book names a handful of assets tens of thousands of times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Name(ref Utf8JsonReader reader, List<string> names)
    {
        if (!reader.ValueIsEscaped)
        {
            foreach (var known in names)
            {
                if (reader.ValueTextEquals(known))
                {
                    return known;
                }
            }
        }
        var name = reader.GetString()!;
        if (names.Count < 64)
        {
            names.Add(name);
        }
        return name;
    }

    private static string AccountPath(int i) => JsonInput.Item("book.accounts", i);

    private static string PositionPath(int i, int j) => JsonInput.Item($"{AccountPath(i)}.positions", j);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Account ReadAccount(ref Utf8JsonReader reader, JsonInput input, List<string> names, List<Position> scratch, int i)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            input.Add(AccountPath(i), $"must be an object (got {Describe(ref reader)})");
            reader.Skip();
            return new Account(string.Empty, [], []);
        }
        string? id = null;
        List<CollateralBalance>? collateral = null;
        Position[]? positions = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("id"u8) ? 0 : reader.ValueTextEquals("collateral"u8) ? 1 : reader.ValueTextEquals("positions"u8) ? 2 : -1;
            var name = field < 0 ? reader.GetString()! : AccountNames[field];
            reader.Read();
            if (field < 0 || (field == 0 && id is not null) || (field == 1 && collateral is not null) || (field == 2 && positions is not null))
            {
                input.Add($"{AccountPath(i)}.{name}", field < 0
                    ? $"is not a known property (expected {string.Join(", ", AccountNames)})"
                    : "is given more than once");
                reader.Skip();
                continue;
            }
            switch (field)
            {
                case 0:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        id = reader.GetString()!;
                    }
                    else
                    {
                        input.Add($"{AccountPath(i)}.id", $"must be a string (got {Describe(ref reader)})");
                        reader.Skip();
                        id = string.Empty;
                    }
                    break;
                case 1:
                    collateral = ReadCollateral(ref reader, input, names, i);
                    break;
                default:
                    positions = [];
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        input.Add($"{AccountPath(i)}.positions", $"must be an array (got {Describe(ref reader)})");
                        reader.Skip();
                        break;
                    }
                    scratch.Clear();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        scratch.Add(ReadPosition(ref reader, input, names, i, scratch.Count));
                    }
                    positions = scratch.ToArray();
                    break;
            }
        }
        if (id is null)
        {
            input.Add($"{AccountPath(i)}.id", "is required");
        }
        if (collateral is null)
        {
            input.Add($"{AccountPath(i)}.collateral", "is required");
        }
        if (positions is null)
        {
            input.Add($"{AccountPath(i)}.positions", "is required");
        }
        return new Account(id ?? string.Empty, (IReadOnlyList<CollateralBalance>?)collateral ?? [], (IReadOnlyList<Position>?)positions ?? []);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<CollateralBalance> ReadCollateral(ref Utf8JsonReader reader, JsonInput input, List<string> names, int i)
    {
        var list = new List<CollateralBalance>(2);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            input.Add($"{AccountPath(i)}.collateral", $"must be an object (got {Describe(ref reader)})");
            reader.Skip();
            return list;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var asset = Name(ref reader, names);
            reader.Read();
            if (list.Exists(c => c.Asset == asset))
            {
                input.Add($"{AccountPath(i)}.collateral.{asset}", "is given more than once");
                reader.Skip();
                continue;
            }
            list.Add(new CollateralBalance(asset, Number(ref reader, input, i, -1, asset, collateral: true)));
        }
        return list;
    }

    /// <summary>Field indices of a position, in the order of <see cref="OptionNames"/> plus entryPrice.</summary>
    private const int FType = 0, FAsset = 1, FRight = 2, FStrike = 3, FExpiry = 4, FQuantity = 5, FEntry = 6;

    private static readonly ImmutableArray<string> PositionFieldNames = ["type", "asset", "right", "strike", "expiryDays", "quantity", "entryPrice"];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PositionField(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("type"u8) ? FType
        : reader.ValueTextEquals("asset"u8) ? FAsset
        : reader.ValueTextEquals("quantity"u8) ? FQuantity
        : reader.ValueTextEquals("entryPrice"u8) ? FEntry
        : reader.ValueTextEquals("strike"u8) ? FStrike
        : reader.ValueTextEquals("expiryDays"u8) ? FExpiry
        : reader.ValueTextEquals("right"u8) ? FRight
        : -1;

    /// <summary>A position; an unreadable one becomes a placeholder perp so that the positions
    /// keep their indices (its placeholder values are never reported). Fields may come in any
    /// order: which ones are allowed is decided once the type is known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Position ReadPosition(ref Utf8JsonReader reader, JsonInput input, List<string> names, int i, int j)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            input.Add(PositionPath(i, j), $"must be an object (got {Describe(ref reader)})");
            reader.Skip();
            return Placeholder(input, PositionPath(i, j));
        }
        Span<bool> present = stackalloc bool[PositionFieldNames.Length];
        Span<double> numbers = stackalloc double[PositionFieldNames.Length];
        bool? isOption = null;
        var typeValid = false;
        var asset = string.Empty;
        var right = (OptionRight)(-1);
        List<string>? unknown = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var f = PositionField(ref reader);
            var name = f < 0 ? reader.GetString()! : PositionFieldNames[f];
            reader.Read();
            if (f < 0)
            {
                (unknown ??= []).Add(name);
                reader.Skip();
                continue;
            }
            if (present[f])
            {
                input.Add($"{PositionPath(i, j)}.{name}", "is given more than once");
                reader.Skip();
                continue;
            }
            present[f] = true;
            switch (f)
            {
                case FType:
                    if (reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("perp"u8) || reader.ValueTextEquals("option"u8)))
                    {
                        isOption = reader.ValueTextEquals("option"u8);
                        typeValid = true;
                    }
                    else
                    {
                        input.Add($"{PositionPath(i, j)}.type", $"must be one of \"perp\", \"option\" (got {Describe(ref reader)})");
                        reader.Skip();
                    }
                    break;
                case FAsset:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        asset = Name(ref reader, names);
                    }
                    else
                    {
                        input.Add($"{PositionPath(i, j)}.asset", $"must be a string (got {Describe(ref reader)})");
                        reader.Skip();
                    }
                    break;
                case FRight:
                    if (reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("call"u8) || reader.ValueTextEquals("put"u8)))
                    {
                        right = reader.ValueTextEquals("call"u8) ? OptionRight.Call : OptionRight.Put;
                    }
                    else
                    {
                        input.Add($"{PositionPath(i, j)}.right", $"must be one of \"call\", \"put\" (got {Describe(ref reader)})");
                        reader.Skip();
                    }
                    break;
                default:
                    numbers[f] = Number(ref reader, input, i, j, PositionFieldNames[f], collateral: false);
                    break;
            }
        }
        if (!present[FType])
        {
            input.Add($"{PositionPath(i, j)}.type", "is required (\"perp\" or \"option\")");
            return Placeholder(input, PositionPath(i, j));
        }
        if (!typeValid)
        {
            return Placeholder(input, PositionPath(i, j));
        }
        var expected = isOption == true ? OptionNames : PerpNames;
        for (var f = 0; f < PositionFieldNames.Length; f++)
        {
            var allowed = f == FType || f == FAsset || f == FQuantity || (isOption == true ? f is FRight or FStrike or FExpiry : f == FEntry);
            if (present[f] && !allowed)
            {
                input.Add($"{PositionPath(i, j)}.{PositionFieldNames[f]}", $"is not a known property (expected {string.Join(", ", expected)})");
            }
            else if (!present[f] && allowed)
            {
                input.Add($"{PositionPath(i, j)}.{PositionFieldNames[f]}", "is required");
                numbers[f] = double.NaN;
            }
        }
        foreach (var name in unknown ?? [])
        {
            input.Add($"{PositionPath(i, j)}.{name}", $"is not a known property (expected {string.Join(", ", expected)})");
        }
        return isOption == true
            ? new OptionPosition(asset, right, numbers[FStrike], numbers[FExpiry], numbers[FQuantity])
            : new PerpPosition(asset, numbers[FQuantity], numbers[FEntry]);
    }

    /// <summary>A finite number at the reader; NaN (reported) otherwise. The field is named only
    /// when there is a problem.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Number(ref Utf8JsonReader reader, JsonInput input, int i, int j, string name, bool collateral)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
        {
            return value;
        }
        var field = collateral ? $"{AccountPath(i)}.collateral.{name}" : $"{PositionPath(i, j)}.{name}";
        input.Add(field, reader.TokenType == JsonTokenType.Number
            ? $"must be a finite number (got {Encoding.UTF8.GetString(reader.ValueSpan)})"
            : $"must be a number (got {Describe(ref reader)})");
        reader.Skip();
        return double.NaN;
    }

    /// <summary>The token at the reader, for messages (as <see cref="JsonInput"/> describes elements).</summary>
    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => Truncate("\"" + reader.GetString() + "\""),
        JsonTokenType.Number => $"the number {Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string s) => s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 57), "...");

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
            WriteAccount(writer, account);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteAccount(Utf8JsonWriter writer, Account account)
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
                    throw new ArgumentException($"unknown position type {position.GetType().Name}", nameof(account));
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The book.json text of a book: indented, or (the default, for books of any size)
    /// compact with one account per line.</summary>
    public static byte[] ToUtf8Bytes(Book book, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (indented)
        {
            return JsonOutput.ToBytes(true, w => Write(w, book));
        }
        using var stream = new MemoryStream(256 + (book.Accounts.Count * 600));
        WriteTo(stream, book);
        return stream.ToArray();
    }

    /// <summary>Writes a book into a stream, compact with one account per line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteTo(Stream stream, Book book)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(book);
        stream.Write("{\"accounts\": [\n"u8);
        using (var writer = new Utf8JsonWriter(stream, JsonOutput.Options(indented: false)))
        {
            for (var i = 0; i < book.Accounts.Count; i++)
            {
                if (i > 0)
                {
                    stream.Write(",\n"u8);
                }
                WriteAccount(writer, book.Accounts[i]);
                writer.Flush();
                writer.Reset();
            }
        }
        stream.Write("\n]}\n"u8);
    }
}
