using System.Collections;
using System.Numerics;
using System.Reflection;

namespace RiskGovernance.Chain.Signing;

/// <summary>Overrides the EIP-712 member name or type of a property.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class Eip712MemberAttribute : Attribute
{
    /// <summary>The member name (default: the property name in camelCase).</summary>
    public string? Name { get; init; }

    /// <summary>The EIP-712 type, e.g. <c>uint64</c> or <c>bytes32</c> (default: inferred from the CLR type).</summary>
    public string? Type { get; init; }
}

/// <summary>Sets the EIP-712 struct type name of a class or record (default: the CLR type name).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class Eip712StructAttribute(string name) : Attribute
{
    /// <summary>The struct type name.</summary>
    public string Name { get; } = name;
}

/// <summary>
/// Maps a C# object to EIP-712 types and values. Public readable properties become members in
/// declaration order, named in camelCase. Inferred types: <see cref="BigInteger"/>, <c>ulong</c>,
/// <c>uint</c> -> uint256; <c>long</c>, <c>int</c> -> int256; <see cref="Address"/> -> address;
/// <c>bool</c>; <c>string</c>; <c>byte[]</c> -> bytes; <see cref="Hash32"/> -> bytes32; arrays and lists -> T[];
/// other classes and records -> nested struct types. Use <see cref="Eip712MemberAttribute"/> for anything else.
/// </summary>
public static class Eip712ObjectMapper
{
    /// <summary>The struct types, the primary type name and the message as a dictionary.</summary>
    public static (IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Types, string PrimaryType, IReadOnlyDictionary<string, object?> Message) Map(object message)
    {
        Preconditions.NotNull(message, nameof(message));
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        var primaryType = StructName(message.GetType());
        RegisterType(message.GetType(), types);
        return (types, primaryType, ToValues(message));
    }

    private static string StructName(Type type) => type.GetCustomAttribute<Eip712StructAttribute>()?.Name ?? type.Name;

    private static IEnumerable<PropertyInfo> Members(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);

    private static string MemberName(PropertyInfo property)
        => property.GetCustomAttribute<Eip712MemberAttribute>()?.Name ?? char.ToLowerInvariant(property.Name[0]) + property.Name[1..];

    private static void RegisterType(Type type, Dictionary<string, IReadOnlyList<Eip712Field>> types)
    {
        var name = StructName(type);
        if (types.ContainsKey(name))
        {
            return;
        }

        types[name] = [];
        var fields = new List<Eip712Field>();
        foreach (var property in Members(type))
        {
            var explicitType = property.GetCustomAttribute<Eip712MemberAttribute>()?.Type;
            fields.Add(new Eip712Field(MemberName(property), explicitType ?? InferType(property.PropertyType, types, $"{type.Name}.{property.Name}")));
        }

        types[name] = fields;
    }

    private static string InferType(Type type, Dictionary<string, IReadOnlyList<Eip712Field>> types, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(BigInteger) || underlying == typeof(ulong) || underlying == typeof(uint))
        {
            return "uint256";
        }

        if (underlying == typeof(long) || underlying == typeof(int))
        {
            return "int256";
        }

        if (underlying == typeof(Address))
        {
            return "address";
        }

        if (underlying == typeof(bool))
        {
            return "bool";
        }

        if (underlying == typeof(string))
        {
            return "string";
        }

        if (underlying == typeof(byte[]) || underlying == typeof(ReadOnlyMemory<byte>))
        {
            return "bytes";
        }

        if (underlying == typeof(Hash32))
        {
            return "bytes32";
        }

        var element = underlying.IsArray
            ? underlying.GetElementType()
            : underlying.GetInterfaces().Append(underlying)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (element is not null)
        {
            return InferType(element, types, path + "[]") + "[]";
        }

        if (underlying.IsClass || (underlying.IsValueType && !underlying.IsPrimitive && !underlying.IsEnum))
        {
            RegisterType(underlying, types);
            return StructName(underlying);
        }

        throw new ArgumentException($"message: cannot infer an EIP-712 type for {path} ({type.Name}); mark it with [Eip712Member(Type = ...)].", "message");
    }

    private static IReadOnlyDictionary<string, object?> ToValues(object value)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in Members(value.GetType()))
        {
            values[MemberName(property)] = ToValue(property.GetValue(value));
        }

        return values;
    }

    private static object? ToValue(object? value) => value switch
    {
        null => null,
        BigInteger or Address or bool or string or byte[] or Hash32 or ReadOnlyMemory<byte> => value,
        ulong or uint or long or int or ushort or short or byte or sbyte => value,
        IEnumerable items => items.Cast<object?>().Select(ToValue).ToArray(),
        _ => ToValues(value),
    };
}
