using System.Globalization;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Drafting;

/// <summary>
/// The rules-and-bounds form as text: periods in hours, quorum and supermajority in percent, limits
/// and steps as decimals. Starts from the values the registry enforces now.
/// </summary>
public sealed class RulesForm
{
    /// <summary>The fields of the rules, in order: key, label, unit.</summary>
    public static IReadOnlyList<(string Key, string Label, string Unit)> RuleFields { get; } =
    [
        ("rules.votingPeriod", "Voting period", "hours"),
        ("rules.lateQuorumExtension", "Late-quorum extension", "hours"),
        ("rules.timelockDelay", "Timelock", "hours"),
        ("rules.gracePeriod", "Grace period", "hours"),
        ("rules.quorumBps", "Quorum (For + Abstain, of the committee's weight)", "%"),
        ("rules.supermajorityBps", "Supermajority (For, of For + Against)", "%"),
    ];

    /// <summary>The bound fields (<see cref="RegistryBounds.Flatten"/> keys) with labels.</summary>
    public static IReadOnlyList<(string Key, string Label)> BoundFields { get; } =
    [
        .. new[] { "imMultiplier", "mmRatio", "liquidationRatio", "scanRange", "volUp", "volDown", "haircut" }
            .SelectMany(f => new[] { ($"bounds.{f}.min", $"{f}: hard minimum"), ($"bounds.{f}.max", $"{f}: hard maximum") }),
        ("bounds.imMultiplierStep", "imMultiplier: step (relative)"),
        ("bounds.scanRangeStep", "scanRange: step (relative)"),
        ("bounds.volUpStep", "volUp: step (relative)"),
        ("bounds.volDownStep", "volDown: step (relative)"),
        ("bounds.haircutStep", "haircut: step (relative)"),
        ("bounds.correlationStep", "correlation: step (absolute)"),
    ];

    private readonly Dictionary<string, string> _values;

    /// <summary>A form holding <paramref name="rules"/> and <paramref name="bounds"/>.</summary>
    public RulesForm(GovernanceRules rules, RegistryBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(bounds);
        Current = (rules, bounds);
        _values = new Dictionary<string, string>(Texts(rules, bounds), StringComparer.Ordinal);
    }

    /// <summary>The rules and bounds in force (the starting values).</summary>
    public (GovernanceRules Rules, RegistryBounds Bounds) Current { get; }

    /// <summary>The text of a field.</summary>
    public string this[string key]
    {
        get => _values[key];
        set => _values[key] = (value ?? "").Trim();
    }

    /// <summary>The text of a field in force.</summary>
    public string CurrentText(string key) => Texts(Current.Rules, Current.Bounds)[key];

    /// <summary>The rules and bounds typed, or every problem naming its field (<c>rules.quorumBps</c>, <c>bounds.haircut.max</c>).</summary>
    public (GovernanceRules Rules, RegistryBounds Bounds) Parse()
    {
        var e = new ValidationErrors();
        TimeSpan Hours(string key)
        {
            if (decimal.TryParse(_values[key], NumberStyles.Number, CultureInfo.InvariantCulture, out var h) && h >= 0 && h <= 365 * 24)
            {
                var seconds = h * 3600;
                if (seconds == decimal.Truncate(seconds))
                {
                    return TimeSpan.FromSeconds((long)seconds);
                }
            }

            e.Add(key, $"'{_values[key]}' is not a number of hours in 0..8760 that is a whole number of seconds");
            return TimeSpan.Zero;
        }

        int Bps(string key)
        {
            if (decimal.TryParse(_values[key], NumberStyles.Number, CultureInfo.InvariantCulture, out var p) && p >= 0 && p <= 100 && p * 100 == decimal.Truncate(p * 100))
            {
                return (int)(p * 100);
            }

            e.Add(key, $"'{_values[key]}' is not a percentage in 0..100 with at most two decimals");
            return 0;
        }

        var rules = new GovernanceRules(Hours("rules.votingPeriod"), Hours("rules.lateQuorumExtension"), Hours("rules.timelockDelay"),
            Hours("rules.gracePeriod"), Bps("rules.quorumBps"), Bps("rules.supermajorityBps"));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in BoundFields)
        {
            try
            {
                fields[key] = FixedPoint18.Parse(_values[key], key).ToString();
            }
            catch (Exception x) when (x is FormatException or ArgumentException)
            {
                e.Add(key, $"'{_values[key]}' is not a decimal number with at most 18 decimals");
            }
        }

        e.ThrowIfAny();
        return (rules, RegistryBounds.FromFlattened(fields));
    }

    private static Dictionary<string, string> Texts(GovernanceRules rules, RegistryBounds bounds)
    {
        static string H(TimeSpan t) => ((decimal)t.TotalSeconds / 3600m).ToString("0.####", CultureInfo.InvariantCulture);
        static string P(int bps) => (bps / 100m).ToString("0.##", CultureInfo.InvariantCulture);
        var d = new Dictionary<string, string>(bounds.Flatten(), StringComparer.Ordinal)
        {
            ["rules.votingPeriod"] = H(rules.VotingPeriod),
            ["rules.lateQuorumExtension"] = H(rules.LateQuorumExtension),
            ["rules.timelockDelay"] = H(rules.TimelockDelay),
            ["rules.gracePeriod"] = H(rules.GracePeriod),
            ["rules.quorumBps"] = P(rules.QuorumBps),
            ["rules.supermajorityBps"] = P(rules.SupermajorityBps),
        };
        return d;
    }
}

/// <summary>What the user submits: a title, a rationale and the form.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="Form">The rules and bounds typed.</param>
public sealed record RulesSubmission(string Title, string Rationale, RulesForm Form);

/// <summary>
/// The New rules proposal use cases: start from the registry's rules and bounds; submit (draft, the
/// registry's own check, open voting) by a committee member, checked on the server whatever the page shows.
/// </summary>
public sealed class RulesDrafting(CurrentUser currentUser, GovernanceService governance)
{
    /// <summary>The action name in refusals.</summary>
    public const string ProposeAction = "propose a rules change";

    /// <summary>The form holding the rules and bounds the registry enforces now.</summary>
    public async Task<RulesForm> StartAsync(CancellationToken cancellationToken)
        => new(await governance.GetRulesAsync(cancellationToken), await governance.GetBoundsAsync(cancellationToken));

    /// <summary>Drafts and opens a rules proposal (a member only); returns its id. The registry refuses bad rules naming the field.</summary>
    public async Task<Hash32> SubmitAsync(RulesSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var user = await currentUser.RequireMemberAsync(ProposeAction, cancellationToken);
        var author = user.Address!.Value;
        var (rules, bounds) = submission.Form.Parse();
        var draft = await governance.DraftRulesAsync(new DraftRulesCommand(submission.Title ?? "", submission.Rationale ?? "", author, rules, bounds), cancellationToken);
        await DraftOpening.OpenOrWithdrawAsync(governance, draft.Id, author, null, cancellationToken);

        return draft.Id;
    }
}
