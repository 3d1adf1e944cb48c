using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RiskGovernance.Engine.Json;

/// <summary>Shared settings of the engine's JSON writers: UTF-8, two-space indentation (or none),
/// no HTML escaping (the files are data, not markup), numbers in the ECMAScript shortest form.</summary>
internal static class JsonOutput
{
    public static JsonWriterOptions Options(bool indented) => new()
    {
        Indented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public static byte[] ToBytes(bool indented, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options(indented)))
        {
            write(writer);
        }
        if (indented)
        {
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a document straight into a stream (a file being written, for example),
    /// ending with a newline when indented.</summary>
    public static void ToStream(Stream stream, bool indented, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new Utf8JsonWriter(stream, Options(indented)))
        {
            write(writer);
        }
        if (indented)
        {
            stream.Write("\n"u8);
        }
    }

    /// <summary>Hands what is pending to the output once it passes 64 KiB, so that a large
    /// document never sits whole in the writer's buffer.</summary>
    public static void FlushEvery(Utf8JsonWriter writer)
    {
        if (writer.BytesPending > (1 << 16))
        {
            writer.Flush();
        }
    }

    /// <summary>Writes a finite number as ECMAScript prints it (1 not 1.0, 1e-7 not 1E-07).</summary>
    public static void Number(this Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.Number(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(this Utf8JsonWriter writer, double value)
    {
        Span<char> chars = stackalloc char[32];
        var n = EcmaScriptNumber.Format(value, chars);
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < n; i++)
        {
            bytes[i] = (byte)chars[i];
        }
        writer.WriteRawValue(bytes[..n], skipInputValidation: true);
    }

    /// <summary>Writes a list of numbers as one compact array value (<c>[1,0.85,0.7]</c>). Utf8JsonWriter
    /// does not indent raw values, so numbers written one by one would break an indented layout.</summary>
    public static void NumberArray(this Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(CompactArray(values), skipInputValidation: true);
    }

    /// <summary>Writes a matrix as one compact value (<c>[[1,0.85],[0.85,1]]</c>).</summary>
    public static void NumberMatrix(this Utf8JsonWriter writer, string name, IEnumerable<IEnumerable<double>> rows)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue("[" + string.Join(",", rows.Select(CompactArray)) + "]", skipInputValidation: true);
    }

    private static string CompactArray(IEnumerable<double> values) => "[" + string.Join(",", values.Select(EcmaScriptNumber.Format)) + "]";
}
