using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskGovernance.Primitives;

/// <summary>A value written as a JSON string and read back through its validating parser; a bad string is a <see cref="JsonException"/> with the parser's message.</summary>
/// <typeparam name="T">The value type.</typeparam>
public abstract class TextJsonConverter<T> : JsonConverter<T>
{
    /// <summary>What a JSON string of this kind is, for the error when the token is not a string ("an address").</summary>
    protected abstract string What { get; }

    /// <summary>Parses the text (throwing <see cref="ArgumentException"/> for bad text).</summary>
    protected abstract T Parse(string text);

    /// <summary>The text of a value.</summary>
    protected abstract string Format(T value);

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"{What} must be a JSON string.");
        }

        try
        {
            return Parse(reader.GetString()!);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }
}

/// <summary>Writes <see cref="Address"/> as its EIP-55 string; reads any valid form (checksum checked when mixed case).</summary>
public sealed class AddressJsonConverter : TextJsonConverter<Address>
{
    /// <inheritdoc/>
    protected override string What => "An address";

    /// <inheritdoc/>
    protected override Address Parse(string text) => Address.Parse(text, "address");

    /// <inheritdoc/>
    protected override string Format(Address value) => value.ToString();
}

/// <summary>Writes <see cref="Hash32"/> as 0x-prefixed lower-case hex.</summary>
public sealed class Hash32JsonConverter : TextJsonConverter<Hash32>
{
    /// <inheritdoc/>
    protected override string What => "A 32-byte hash";

    /// <inheritdoc/>
    protected override Hash32 Parse(string text) => Hash32.Parse(text, "hash");

    /// <inheritdoc/>
    protected override string Format(Hash32 value) => value.ToString();
}
