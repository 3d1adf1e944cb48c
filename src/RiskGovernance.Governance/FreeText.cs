using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Governance;

/// <summary>
/// The characters that people-written text (titles, rationales, reasons, names) may not contain,
/// checked here in the domain so that every entry (web form, API, command line) refuses them:
/// control characters (NUL, escape, C1 controls...; a multi-line text may still hold line feeds,
/// carriage returns and tabs) and the Unicode bidirectional controls (U+061C, U+200E, U+200F,
/// U+202A-U+202E, U+2066-U+2069), which make a text display in another order than it is stored
/// and so let a title or name pass for another.
/// </summary>
public static class FreeText
{
    /// <summary>The problem with <paramref name="text"/>, or null when it is acceptable (null text is acceptable).</summary>
    /// <param name="text">The text.</param>
    /// <param name="multiline">True when line feeds, carriage returns and tabs are allowed.</param>
    public static string? Problem(string? text, bool multiline)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsBidiControl(c))
            {
                return $"must not contain the bidirectional control character U+{(int)c:X4} (at position {i}): it changes the order in which the text is shown";
            }

            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return $"must not contain the control character U+{(int)c:X4} (at position {i})"
                       + (multiline ? "" : "; it is a single line of text");
            }
        }

        return null;
    }

    /// <summary>Adds the problem with <paramref name="text"/>, if any, to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public static void Check(ValidationErrors errors, string field, string? text, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Problem(text, multiline) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    /// <summary>True for U+061C, U+200E, U+200F, U+202A-U+202E and U+2066-U+2069.</summary>
    public static bool IsBidiControl(char c)
        => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
