using System.Runtime.CompilerServices;
using System.Globalization;

namespace RiskGovernance.Engine.Json;

/// <summary>Formats a double as ECMAScript's Number.prototype.toString (and so JSON.stringify)
/// prints it (ECMA-262 Number::toString, radix 10): the shortest digits that round-trip,
/// plain notation for decimal exponents in [-6, 21), exponent notation ("1e-7", "1e+21") outside.
/// This is the number format of the canonical JSON of a parameter set and of every JSON number the
/// engine writes.</summary>
public static class EcmaScriptNumber
{
    /// <summary>Formats a finite number; throws <see cref="ArgumentOutOfRangeException"/> for NaN
    /// and infinities, which JSON cannot carry.</summary>
    public static string Format(double value)
    {
        Span<char> buffer = stackalloc char[32];
        var length = Format(value, buffer);
        return new string(buffer[..length]);
    }

    /// <summary>Writes the ECMAScript form of a finite number into <paramref name="destination"/>
    /// (32 chars always suffice) and returns the number of chars written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Format(double value, Span<char> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON numbers must be finite");
        }
        if (value == 0)
        {
            destination[0] = '0';
            return 1;
        }

        // Shortest round-trip digits from .NET ("R" is the shortest form since .NET Core 3.0),
        // e.g. "1.2345E-07", "123.45", "1E+21". .NET writes plain notation only for decimal
        // exponents in [-5, 15), where ECMAScript writes the same plain text: that is returned as
        // it is. Otherwise split into digits s (k of them) and the decimal exponent n such that
        // value = 0.s * 10^n, and lay them out as ECMA-262 Number::toString does.
        if (!value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("number formatting failed");
        }
        if (destination[..written].IndexOf('E') < 0)
        {
            return written;
        }
        Span<char> r = stackalloc char[32];
        var sign = value < 0 ? 1 : 0;
        destination[sign..written].CopyTo(r);
        r = r[..(written - sign)];
        var e = r.IndexOf('E');
        var exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        r = r[..e];
        Span<char> digits = stackalloc char[32];
        var k = 0;
        var integerDigits = -1;
        foreach (var c in r)
        {
            if (c == '.')
            {
                integerDigits = k;
            }
            else
            {
                digits[k++] = c;
            }
        }
        if (integerDigits < 0)
        {
            integerDigits = k;
        }
        var n = integerDigits + exponent;
        var start = 0;
        while (start < k - 1 && digits[start] == '0')
        {
            start++;
            n--;
        }
        while (k - 1 > start && digits[k - 1] == '0')
        {
            k--;
        }
        ReadOnlySpan<char> s = digits[start..k];
        k = s.Length;

        var w = 0;
        if (value < 0)
        {
            destination[w++] = '-';
        }
        if (k <= n && n <= 21)
        {
            s.CopyTo(destination[w..]);
            w += k;
            for (var i = 0; i < n - k; i++)
            {
                destination[w++] = '0';
            }
        }
        else if (0 < n && n <= 21)
        {
            s[..n].CopyTo(destination[w..]);
            w += n;
            destination[w++] = '.';
            s[n..].CopyTo(destination[w..]);
            w += k - n;
        }
        else if (-6 < n && n <= 0)
        {
            destination[w++] = '0';
            destination[w++] = '.';
            for (var i = 0; i < -n; i++)
            {
                destination[w++] = '0';
            }
            s.CopyTo(destination[w..]);
            w += k;
        }
        else
        {
            destination[w++] = s[0];
            if (k > 1)
            {
                destination[w++] = '.';
                s[1..].CopyTo(destination[w..]);
                w += k - 1;
            }
            destination[w++] = 'e';
            var exp = n - 1;
            destination[w++] = exp < 0 ? '-' : '+';
            if (!Math.Abs(exp).TryFormat(destination[w..], out var el, provider: CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("number formatting failed");
            }
            w += el;
        }
        return w;
    }
}
