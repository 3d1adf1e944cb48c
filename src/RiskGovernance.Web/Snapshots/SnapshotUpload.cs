using System.Globalization;
using System.Text;
using System.Text.Json;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Snapshots;

/// <summary>
/// A book and market snapshot as uploaded, read and checked: the engine's own readers validate the
/// market (market.json) and the book (book.json) with every problem named by its field
/// (<c>market.assets[2].price</c>, <c>book.accounts[3].positions[1].strike</c>), and the book is
/// checked against the market (and, when one is in force, the ratified parameter set) so that every
/// proposal can be simulated on it.
/// </summary>
/// <param name="Market">The market snapshot.</param>
/// <param name="Book">The book.</param>
public sealed record SnapshotUpload(MarketSnapshot Market, Book Book)
{
    /// <summary>The fields of the request body.</summary>
    public static readonly IReadOnlyList<string> Fields = ["market", "book"];

    /// <summary>
    /// Reads the body <c>{"market": {...market.json...}, "book": {...book.json...}}</c>; throws
    /// <see cref="InputValidationException"/> with every problem, each naming its field.
    /// </summary>
    /// <param name="body">The UTF-8 request body.</param>
    /// <param name="ratified">The parameter set in force, to check the book and market against; null when none is.</param>
    public static SnapshotUpload Read(ReadOnlyMemory<byte> body, ParameterSet? ratified)
    {
        // One pass of a reader over the body: each part is the slice of the body that holds it, read by
        // the engine's single-pass readers (no document tree, no copy: a million-account book is read as is).
        var errors = new List<ValidationError>();
        var parts = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var isObject = false;
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read())
            {
                throw new JsonException("The input does not contain any JSON tokens.", null, 0, 0);
            }

            isObject = reader.TokenType == JsonTokenType.StartObject;
            if (!isObject)
            {
                reader.Skip();
            }
            else
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var property = reader.GetString()!;
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var value = body[start..(int)reader.BytesConsumed];
                    var name = property.Length > 64 ? property[..64] + "..." : property;
                    if (!Fields.Contains(property))
                    {
                        errors.Add(new ValidationError(name, $"is not a field of a snapshot (its fields: {string.Join(", ", Fields)})"));
                    }
                    else if (!parts.TryAdd(property, value))
                    {
                        errors.Add(new ValidationError(name, "appears more than once"));
                    }
                }
            }

            // Nothing may follow the object: the reader throws on a second value.
            reader.Read();
        }
        catch (JsonException e)
        {
            throw new InputValidationException("body", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        if (!isObject)
        {
            throw new InputValidationException("body", "must be a JSON object {\"market\": {...}, \"book\": {...}}");
        }

        foreach (var field in Fields.Where(f => !parts.ContainsKey(f)))
        {
            errors.Add(new ValidationError(field, $"is required (the {field}.json object)"));
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        var market = Collect(errors, () => MarketSnapshotJson.Read(parts["market"]));
        var book = Collect(errors, () => Engine.Json.BookJson.Read(parts["book"]));
        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        SnapshotValidation.Check(market!, book!, ratified);
        return new SnapshotUpload(market!, book!);
    }

    /// <summary>The provenance stored with the snapshot (the store's Source text).</summary>
    /// <param name="publisher">The signed-in publisher.</param>
    /// <param name="at">When it was received.</param>
    public string Provenance(Address publisher, DateTimeOffset at)
        => string.Create(CultureInfo.InvariantCulture,
            $"upload by {publisher} at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {Book.Accounts.Count} accounts, {Market.Assets.Count} assets");

    /// <summary>The snapshot to store.</summary>
    /// <param name="publisher">The signed-in publisher.</param>
    /// <param name="at">When it was received.</param>
    public NewBookSnapshot ToSnapshot(Address publisher, DateTimeOffset at)
        => new(Market.AsOf, Market, Book, Provenance(publisher, at), at);

    private static T? Collect<T>(List<ValidationError> errors, Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (InputValidationException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
    }
}
