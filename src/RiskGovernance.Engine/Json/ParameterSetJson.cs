using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Json;

/// <summary>params.json (FORMATS.md): reading with every problem named by its field
/// (<c>params.assets.BTC.scanRange</c>), writing in the FORMATS order, and the canonical JSON whose
/// keccak-256 is stored on chain beside a ratified parameter set.</summary>
public static class ParameterSetJson
{
    /// <summary>The largest seed that a JSON number (an IEEE double) carries exactly: 2^53 - 1.</summary>
    public const long MaxSeed = (1L << 53) - 1;

    private const string Root = "params";

    private static readonly ImmutableArray<string> RootNames =
    [
        "method", "imMultiplier", "mmRatio", "liquidationRatio", "shortOptionMinimum", "correlationStress",
        "grid", "simulation", "assets", "correlation",
    ];

    private static readonly ImmutableArray<string> GridNames =
        ["steps", "extremeMultiple", "extremeCoverage", "vegaPowerShort", "vegaPowerLong", "dteFloorDays", "volFloor"];

    private static readonly ImmutableArray<string> SimulationNames =
        ["measure", "confidence", "horizonDays", "scenarios", "seed", "distribution", "degreesOfFreedom", "historyDays"];

    private static readonly ImmutableArray<string> AssetNames = ["scanRange", "volUp", "volDown", "haircut"];

    private static readonly ImmutableArray<string> CorrelationNames = ["assets", "matrix"];

    /// <summary>Reads and validates a parameter set (every rule of METHODOLOGY section 8 that
    /// concerns it alone); throws <see cref="InputValidationException"/> listing every problem.</summary>
    public static ParameterSet Read(ReadOnlyMemory<byte> utf8)
    {
        var input = new JsonInput();
        var draft = Parse(utf8, input);
        return input.Finish(draft.Validate, ("params.correlation", "params.correlation"), ("params.assets", "params.correlation"));
    }

    public static ParameterSet Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads the values of a parameter set checking only the JSON structure (types,
    /// required and unknown properties, integers, enum spellings); the rules of section 8 are left
    /// to <see cref="ParameterSetDraft.Validate"/>.</summary>
    public static ParameterSetDraft ReadDraft(ReadOnlyMemory<byte> utf8)
    {
        var input = new JsonInput();
        var draft = Parse(utf8, input);
        if (input.HasErrors)
        {
            throw input.Failure();
        }
        return draft;
    }

    public static ParameterSetDraft ReadDraft(string json) => ReadDraft(Encoding.UTF8.GetBytes(json));

    private static ParameterSetDraft Parse(ReadOnlyMemory<byte> utf8, JsonInput input)
    {
        using var document = input.Parse(utf8, Root);
        var slots = new JsonElement[RootNames.Length];
        if (document is null || !input.Object(document.RootElement, Root, RootNames, slots))
        {
            throw input.Failure();
        }
        var method = input.Enum(slots[0], "params.method", JsonNames.Methods, (MarginMethod)(-1));
        var imMultiplier = input.Number(slots[1], "params.imMultiplier");
        var mmRatio = input.Number(slots[2], "params.mmRatio");
        var liquidationRatio = input.Number(slots[3], "params.liquidationRatio");
        var shortOptionMinimum = input.Number(slots[4], "params.shortOptionMinimum");
        var correlationStress = input.Number(slots[5], "params.correlationStress");

        var g = new JsonElement[GridNames.Length];
        input.Object(slots[6], "params.grid", GridNames, g);
        var grid = new GridParameters(
            (int)input.Integer(g[0], "params.grid.steps", int.MinValue, int.MaxValue, 0),
            input.Number(g[1], "params.grid.extremeMultiple"),
            input.Number(g[2], "params.grid.extremeCoverage"),
            input.Number(g[3], "params.grid.vegaPowerShort"),
            input.Number(g[4], "params.grid.vegaPowerLong"),
            input.Number(g[5], "params.grid.dteFloorDays"),
            input.Number(g[6], "params.grid.volFloor"));

        var s = new JsonElement[SimulationNames.Length];
        input.Object(slots[7], "params.simulation", SimulationNames, s);
        var simulation = new SimulationParameters(
            input.Enum(s[0], "params.simulation.measure", JsonNames.Measures, (RiskMeasure)(-1)),
            input.Number(s[1], "params.simulation.confidence"),
            (int)input.Integer(s[2], "params.simulation.horizonDays", int.MinValue, int.MaxValue, 0),
            (int)input.Integer(s[3], "params.simulation.scenarios", int.MinValue, int.MaxValue, 0),
            input.Integer(s[4], "params.simulation.seed", -MaxSeed, MaxSeed, 0),
            input.Enum(s[5], "params.simulation.distribution", JsonNames.Distributions, (ReturnDistribution)(-1)),
            input.Number(s[6], "params.simulation.degreesOfFreedom"),
            (int)input.Integer(s[7], "params.simulation.historyDays", int.MinValue, int.MaxValue, 0));

        var assets = new List<AssetParameterEntry>();
        if (input.Map(slots[8], "params.assets"))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var a = new JsonElement[AssetNames.Length];
            foreach (var property in slots[8].EnumerateObject())
            {
                var path = JsonInput.Child("params.assets", property.Name);
                if (!seen.Add(property.Name))
                {
                    input.Add(path, "is given more than once");
                    continue;
                }
                System.Array.Clear(a);
                input.Object(property.Value, path, AssetNames, a);
                assets.Add(new AssetParameterEntry(property.Name, new AssetRiskParameters(
                    input.Number(a[0], $"{path}.scanRange"),
                    input.Number(a[1], $"{path}.volUp"),
                    input.Number(a[2], $"{path}.volDown"),
                    input.Number(a[3], $"{path}.haircut"))));
            }
        }

        var c = new JsonElement[CorrelationNames.Length];
        input.Object(slots[9], "params.correlation", CorrelationNames, c);
        var names = new List<string>();
        if (input.Array(c[0], "params.correlation.assets"))
        {
            var i = 0;
            foreach (var item in c[0].EnumerateArray())
            {
                names.Add(input.String(item, JsonInput.Item("params.correlation.assets", i++)));
            }
        }
        var matrix = new List<IReadOnlyList<double>>();
        if (input.Array(c[1], "params.correlation.matrix"))
        {
            var i = 0;
            foreach (var row in c[1].EnumerateArray())
            {
                var rowPath = JsonInput.Item("params.correlation.matrix", i++);
                var values = new List<double>();
                if (input.Array(row, rowPath))
                {
                    var j = 0;
                    foreach (var cell in row.EnumerateArray())
                    {
                        values.Add(input.Number(cell, JsonInput.Item(rowPath, j++)));
                    }
                }
                matrix.Add(values);
            }
        }
        return new ParameterSetDraft(method, imMultiplier, mmRatio, liquidationRatio, shortOptionMinimum, correlationStress,
            grid, simulation, assets, names, matrix);
    }

    /// <summary>Writes a parameter set in the params.json format, fields in the FORMATS.md order.</summary>
    public static void Write(Utf8JsonWriter writer, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(parameters);
        writer.WriteStartObject();
        writer.WriteString("method", JsonNames.Of(parameters.Method));
        writer.Number("imMultiplier", parameters.ImMultiplier);
        writer.Number("mmRatio", parameters.MmRatio);
        writer.Number("liquidationRatio", parameters.LiquidationRatio);
        writer.Number("shortOptionMinimum", parameters.ShortOptionMinimum);
        writer.Number("correlationStress", parameters.CorrelationStress);
        var g = parameters.Grid;
        writer.WriteStartObject("grid");
        writer.WriteNumber("steps", g.Steps);
        writer.Number("extremeMultiple", g.ExtremeMultiple);
        writer.Number("extremeCoverage", g.ExtremeCoverage);
        writer.Number("vegaPowerShort", g.VegaPowerShort);
        writer.Number("vegaPowerLong", g.VegaPowerLong);
        writer.Number("dteFloorDays", g.DteFloorDays);
        writer.Number("volFloor", g.VolFloor);
        writer.WriteEndObject();
        var s = parameters.Simulation;
        writer.WriteStartObject("simulation");
        writer.WriteString("measure", JsonNames.Of(s.Measure));
        writer.Number("confidence", s.Confidence);
        writer.WriteNumber("horizonDays", s.HorizonDays);
        writer.WriteNumber("scenarios", s.Scenarios);
        writer.WriteNumber("seed", s.Seed);
        writer.WriteString("distribution", JsonNames.Of(s.Distribution));
        writer.Number("degreesOfFreedom", s.DegreesOfFreedom);
        writer.WriteNumber("historyDays", s.HistoryDays);
        writer.WriteEndObject();
        writer.WriteStartObject("assets");
        foreach (var entry in parameters.AssetEntries)
        {
            var p = entry.Parameters;
            writer.WriteStartObject(entry.Symbol);
            writer.Number("scanRange", p.ScanRange);
            writer.Number("volUp", p.VolUp);
            writer.Number("volDown", p.VolDown);
            writer.Number("haircut", p.Haircut);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteStartObject("correlation");
        writer.WriteStartArray("assets");
        foreach (var a in parameters.Correlation.Assets)
        {
            writer.WriteStringValue(a);
        }
        writer.WriteEndArray();
        writer.NumberMatrix("matrix", parameters.Correlation.ToRows());
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The params.json text of a parameter set (indented, UTF-8, ending with a newline).</summary>
    public static byte[] ToUtf8Bytes(ParameterSet parameters, bool indented = true) =>
        JsonOutput.ToBytes(indented, w => Write(w, parameters));

    /// <summary>The canonical JSON of a parameter set as UTF-8 bytes (FORMATS.md, on-chain
    /// encoding): every key, at every level, sorted by ordinal (UTF-16 code units, as JavaScript
    /// sorts strings), no whitespace, numbers as ECMAScript's Number.prototype.toString prints them,
    /// strings escaped as JSON.stringify escapes them, enums as their JSON strings. The on-chain
    /// params hash is the keccak-256 of these bytes. It equals
    /// <c>JSON.stringify(sortKeysDeep(JSON.parse(paramsJson)))</c> in JavaScript.</summary>
    public static byte[] ToCanonicalJson(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var g = parameters.Grid;
        var s = parameters.Simulation;
        var c = parameters.Correlation;
        var assets = parameters.AssetEntries.OrderBy(a => a.Symbol, StringComparer.Ordinal).ToArray();
        var b = new StringBuilder(512);
        b.Append('{');
        Key(b, "assets", first: true).Append('{');
        for (var i = 0; i < assets.Length; i++)
        {
            var p = assets[i].Parameters;
            Key(b, assets[i].Symbol, i == 0).Append('{');
            Key(b, "haircut", true);
            Num(b, p.Haircut);
            Key(b, "scanRange", false);
            Num(b, p.ScanRange);
            Key(b, "volDown", false);
            Num(b, p.VolDown);
            Key(b, "volUp", false);
            Num(b, p.VolUp);
            b.Append('}');
        }
        b.Append('}');
        Key(b, "correlation", false).Append('{');
        Key(b, "assets", true).Append('[');
        for (var i = 0; i < c.Size; i++)
        {
            if (i > 0)
            {
                b.Append(',');
            }
            Str(b, c.Assets[i]);
        }
        b.Append(']');
        Key(b, "matrix", false).Append('[');
        for (var i = 0; i < c.Size; i++)
        {
            b.Append(i > 0 ? ",[" : "[");
            for (var j = 0; j < c.Size; j++)
            {
                if (j > 0)
                {
                    b.Append(',');
                }
                Num(b, c[i, j]);
            }
            b.Append(']');
        }
        b.Append("]}");
        Key(b, "correlationStress", false);
        Num(b, parameters.CorrelationStress);
        Key(b, "grid", false).Append('{');
        Key(b, "dteFloorDays", true);
        Num(b, g.DteFloorDays);
        Key(b, "extremeCoverage", false);
        Num(b, g.ExtremeCoverage);
        Key(b, "extremeMultiple", false);
        Num(b, g.ExtremeMultiple);
        Key(b, "steps", false);
        Num(b, g.Steps);
        Key(b, "vegaPowerLong", false);
        Num(b, g.VegaPowerLong);
        Key(b, "vegaPowerShort", false);
        Num(b, g.VegaPowerShort);
        Key(b, "volFloor", false);
        Num(b, g.VolFloor);
        b.Append('}');
        Key(b, "imMultiplier", false);
        Num(b, parameters.ImMultiplier);
        Key(b, "liquidationRatio", false);
        Num(b, parameters.LiquidationRatio);
        Key(b, "method", false);
        Str(b, JsonNames.Of(parameters.Method));
        Key(b, "mmRatio", false);
        Num(b, parameters.MmRatio);
        Key(b, "shortOptionMinimum", false);
        Num(b, parameters.ShortOptionMinimum);
        Key(b, "simulation", false).Append('{');
        Key(b, "confidence", true);
        Num(b, s.Confidence);
        Key(b, "degreesOfFreedom", false);
        Num(b, s.DegreesOfFreedom);
        Key(b, "distribution", false);
        Str(b, JsonNames.Of(s.Distribution));
        Key(b, "historyDays", false);
        Num(b, s.HistoryDays);
        Key(b, "horizonDays", false);
        Num(b, s.HorizonDays);
        Key(b, "measure", false);
        Str(b, JsonNames.Of(s.Measure));
        Key(b, "scenarios", false);
        Num(b, s.Scenarios);
        Key(b, "seed", false);
        Num(b, s.Seed);
        b.Append("}}");
        return Encoding.UTF8.GetBytes(b.ToString());
    }

    private static StringBuilder Key(StringBuilder b, string name, bool first)
    {
        if (!first)
        {
            b.Append(',');
        }
        Str(b, name);
        return b.Append(':');
    }

    private static void Num(StringBuilder b, double value) => b.Append(EcmaScriptNumber.Format(value));

    /// <summary>JSON.stringify's QuoteJSONString (ECMA-262): escapes '"', '\', the control
    /// characters (short forms for \b \t \n \f \r, \u00xx otherwise, lower-case hex) and lone
    /// surrogates; everything else is written as it is.</summary>
    internal static void Str(StringBuilder b, string value)
    {
        b.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            switch (ch)
            {
                case '"':
                    b.Append("\\\"");
                    break;
                case '\\':
                    b.Append("\\\\");
                    break;
                case '\b':
                    b.Append("\\b");
                    break;
                case '\t':
                    b.Append("\\t");
                    break;
                case '\n':
                    b.Append("\\n");
                    break;
                case '\f':
                    b.Append("\\f");
                    break;
                case '\r':
                    b.Append("\\r");
                    break;
                default:
                    if (ch < 0x20 || IsLoneSurrogate(value, i))
                    {
                        b.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(ch);
                        if (char.IsHighSurrogate(ch))
                        {
                            b.Append(value[++i]);
                        }
                    }
                    break;
            }
        }
        b.Append('"');
    }

    private static bool IsLoneSurrogate(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
        : char.IsLowSurrogate(s[i]);
}
