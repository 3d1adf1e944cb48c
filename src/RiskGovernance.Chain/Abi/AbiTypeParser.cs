using System.Globalization;

namespace RiskGovernance.Chain.Abi;

/// <summary>Recursive-descent parser for canonical ABI type strings.</summary>
internal static class AbiTypeParser
{
    public static AbiType ParseType(string text, ref int position, string paramName)
    {
        AbiType type;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var components = new List<AbiType>();
            if (position < text.Length && text[position] == ')')
            {
                position++;
            }
            else
            {
                while (true)
                {
                    components.Add(ParseType(text, ref position, paramName));
                    if (position >= text.Length)
                    {
                        throw new ArgumentException($"{paramName}: missing ')' in '{text}'.", paramName);
                    }

                    if (text[position] == ',')
                    {
                        position++;
                        continue;
                    }

                    if (text[position] == ')')
                    {
                        position++;
                        break;
                    }

                    throw new ArgumentException($"{paramName}: unexpected '{text[position]}' at {position} in '{text}'.", paramName);
                }
            }

            type = new AbiTupleType(components);
        }
        else
        {
            var start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
            {
                position++;
            }

            type = ParseElementary(text[start..position], text, paramName);
        }

        while (position < text.Length && text[position] == '[')
        {
            var close = text.IndexOf(']', position);
            if (close < 0)
            {
                throw new ArgumentException($"{paramName}: missing ']' in '{text}'.", paramName);
            }

            var digits = text[(position + 1)..close];
            int? length = null;
            if (digits.Length > 0)
            {
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
                {
                    throw new ArgumentException($"{paramName}: bad array length '{digits}' in '{text}'.", paramName);
                }

                length = parsed;
            }

            type = new AbiArrayType(type, length);
            position = close + 1;
        }

        return type;
    }

    private static AbiType ParseElementary(string name, string text, string paramName)
    {
        switch (name)
        {
            case "":
                throw new ArgumentException($"{paramName}: missing type name in '{text}'.", paramName);
            case "address":
                return AbiType.Address;
            case "bool":
                return AbiType.Bool;
            case "string":
                return AbiType.String;
            case "bytes":
                return AbiType.Bytes;
            case "uint":
                return AbiType.Uint256;
            case "int":
                return AbiType.Int256;
        }

        if (TrySuffix(name, "uint", out var bits) && bits % 8 == 0 && bits is >= 8 and <= 256)
        {
            return new AbiIntegerType(bits, signed: false);
        }

        if (TrySuffix(name, "int", out bits) && bits % 8 == 0 && bits is >= 8 and <= 256)
        {
            return new AbiIntegerType(bits, signed: true);
        }

        if (TrySuffix(name, "bytes", out var size) && size is >= 1 and <= 32)
        {
            return new AbiFixedBytesType(size);
        }

        throw new ArgumentException($"{paramName}: unknown ABI type '{name}' in '{text}'.", paramName);
    }

    private static bool TrySuffix(string name, string prefix, out int number)
    {
        number = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = name[prefix.Length..];
        return digits.Length > 0 && digits[0] != '0' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
