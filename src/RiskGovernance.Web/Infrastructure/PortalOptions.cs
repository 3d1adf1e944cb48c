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

    /// <summary>
    /// The portal's public origin (scheme, host and port, no path), e.g. https://portal.example.org.
    /// The sign-in messages name it (EIP-4361 domain and URI), AllowedHosts follows it, and a request
    /// with another Host (or a write with another Origin) is refused.
    /// </summary>
    public string PublicOrigin { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Most outstanding sign-in challenges of visitors outside the committee; beyond it a challenge is refused with 429.</summary>
    public int MaxSignInChallenges { get; set; } = 10_000;

    /// <summary>Most outstanding sign-in challenges per address; a newer one drops the oldest.</summary>
    public int MaxSignInChallengesPerAddress { get; set; } = 3;

    /// <summary>How often an open circuit re-checks its session in the session store.</summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The addresses (0x, 20 bytes) allowed to publish a book and market snapshot (POST
    /// /api/snapshots, <c>riskgov snapshot publish</c>) after signing in; empty: nobody may.
    /// </summary>
    public IList<string> DataPublishers { get; } = new List<string>();

    /// <summary>The validated <see cref="DataPublishers"/> (call only on valid options).</summary>
    public IReadOnlySet<RiskGovernance.Primitives.Address> DataPublisherAddresses
        => DataPublishers.Select(a => RiskGovernance.Primitives.Address.Parse(a.Trim(), nameof(DataPublishers))).ToHashSet();

    /// <summary>The validated <see cref="PublicOrigin"/> (call only on valid options).</summary>
    public Identity.PublicOrigin Origin => Identity.PublicOrigin.Parse(PublicOrigin);

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

        if (!Identity.PublicOrigin.TryParse(PublicOrigin, out _, out var originProblem))
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(PublicOrigin)}", originProblem));
        }

        if (MaxSignInChallenges is < 1 or > 1_000_000)
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxSignInChallenges)}", "must be in [1, 1000000]"));
        }

        if (MaxSignInChallengesPerAddress is < 1 or > 100)
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxSignInChallengesPerAddress)}", "must be in [1, 100]"));
        }

        for (var i = 0; i < DataPublishers.Count; i++)
        {
            var text = DataPublishers[i];
            if (!RiskGovernance.Primitives.Address.TryParse(text?.Trim(), out var publisher) || publisher.IsZero)
            {
                var shown = text is { Length: > 50 } ? text[..50] + "..." : text;
                e.Add(new ValidationError($"{SectionName}:{nameof(DataPublishers)}:{i}", $"'{shown}' is not a non-zero 0x address (40 hex digits)"));
            }
        }

        if (SessionRevalidationInterval < TimeSpan.FromMilliseconds(100) || SessionRevalidationInterval > TimeSpan.FromMinutes(1))
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(SessionRevalidationInterval)}", "must be between 0.1 seconds and 1 minute"));
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

    /// <summary>
    /// Open the demo book's accounts on the demo MarginAccounts contract by real transactions and take the book the indexer
    /// rebuilds from its logs (default). False stores the generated plan directly: the test suite's portals use it, since
    /// each would otherwise spend seconds on the same transactions; the tests of the chain book turn it on.
    /// </summary>
    public bool BookOnChain { get; set; } = true;
}
