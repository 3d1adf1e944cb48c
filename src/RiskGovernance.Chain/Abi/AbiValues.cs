using System.Collections;
using System.Globalization;
using System.Numerics;

namespace RiskGovernance.Chain.Abi;

/// <summary>
/// Decoded ABI values in order, with typed accessors. Elements are <see cref="BigInteger"/>,
/// <see cref="Address"/>, <c>bool</c>, <c>byte[]</c>, <c>string</c>, <see cref="Hash32"/> (indexed
/// dynamic event arguments) or <c>object?[]</c> (arrays and tuples).
/// </summary>
public sealed class AbiValues : IReadOnlyList<object?>
{
    private readonly object?[] _values;

    internal AbiValues(object?[] values, IReadOnlyList<string>? names = null)
    {
        _values = values;
        Names = names ?? [];
    }

    /// <summary>Parameter names when known (empty otherwise).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc/>
    public int Count => _values.Length;

    /// <inheritdoc/>
    public object? this[int index] => _values[index];

    /// <summary>The value of a named parameter.</summary>
    public object? this[string name]
    {
        get
        {
            var index = Names.ToList().IndexOf(name);
            return index >= 0 ? _values[index] : throw new KeyNotFoundException($"name: no decoded value named '{name}'.");
        }
    }

    /// <summary>The value at <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The value has another type; the message says which.</exception>
    public T Get<T>(int index)
    {
        if (index < 0 || index >= _values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is outside the {_values.Length} decoded values.");
        }

        return _values[index] is T typed
            ? typed
            : throw new InvalidCastException(string.Create(CultureInfo.InvariantCulture, $"Decoded value {index} is {_values[index]?.GetType().Name ?? "null"}, not {typeof(T).Name}."));
    }

    /// <summary>The integer at <paramref name="index"/>.</summary>
    public BigInteger GetBigInteger(int index) => Get<BigInteger>(index);

    /// <summary>The address at <paramref name="index"/>.</summary>
    public Address GetAddress(int index) => Get<Address>(index);

    /// <summary>The bytes at <paramref name="index"/> (bytes or bytesN).</summary>
    public byte[] GetBytes(int index) => Get<byte[]>(index);

    /// <summary>The bytes32 at <paramref name="index"/> as a <see cref="Hash32"/>.</summary>
    public Hash32 GetHash32(int index) => _values[index] is Hash32 h ? h : Hash32.FromBytes(GetBytes(index), nameof(index));

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}
