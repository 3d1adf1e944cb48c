using System.Text.RegularExpressions;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Proposals;

/// <summary>Turns the exceptions of an action into one plain sentence for the page (never a stack trace).</summary>
public static partial class ActionErrors
{
    private static readonly Dictionary<string, string> PlainFields = new(StringComparer.Ordinal)
    {
        ["ballot.voter"] = "Your vote",
        ["ballot.signature"] = "The ballot's signature",
        ["ballot.support"] = "Your choice",
        ["ballot.reason"] = "Your reason",
    };

    /// <summary>
    /// Like <see cref="Describe"/>, in plain words for people: a refused field is named in words ("Your vote: …",
    /// not "ballot.voter: …") and every full 0x address or hash in the message is shortened ("0x7099…79c8").
    /// </summary>
    public static string DescribePlain(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error is InputValidationException e
            ? string.Join("; ", e.Errors.Select(x => $"{PlainField(x.Field)}: {x.Message}"))
            : Describe(error);
        return LongHex().Replace(text, m => Components.Shared.Format.Short(m.Value));
    }

    /// <summary>A field path in words: a known one by its name ("Your vote"), else its last segment with spaces
    /// ("supermajorityBps" becomes "supermajority bps").</summary>
    public static string PlainField(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (PlainFields.TryGetValue(field, out var plain))
        {
            return plain;
        }

        var last = field[(field.LastIndexOf('.') + 1)..];
        var words = CamelBoundary().Replace(last, " ").ToLowerInvariant();
        return words.Length == 0 ? field : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("0x[0-9a-fA-F]{16,}")]
    private static partial Regex LongHex();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex CamelBoundary();

    /// <summary>The sentence for <paramref name="error"/>; unexpected errors get a generic one.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            UnauthorizedActionException e => e.Message,
            InputValidationException e => string.Join("; ", e.Errors.Select(x => $"{x.Field}: {x.Message}")),
            IllegalTransitionException e => "Not possible now: " + e.Message,
            RegistryRefusedException e => $"The registry refuses: {e.Message}. Nothing was changed.",
            ProposalNotFoundException => "This proposal does not exist (any more).",
            ConcurrencyConflictException => "Someone changed this proposal at the same moment; reload the page and try again.",
            ContractRevertException e => $"The registry refused the transaction ({e.Message}); nothing was changed on chain.",
            TransactionRevertedException e => "The transaction was mined but reverted: " + e.Message,
            ChainUnavailableException => "The chain node did not answer; nothing was changed. Try again in a moment.",
            TimeoutException => "The transaction was sent but not mined in time; its status will be reconciled. Reload to see it.",
            OperationCanceledException => "Cancelled.",
            _ when ChainErrors.IsNodeRefusal(error) => "The chain node refused the request: " + ChainErrors.NodeMessage(error),
            _ => "The action failed unexpectedly (the server log has the details); reload the page to see the proposal as it stands.",
        };
    }
}
