using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Signing;

/// <summary>
/// EIP-712 typed structured data: the struct types, the primary type, the domain and the message.
/// Computes the type string (referenced struct types appended sorted by name), type hashes, struct
/// hashes (arrays hash as keccak of the concatenated encoded elements; string and bytes as keccak of
/// their content), the domain separator and the signing digest keccak(0x19 0x01 || domainSeparator || hashStruct(message)).
/// </summary>
/// <remarks>
/// Values may be CLR values (<see cref="BigInteger"/> or CLR integers, <see cref="Address"/>, <c>bool</c>,
/// <c>string</c>, <c>byte[]</c>, <see cref="Hash32"/>, lists, and <c>IReadOnlyDictionary&lt;string, object?&gt;</c>
/// for structs) or <see cref="JsonElement"/>s in the wallet JSON format (integers as numbers, decimal
/// strings or 0x-hex strings).
/// </remarks>
public sealed class Eip712TypedData
{
    /// <summary>The name of the domain struct type.</summary>
    public const string DomainTypeName = "EIP712Domain";

    private readonly Dictionary<string, IReadOnlyList<Eip712Field>> _types;

    /// <summary>Creates typed data; <paramref name="types"/> may omit EIP712Domain when <paramref name="domainFields"/> is given.</summary>
    public Eip712TypedData(
        IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types,
        string primaryType,
        object domain,
        object message,
        IReadOnlyList<Eip712Field>? domainFields = null)
    {
        Preconditions.NotNull(types, nameof(types));
        PrimaryType = Preconditions.NotBlank(primaryType, nameof(primaryType));
        Domain = Preconditions.NotNull(domain, nameof(domain));
        Message = Preconditions.NotNull(message, nameof(message));
        _types = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        foreach (var (name, fields) in types)
        {
            _types[name] = [.. Preconditions.NotNull(fields, nameof(types))];
        }

        if (domainFields is not null)
        {
            _types[DomainTypeName] = [.. domainFields];
        }

        if (!_types.ContainsKey(DomainTypeName))
        {
            throw new ArgumentException($"types: the {DomainTypeName} type is missing.", nameof(types));
        }

        if (!_types.ContainsKey(PrimaryType))
        {
            throw new ArgumentException($"primaryType: '{PrimaryType}' is not among the types.", nameof(primaryType));
        }

        foreach (var (name, fields) in _types)
        {
            foreach (var field in fields)
            {
                var baseType = BaseTypeName(field.Type);
                if (!_types.ContainsKey(baseType) && !IsAtomicOrDynamic(baseType))
                {
                    throw new ArgumentException($"types: {name}.{field.Name} has unknown type '{field.Type}'.", nameof(types));
                }
            }
        }
    }

    /// <summary>The struct types (including EIP712Domain).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Types => _types;

    /// <summary>The primary type of <see cref="Message"/>.</summary>
    public string PrimaryType { get; }

    /// <summary>The domain values.</summary>
    public object Domain { get; }

    /// <summary>The message values.</summary>
    public object Message { get; }

    /// <summary>Builds typed data from a domain record and struct types with a dictionary or JSON message.</summary>
    public static Eip712TypedData Create(Eip712Domain domain, IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types, string primaryType, object message)
    {
        Preconditions.NotNull(domain, nameof(domain));
        return new Eip712TypedData(types, primaryType, domain.Values(), message, domain.Fields());
    }

    /// <summary>
    /// Builds typed data from a C# object (record or class): see <see cref="Eip712ObjectMapper"/> for the
    /// mapping of property types to EIP-712 types.
    /// </summary>
    public static Eip712TypedData FromObject<T>(Eip712Domain domain, T message)
        where T : notnull
    {
        Preconditions.NotNull(domain, nameof(domain));
        var (types, primaryType, values) = Eip712ObjectMapper.Map(message);
        return new Eip712TypedData(types, primaryType, domain.Values(), values, domain.Fields());
    }

    /// <summary>
    /// Parses the wallet JSON format (<c>{ "types": ..., "primaryType": ..., "domain": ..., "message": ... }</c>,
    /// as taken by eth_signTypedData_v4). A missing EIP712Domain type is inferred from the domain members present.
    /// </summary>
    public static Eip712TypedData FromJson(string json)
    {
        Preconditions.NotBlank(json, nameof(json));
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"json: not valid JSON ({ex.Message}).", nameof(json), ex);
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("types", out var typesElement) || typesElement.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("primaryType", out var primaryElement) || primaryElement.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("domain", out var domainElement) || domainElement.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("message", out var messageElement) || messageElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("json: expected an object with types, primaryType, domain and message.", nameof(json));
        }

        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        foreach (var type in typesElement.EnumerateObject())
        {
            if (type.Value.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException($"json: types.{type.Name} must be an array of {{name, type}}.", nameof(json));
            }

            types[type.Name] = [.. type.Value.EnumerateArray().Select(f => new Eip712Field(
                f.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty,
                f.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty))];
        }

        IReadOnlyList<Eip712Field>? domainFields = null;
        if (!types.ContainsKey(DomainTypeName))
        {
            domainFields = [.. new[] { ("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"), ("salt", "bytes32") }
                .Where(m => domainElement.TryGetProperty(m.Item1, out _))
                .Select(m => new Eip712Field(m.Item1, m.Item2))];
        }

        return new Eip712TypedData(types, primaryType: primaryElement.GetString()!, domainElement, messageElement, domainFields);
    }

    /// <summary>The type string: <c>Mail(Person from,Person to,string contents)Person(string name,address wallet)</c>.</summary>
    public string EncodeType(string typeName)
    {
        RequireType(typeName);
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(typeName, dependencies);
        dependencies.Remove(typeName);
        return string.Concat(new[] { typeName }.Concat(dependencies).Select(name =>
            name + "(" + string.Join(",", _types[name].Select(f => f.Type + " " + f.Name)) + ")"));
    }

    /// <summary>keccak(encodeType(typeName)).</summary>
    public Hash32 TypeHash(string typeName) => Hash32.Keccak(EncodeType(typeName));

    /// <summary>hashStruct(value) = keccak(typeHash || encodeData(value)).</summary>
    public Hash32 HashStruct(string typeName, object value)
    {
        RequireType(typeName);
        return Hash32.FromBytes(Keccak256.Hash(EncodeData(typeName, value, typeName)));
    }

    /// <summary>The domain separator: hashStruct(EIP712Domain, domain).</summary>
    public Hash32 DomainSeparator() => HashStruct(DomainTypeName, Domain);

    /// <summary>The struct hash of the message.</summary>
    public Hash32 MessageHash() => HashStruct(PrimaryType, Message);

    /// <summary>The digest to sign: keccak(0x19 0x01 || domainSeparator || hashStruct(message)).</summary>
    public Hash32 Digest()
        => Hash32.FromBytes(Keccak256.HashConcat([0x19, 0x01], DomainSeparator().ToBytes(), MessageHash().ToBytes()));

    /// <summary>Signs the digest (v = 27/28 in <see cref="EthSignature.ToBytes"/>).</summary>
    public EthSignature Sign(EthPrivateKey key) => Preconditions.NotNull(key, nameof(key)).Sign(Digest());

    /// <summary>The address that made <paramref name="signature"/> over this typed data.</summary>
    public Address RecoverSigner(EthSignature signature) => EthPublicKey.Recover(Digest(), signature).Address;

    private void RequireType(string typeName)
    {
        Preconditions.NotBlank(typeName, nameof(typeName));
        if (!_types.ContainsKey(typeName))
        {
            throw new ArgumentException($"typeName: '{typeName}' is not among the types.", nameof(typeName));
        }
    }

    private void CollectDependencies(string typeName, SortedSet<string> found)
    {
        if (!_types.TryGetValue(typeName, out var fields) || !found.Add(typeName))
        {
            return;
        }

        foreach (var field in fields)
        {
            CollectDependencies(BaseTypeName(field.Type), found);
        }
    }

    private byte[] EncodeData(string typeName, object? value, string path)
    {
        var fields = _types[typeName];
        var output = new List<byte>(32 * (fields.Count + 1));
        output.AddRange(TypeHash(typeName).ToBytes());
        foreach (var field in fields)
        {
            var fieldPath = path + "." + field.Name;
            output.AddRange(EncodeField(field.Type, GetMember(value, field.Name, fieldPath), fieldPath));
        }

        return [.. output];
    }

    private byte[] EncodeField(string type, object? value, string path)
    {
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var elementType = type[..open];
            var lengthText = type[(open + 1)..^1];
            var items = AsItems(value, path);
            if (lengthText.Length > 0 && items.Count != int.Parse(lengthText, CultureInfo.InvariantCulture))
            {
                throw new ArgumentException($"{path}: {type} needs exactly {lengthText} elements, got {items.Count}.", path);
            }

            var concatenated = new List<byte>(32 * items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                concatenated.AddRange(EncodeField(elementType, items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
            }

            return Keccak256.Hash([.. concatenated]);
        }

        if (_types.ContainsKey(type))
        {
            return HashStruct(type, value ?? throw new ArgumentException($"{path}: struct {type} is null.", path)).ToBytes();
        }

        switch (type)
        {
            case "string":
                return Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(AsString(value, path)));
            case "bytes":
                return Keccak256.Hash(AsBytes(value, path));
        }

        var abiType = AbiType.Parse(type, path);
        var normalised = abiType switch
        {
            AbiIntegerType => (object)AsInteger(value, path),
            AbiAddressType => value is Address a ? a : Address.Parse(AsString(value, path), path),
            AbiBoolType => AsBool(value, path),
            AbiFixedBytesType => AsBytes(value, path),
            _ => throw new ArgumentException($"{path}: type '{type}' is not allowed in EIP-712.", path),
        };
        return abiType.EncodeValue(normalised, path);
    }

    private static object? GetMember(object? value, string name, string path)
    {
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                return element.TryGetProperty(name, out var member) ? member : throw new ArgumentException($"{path}: member is missing.", path);
            case IReadOnlyDictionary<string, object?> dictionary:
                return dictionary.TryGetValue(name, out var item) ? item : throw new ArgumentException($"{path}: member is missing.", path);
            default:
                throw new ArgumentException($"{path}: expected a struct (JSON object or dictionary), got {value?.GetType().Name ?? "null"}.", path);
        }
    }

    private static IReadOnlyList<object?> AsItems(object? value, string path) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } element => [.. element.EnumerateArray().Cast<object?>()],
        string or byte[] or null => throw new ArgumentException($"{path}: expected an array.", path),
        IEnumerable enumerable => [.. enumerable.Cast<object?>()],
        _ => throw new ArgumentException($"{path}: expected an array, got {value.GetType().Name}.", path),
    };

    private static string AsString(object? value, string path) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        _ => throw new ArgumentException($"{path}: expected a string.", path),
    };

    private static bool AsBool(object? value, string path) => value switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ => throw new ArgumentException($"{path}: expected a bool.", path),
    };

    private static byte[] AsBytes(object? value, string path) => value switch
    {
        byte[] bytes => bytes,
        Hash32 hash => hash.ToBytes(),
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => Hex.Decode(AsString(value, path), path),
    };

    private static BigInteger AsInteger(object? value, string path)
    {
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Number } number:
                return BigInteger.TryParse(number.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new ArgumentException($"{path}: '{number.GetRawText()}' is not an integer.", path);
            case JsonElement { ValueKind: JsonValueKind.String } or string:
                var text = AsString(value, path);
                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                {
                    return Hex.DecodeQuantity(text, path);
                }

                return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fromText)
                    ? fromText
                    : throw new ArgumentException($"{path}: '{text}' is not an integer.", path);
            default:
                return AbiType.ToBigInteger(value, path);
        }
    }

    private static string BaseTypeName(string type)
    {
        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? type : type[..bracket];
    }

    private static bool IsAtomicOrDynamic(string type)
    {
        if (type is "string" or "bytes")
        {
            return true;
        }

        try
        {
            return AbiType.Parse(type) is AbiIntegerType or AbiAddressType or AbiBoolType or AbiFixedBytesType;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
