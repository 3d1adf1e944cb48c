using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace RiskGovernance.Governance.Registry;

/// <summary>
/// A signed fixed-point number with 18 decimals, as stored on chain (int256, 1.0 = 1e18).
/// Conversions from double and decimal are exact or rejected: a value whose shortest decimal
/// form has more than 18 decimals cannot be stored faithfully, and the error names the field.
/// </summary>
public readonly partial struct FixedPoint18 : IEquatable<FixedPoint18>, IComparable<FixedPoint18>
{
    /// <summary>Number of decimals.</summary>
    public const int Decimals = 18;

    private static readonly BigInteger ScaleFactor = BigInteger.Pow(10, Decimals);
    private static readonly BigInteger Int256Max = (BigInteger.One << 255) - 1;
    private static readonly BigInteger Int256Min = -(BigInteger.One << 255);

    private FixedPoint18(BigInteger raw) => Raw = raw;

    /// <summary>The raw int256 value (the number times 1e18).</summary>
    public BigInteger Raw { get; }

    /// <summary>1e18, the unit.</summary>
    public static BigInteger Scale => ScaleFactor;

    /// <summary>Zero.</summary>
    public static FixedPoint18 Zero => default;

    /// <summary>One (raw 1e18).</summary>
    public static FixedPoint18 One => new(ScaleFactor);

    /// <summary>True when the value has no fractional part.</summary>
    public bool IsInteger => (Raw % ScaleFactor).IsZero;

    /// <summary>Wraps a raw int256 value, checking its range.</summary>
    public static FixedPoint18 FromRaw(BigInteger raw, string field = "value")
    {
        if (raw > Int256Max || raw < Int256Min)
        {
            throw new ArgumentOutOfRangeException(field, $"{field}: {raw} is outside the int256 range.");
        }

        return new FixedPoint18(raw);
    }

    /// <summary>An integer (steps 3 -> raw 3e18).</summary>
    public static FixedPoint18 FromInteger(long value) => new(value * ScaleFactor);

    /// <summary>
    /// The exact fixed-point value of a double's shortest round-trip decimal form.
    /// Rejects NaN, infinities and values needing more than 18 decimals, naming <paramref name="field"/>.
    /// </summary>
    public static FixedPoint18 FromDouble(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{field}: {value} is not a finite number.", field);
        }

        return Parse(value.ToString("R", CultureInfo.InvariantCulture), field);
    }

    /// <summary>The exact fixed-point value of a decimal; rejects more than 18 decimals.</summary>
    public static FixedPoint18 FromDecimal(decimal value, string field)
        => Parse(value.ToString(CultureInfo.InvariantCulture), field);

    /// <summary>
    /// Parses a decimal number ("0.15", "-3", "1.5E-05"); rejects more than 18 decimals and
    /// values outside int256, naming <paramref name="field"/>.
    /// </summary>
    public static FixedPoint18 Parse(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text, field);
        var match = NumberPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"{field}: '{text}' is not a decimal number.");
        }

        var negative = match.Groups["sign"].Value == "-";
        var fraction = match.Groups["frac"].Value;
        var digits = (match.Groups["int"].Value + fraction).TrimStart('0');
        var exponent = -fraction.Length;
        if (match.Groups["exp"].Success)
        {
            if (!int.TryParse(match.Groups["exp"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e)
                || Math.Abs(e) > 1000)
            {
                throw new ArgumentOutOfRangeException(field, $"{field}: '{text}' is outside the int256 range.");
            }

            exponent += e;
        }

        if (digits.Length == 0)
        {
            return Zero;
        }

        while (exponent < 0 && digits.EndsWith('0'))
        {
            digits = digits[..^1];
            exponent++;
        }

        if (exponent < -Decimals)
        {
            throw new ArgumentException(
                $"{field}: {text} has {-exponent} decimals; at most {Decimals} can be stored exactly on chain.", field);
        }

        var raw = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
                  * BigInteger.Pow(10, exponent + Decimals);
        return FromRaw(negative ? -raw : raw, field);
    }

    /// <summary>The nearest double; exact round trip for values made by <see cref="FromDouble"/>.</summary>
    public double ToDouble() => double.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The exact decimal value; throws <see cref="OverflowException"/> when it does not fit.</summary>
    public decimal ToDecimal()
    {
        var magnitude = BigInteger.Abs(Raw);
        if (magnitude >= BigInteger.One << 96)
        {
            throw new OverflowException($"{this} does not fit in a decimal with 18 decimals.");
        }

        var bytes = magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
        Span<byte> padded = stackalloc byte[12];
        bytes.CopyTo(padded);
        var lo = BitConverter.ToInt32(padded[..4]);
        var mid = BitConverter.ToInt32(padded[4..8]);
        var hi = BitConverter.ToInt32(padded[8..12]);
        return new decimal(lo, mid, hi, Raw.Sign < 0, Decimals);
    }

    /// <summary>The integer value; throws when the value has a fractional part.</summary>
    public BigInteger ToInteger(string field = "value")
    {
        if (!IsInteger)
        {
            throw new InvalidOperationException($"{field}: {this} is not an integer.");
        }

        return Raw / ScaleFactor;
    }

    /// <summary>Exact decimal text without exponent or trailing zeros ("0.15", "-3").</summary>
    public override string ToString()
    {
        var magnitude = BigInteger.Abs(Raw);
        var integer = BigInteger.DivRem(magnitude, ScaleFactor, out var remainder);
        var text = integer.ToString(CultureInfo.InvariantCulture);
        if (!remainder.IsZero)
        {
            text += "." + remainder.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        }

        return Raw.Sign < 0 ? "-" + text : text;
    }

    /// <inheritdoc />
    public bool Equals(FixedPoint18 other) => Raw.Equals(other.Raw);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FixedPoint18 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Raw.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(FixedPoint18 other) => Raw.CompareTo(other.Raw);

    /// <summary>Equality.</summary>
    public static bool operator ==(FixedPoint18 left, FixedPoint18 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FixedPoint18 left, FixedPoint18 right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(FixedPoint18 left, FixedPoint18 right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(FixedPoint18 left, FixedPoint18 right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(FixedPoint18 left, FixedPoint18 right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(FixedPoint18 left, FixedPoint18 right) => left.CompareTo(right) >= 0;

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<int>\d+)(?:\.(?<frac>\d*))?(?:[eE](?<exp>[+-]?\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
