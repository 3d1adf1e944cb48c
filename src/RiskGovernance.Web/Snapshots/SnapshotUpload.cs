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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InputValidationException("body", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputValidationException("body", "must be a JSON object {\"market\": {...}, \"book\": {...}}");
            }

            var errors = new List<ValidationError>();
            var parts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                var name = property.Name.Length > 64 ? property.Name[..64] + "..." : property.Name;
                if (!Fields.Contains(property.Name))
                {
                    errors.Add(new ValidationError(name, $"is not a field of a snapshot (its fields: {string.Join(", ", Fields)})"));
                }
                else if (!parts.TryAdd(property.Name, property.Value))
                {
                    errors.Add(new ValidationError(name, "appears more than once"));
                }
            }

            foreach (var field in Fields.Where(f => !parts.ContainsKey(f)))
            {
                errors.Add(new ValidationError(field, $"is required (the {field}.json object)"));
            }

            if (errors.Count > 0)
            {
                throw new InputValidationException(errors);
            }

            var market = Collect(errors, () => MarketSnapshotJson.Read(Encoding.UTF8.GetBytes(parts["market"].GetRawText())));
            var book = Collect(errors, () => Engine.Json.BookJson.Read(Encoding.UTF8.GetBytes(parts["book"].GetRawText())));
            if (errors.Count > 0)
            {
                throw new InputValidationException(errors);
            }

            SnapshotValidation.Check(market!, book!, ratified);
            return new SnapshotUpload(market!, book!);
        }
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
