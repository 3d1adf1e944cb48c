using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Web.Infrastructure;

/// <summary>Configuration section "Portal": the demo and the development wallet.</summary>
public sealed class PortalOptions : RiskGovernance.Primitives.IValidatableOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Portal";

    /// <summary>The local demo (Development only, local chain only).</summary>
    public DemoOptions Demo { get; set; } = new();

    /// <summary>
    /// Offer the development wallet (act as any demo committee key). Honoured only when the host
    /// environment is Development and the chain is the local one (31337); ignored otherwise.
    /// </summary>
    public bool DevWallet { get; set; }

    /// <summary>How long a sign-in lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a sign-in challenge (its nonce) stays valid.</summary>
    public TimeSpan SignInChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc/>
    public IEnumerable<string> Problems() => Validate().Select(e => e.ToString());

    /// <summary>Every problem, each naming its field; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var e = new List<ValidationError>();
        if (Demo.Accounts is < 1 or > 100_000)
        {
            e.Add(new ValidationError($"{SectionName}:Demo:Accounts", "must be in [1, 100000]"));
        }

        if (SessionLifetime <= TimeSpan.Zero || SessionLifetime > TimeSpan.FromDays(30))
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(SessionLifetime)}", "must be > 0 and at most 30 days"));
        }

        if (SignInChallengeLifetime <= TimeSpan.Zero || SignInChallengeLifetime > TimeSpan.FromHours(1))
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(SignInChallengeLifetime)}", "must be > 0 and at most 1 hour"));
        }

        return e;
    }
}

/// <summary>Section "Portal:Demo".</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// Deploy a registry on the local chain when none is configured, and seed an empty database
    /// with the demo committee, book and proposals. Refused on any chain but 31337.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Accounts in the generated demo book.</summary>
    public int Accounts { get; set; } = 3000;

    /// <summary>Seed of the generated demo book.</summary>
    public long Seed { get; set; } = 20241231;
}
