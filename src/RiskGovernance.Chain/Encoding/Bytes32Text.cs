namespace RiskGovernance.Chain.Encoding;

/// <summary>
/// Short text stored as a Solidity <c>bytes32</c>: UTF-8, right-padded with zeros (e.g. asset symbols).
/// </summary>
public static class Bytes32Text
{
    /// <summary>Encodes text of at most 32 UTF-8 bytes, without NUL characters.</summary>
    /// <exception cref="ArgumentException">The text is empty, too long or contains NUL; the message names <paramref name="paramName"/>.</exception>
    public static Hash32 Encode(string text, string paramName = "text")
    {
        Preconditions.NotBlank(text, paramName);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{paramName}: must not contain NUL characters.", paramName);
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (bytes.Length > Hash32.Length)
        {
            throw new ArgumentException($"{paramName}: '{text}' is {bytes.Length} UTF-8 bytes; bytes32 holds at most 32.", paramName);
        }

        var word = new byte[Hash32.Length];
        bytes.CopyTo(word, 0);
        return Hash32.FromBytes(word);
    }

    /// <summary>Decodes the text, dropping the zero padding.</summary>
    public static string Decode(Hash32 value)
    {
        var bytes = value.ToBytes();
        var end = Array.IndexOf(bytes, (byte)0);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }
}
