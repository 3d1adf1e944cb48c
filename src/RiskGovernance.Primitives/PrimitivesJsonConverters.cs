using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskGovernance.Primitives;

/// <summary>Writes <see cref="Address"/> as its EIP-55 string; reads any valid form (checksum checked when mixed case).</summary>
public sealed class AddressJsonConverter : JsonConverter<Address>
{
    /// <inheritdoc/>
    public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An address must be a JSON string.");
        }

        try
        {
            return Address.Parse(reader.GetString()!, "address");
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>Writes <see cref="Hash32"/> as 0x-prefixed lower-case hex.</summary>
public sealed class Hash32JsonConverter : JsonConverter<Hash32>
{
    /// <inheritdoc/>
    public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A 32-byte hash must be a JSON string.");
        }

        try
        {
            return Hash32.Parse(reader.GetString()!, "hash");
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
