namespace RiskGovernance.Cli;

/// <summary>A problem with how riskgov was called (unknown command or option, missing value or
/// file): reported on stderr with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The options given to one command: <c>--name value</c> or <c>--name=value</c>, each at
/// most once, only the names the command knows.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly string _command;

    private CommandOptions(string command, Dictionary<string, string> values, bool help)
    {
        _command = command;
        _values = values;
        Help = help;
    }

    /// <summary>Whether --help (or -h) was given.</summary>
    public bool Help { get; }

    public static CommandOptions Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' for 'riskgov {command}' (options are --name value)");
            }
            string name, value;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = arg[2..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg[2..];
                if (!known.Contains(name))
                {
                    throw Unknown(command, name, known);
                }
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    throw new UsageException($"option --{name} needs a value");
                }
                value = args[++i];
            }
            if (!known.Contains(name))
            {
                throw Unknown(command, name, known);
            }
            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"option --{name} is given more than once");
            }
        }
        return new CommandOptions(command, values, help);
    }

    public string? Optional(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new UsageException($"'riskgov {_command}' needs --{name}");

    /// <summary>An optional integer option in [min, max].</summary>
    public int? Integer(string name, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            || v < min || v > max)
        {
            throw new UsageException($"option --{name} must be an integer in [{min}, {max}] (got '{text}')");
        }
        return v;
    }

    public long? Long(string name, long min, long max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            || v < min || v > max)
        {
            throw new UsageException($"option --{name} must be an integer in [{min}, {max}] (got '{text}')");
        }
        return v;
    }

    private static UsageException Unknown(string command, string name, IReadOnlyCollection<string> known) =>
        new($"unknown option --{name} for 'riskgov {command}' (known: {string.Join(", ", known.Select(k => "--" + k))})");
}
