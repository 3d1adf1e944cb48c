using System.Collections.Immutable;
using System.Text.Json;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Json;

/// <summary>Reads the structure of an input document (objects, types, required and unknown
/// properties) and records every problem with its JSON path. Values that cannot be read are
/// replaced by placeholders (NaN, 0, empty) so that the model's own checks can still run on the
/// rest; <see cref="MergeModelErrors"/> then drops the model's complaints about those placeholders.</summary>
internal sealed class JsonInput
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    private readonly List<ValidationError> _errors = [];
    private readonly List<string> _placeholders = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new ValidationError(field, message));

    /// <summary>Parses UTF-8 JSON (a leading byte order mark is skipped). Malformed JSON is one
    /// error on <paramref name="root"/> with its line and position (both from 1).</summary>
    public JsonDocument? Parse(ReadOnlyMemory<byte> utf8, string root)
    {
        utf8 = WithoutBom(utf8);
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            Malformed(root, ex);
            return null;
        }
    }

    /// <summary>Records malformed JSON as one error on <paramref name="root"/>, with the line and
    /// the byte position in the line (both from 1).</summary>
    public void Malformed(string root, JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }
        var line = (ex.LineNumber ?? 0) + 1;
        var position = (ex.BytePositionInLine ?? 0) + 1;
        Add(root, $"malformed JSON at line {line}, position {position}: {message}");
    }

    /// <summary>Skips a leading UTF-8 byte order mark.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    public static string Child(string path, string name) => string.Concat(path, ".", name);

    public static string Item(string path, int index) => $"{path}[{index}]";

    /// <summary>Reads the properties of an object into <paramref name="slots"/> (one per name, in
    /// the order of <paramref name="names"/>): unknown properties, repeated properties and missing
    /// ones are errors. Returns false when the element is not an object.</summary>
    public bool Object(JsonElement element, string path, ImmutableArray<string> names, JsonElement[] slots)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, $"must be an object (got {Describe(element)})");
            return false;
        }
        foreach (var property in element.EnumerateObject())
        {
            var index = IndexOf(property, names);
            if (index < 0)
            {
                Add(Child(path, property.Name), $"is not a known property (expected {string.Join(", ", names)})");
            }
            else if (slots[index].ValueKind != JsonValueKind.Undefined)
            {
                Add(Child(path, property.Name), "is given more than once");
            }
            else
            {
                slots[index] = property.Value;
            }
        }
        for (var i = 0; i < names.Length; i++)
        {
            if (slots[i].ValueKind == JsonValueKind.Undefined)
            {
                Add(Child(path, names[i]), "is required");
            }
        }
        return true;
    }

    /// <summary>Checks that an element is an object whose properties are free names (a map such as
    /// collateral or params.assets). Returns false when it is not.</summary>
    public bool Map(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, $"must be an object (got {Describe(element)})");
            return false;
        }
        return true;
    }

    public bool Array(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            Add(path, $"must be an array (got {Describe(element)})");
            return false;
        }
        return true;
    }

    /// <summary>A finite number; NaN (already reported) when absent or invalid.</summary>
    public double Number(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined:
                return double.NaN;
            case JsonValueKind.Number when element.TryGetDouble(out var value) && double.IsFinite(value):
                return value;
            case JsonValueKind.Number:
                Add(path, $"must be a finite number (got {element.GetRawText()})");
                return double.NaN;
            default:
                Add(path, $"must be a number (got {Describe(element)})");
                return double.NaN;
        }
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; written as a JSON
    /// number with no fractional part (3 and 3.0 are both 3). <paramref name="placeholder"/> when
    /// absent or invalid.</summary>
    public long Integer(JsonElement element, string path, long min, long max, long placeholder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined:
                return placeholder;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var exact))
                {
                    if (exact >= min && exact <= max)
                    {
                        return exact;
                    }
                }
                else if (element.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d)
                {
                    if (d >= min && d <= max)
                    {
                        return (long)d;
                    }
                }
                else
                {
                    Add(path, $"must be an integer (got {element.GetRawText()})");
                    return placeholder;
                }
                Add(path, $"must be an integer in [{min}, {max}] (got {element.GetRawText()})");
                return placeholder;
            default:
                Add(path, $"must be an integer (got {Describe(element)})");
                return placeholder;
        }
    }

    /// <summary>A string; empty (reported) when absent or not a string.</summary>
    public string String(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined:
                return string.Empty;
            case JsonValueKind.String:
                return element.GetString() ?? string.Empty;
            default:
                Add(path, $"must be a string (got {Describe(element)})");
                return string.Empty;
        }
    }

    /// <summary>One of the exact spellings in <paramref name="table"/>.</summary>
    public T Enum<T>(JsonElement element, string path, ImmutableArray<(string Name, T Value)> table, T placeholder)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return placeholder;
        }
        if (element.ValueKind == JsonValueKind.String)
        {
            foreach (var (name, value) in table)
            {
                if (element.ValueEquals(name))
                {
                    return value;
                }
            }
        }
        Add(path, $"must be one of {string.Join(", ", table.Select(t => $"\"{t.Name}\""))} (got {Describe(element)})");
        return placeholder;
    }

    /// <summary>Marks an element that could not be read at all (a position of unknown type): the
    /// model's complaints about anything inside it are about placeholders.</summary>
    public void Placeholder(string path) => _placeholders.Add(path);

    /// <summary>Adds the model's errors to the structural ones, leaving out those about a field
    /// (or a part or parent of a field) that already has a structural error or is a placeholder:
    /// they are about placeholders. Each dependency (Trigger, Group) leaves out every model error
    /// within Group when a structural error is within Trigger (for example the correlation checks
    /// when params.assets could not be read).</summary>
    public IReadOnlyList<ValidationError> MergeModelErrors(
        IReadOnlyList<ValidationError> modelErrors, params (string Trigger, string Group)[] dependencies)
    {
        if (_errors.Count == 0)
        {
            return modelErrors;
        }
        var merged = new List<ValidationError>(_errors);
        var broken = dependencies.Where(d => _errors.Any(e => Related(e.Field, d.Trigger))).Select(d => d.Group).ToArray();
        foreach (var m in modelErrors)
        {
            if (_errors.Any(e => Related(e.Field, m.Field)) || _placeholders.Any(p => Related(p, m.Field))
                || broken.Any(g => Related(g, m.Field)))
            {
                continue;
            }
            merged.Add(m);
        }
        return merged;
    }

    /// <summary>The exception that carries every structural error found so far (at least one).</summary>
    public InputValidationException Failure() => new(_errors.ToArray());

    /// <summary>Runs the model's validating factory on what was read and returns its result, or
    /// throws every problem: the structural ones and the model's (see <see cref="MergeModelErrors"/>).</summary>
    public T Finish<T>(Func<T> create, params (string Trigger, string Group)[] dependencies)
        where T : class
    {
        T? created = null;
        IReadOnlyList<ValidationError> modelErrors = [];
        try
        {
            created = create();
        }
        catch (InputValidationException ex)
        {
            modelErrors = ex.Errors;
        }
        var all = MergeModelErrors(modelErrors, dependencies);
        if (all.Count > 0 || created is null)
        {
            throw new InputValidationException(all.ToArray());
        }
        return created;
    }

    private static bool Related(string a, string b) => IsWithin(a, b) || IsWithin(b, a);

    private static bool IsWithin(string inner, string outer) =>
        inner.Length == outer.Length
            ? string.Equals(inner, outer, StringComparison.Ordinal)
            : inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal)
              && (inner[outer.Length] == '.' || inner[outer.Length] == '[');

    private static int IndexOf(JsonProperty property, ImmutableArray<string> names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (property.NameEquals(names[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => Truncate(element.GetRawText()),
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string s) => s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 57), "...");
}
