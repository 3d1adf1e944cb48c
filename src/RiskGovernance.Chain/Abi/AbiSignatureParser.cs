namespace RiskGovernance.Chain.Abi;

/// <summary>Parses human-readable signatures such as <c>transfer(address to, uint256 amount) returns (bool)</c>.</summary>
internal static class AbiSignatureParser
{
    public static (string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs) Parse(string signature, string keyword, string paramName)
    {
        Preconditions.NotBlank(signature, paramName);
        var text = signature.Trim();
        if (text.StartsWith(keyword + " ", StringComparison.Ordinal))
        {
            text = text[(keyword.Length + 1)..].TrimStart();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0)
        {
            throw new ArgumentException($"{paramName}: expected name(types...) in '{signature}'.", paramName);
        }

        var name = text[..open].Trim();
        if (!IsIdentifier(name))
        {
            throw new ArgumentException($"{paramName}: '{name}' is not a valid identifier in '{signature}'.", paramName);
        }

        var close = MatchingParenthesis(text, open, signature, paramName);
        var inputs = ParseParameters(text[(open + 1)..close], signature, paramName);
        var rest = text[(close + 1)..].Trim();
        IReadOnlyList<AbiParameter> outputs = [];
        var returnsAt = rest.IndexOf("returns", StringComparison.Ordinal);
        if (returnsAt >= 0)
        {
            var afterReturns = rest[(returnsAt + "returns".Length)..].Trim();
            if (!afterReturns.StartsWith('('))
            {
                throw new ArgumentException($"{paramName}: expected 'returns (types...)' in '{signature}'.", paramName);
            }

            var outputClose = MatchingParenthesis(afterReturns, 0, signature, paramName);
            outputs = ParseParameters(afterReturns[1..outputClose], signature, paramName);
            rest = rest[..returnsAt] + afterReturns[(outputClose + 1)..];
        }

        foreach (var word in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word is not ("view" or "pure" or "payable" or "nonpayable" or "external" or "public" or "anonymous"))
            {
                throw new ArgumentException($"{paramName}: unexpected '{word}' in '{signature}'.", paramName);
            }
        }

        return (name, inputs, outputs);
    }

    private static int MatchingParenthesis(string text, int open, string signature, string paramName)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        throw new ArgumentException($"{paramName}: unbalanced parentheses in '{signature}'.", paramName);
    }

    private static List<AbiParameter> ParseParameters(string list, string signature, string paramName)
    {
        var result = new List<AbiParameter>();
        if (string.IsNullOrWhiteSpace(list))
        {
            return result;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= list.Length; i++)
        {
            if (i == list.Length || (list[i] == ',' && depth == 0))
            {
                result.Add(ParseParameter(list[start..i].Trim(), signature, paramName));
                start = i + 1;
            }
            else if (list[i] == '(')
            {
                depth++;
            }
            else if (list[i] == ')')
            {
                depth--;
            }
        }

        return result;
    }

    private static AbiParameter ParseParameter(string text, string signature, string paramName)
    {
        if (text.Length == 0)
        {
            throw new ArgumentException($"{paramName}: empty parameter in '{signature}'.", paramName);
        }

        // The type ends at the first space outside parentheses.
        var depth = 0;
        var typeEnd = text.Length;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0 && char.IsWhiteSpace(text[i]))
            {
                typeEnd = i;
                break;
            }
        }

        var typeText = text[..typeEnd];
        if (typeText.StartsWith("tuple(", StringComparison.Ordinal))
        {
            typeText = typeText["tuple".Length..];
        }

        var type = AbiType.Parse(typeText, paramName);
        var words = text[typeEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var indexed = words.Remove("indexed");
        words.RemoveAll(w => w is "memory" or "calldata" or "storage");
        if (words.Count > 1 || (words.Count == 1 && !IsIdentifier(words[0])))
        {
            throw new ArgumentException($"{paramName}: cannot read parameter '{text}' in '{signature}'.", paramName);
        }

        return new AbiParameter(type, words.Count == 1 ? words[0] : string.Empty, indexed);
    }

    private static bool IsIdentifier(string name)
        => name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
