using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Governance;

/// <summary>
/// Configuration section "Governance": where the registry is (the EIP-712 ballot domain: chain id
/// and registry address), the length limit of a vote's reason and the simulation's warning
/// limits. The voting rules, the bounds and the committee are not configuration: the portal reads
/// them from the registry, which enforces them. Plain settable properties for options binding;
/// call <see cref="Validate"/> on start.
/// </summary>
public sealed class GovernanceRulesOptions : IValidatableOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Governance";

    /// <summary>Maximum length of a vote's reason.</summary>
    public int MaxReasonLength { get; set; } = 2000;

    /// <summary>Chain id of the ballot domain.</summary>
    public long ChainId { get; set; }

    /// <summary>Registry address (the ballot domain's verifying contract).</summary>
    public string RegistryAddress { get; set; } = "";

    /// <summary>How often the audit log's head is anchored on the registry (besides after each execution).</summary>
    public TimeSpan AuditAnchorInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Warn when the share of accounts that become liquidatable (of all accounts) exceeds this, in [0, 1].</summary>
    public double MaxNewlyLiquidatableShare { get; set; } = 0.01;

    /// <summary>Warn when total initial margin grows by more than this fraction, &gt;= 0.</summary>
    public double MaxTotalImGrowth { get; set; } = 0.25;

    /// <summary>Every problem, each naming its field (e.g. "Governance:ChainId: must be > 0"); empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var e = new List<ValidationError>();
        void Add(string field, string message) => e.Add(new ValidationError($"{SectionName}:{field}", message));
        if (MaxReasonLength is < 0 or > 100_000)
        {
            Add(nameof(MaxReasonLength), "must be in [0, 100000]");
        }

        if (AuditAnchorInterval <= TimeSpan.Zero)
        {
            Add(nameof(AuditAnchorInterval), "must be > 0");
        }

        if (ChainId <= 0)
        {
            Add(nameof(ChainId), "must be > 0");
        }

        if (!Address.TryParse(RegistryAddress, out var registry) || registry.IsZero)
        {
            Add(nameof(RegistryAddress), "must be a non-zero 0x address");
        }

        if (!(MaxNewlyLiquidatableShare is >= 0 and <= 1))
        {
            Add(nameof(MaxNewlyLiquidatableShare), "must be in [0, 1]");
        }

        if (!(MaxTotalImGrowth >= 0) || double.IsInfinity(MaxTotalImGrowth))
        {
            Add(nameof(MaxTotalImGrowth), "must be a finite number >= 0");
        }

        return e;
    }

    /// <inheritdoc/>
    public IEnumerable<string> Problems() => Validate().Select(e => e.ToString());

    /// <summary>Throws <see cref="InputValidationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }
    }

    /// <summary>The ballot domain (valid options only).</summary>
    public BallotDomain BallotDomain() => new(ChainId, Address.Parse(RegistryAddress, nameof(RegistryAddress)));
}

/// <summary>The EIP-712 domain of ballots: chain id and registry (verifying contract), from configuration.</summary>
/// <param name="ChainId">Chain id, &gt; 0.</param>
/// <param name="Registry">The registry address.</param>
public sealed record BallotDomain(long ChainId, Address Registry);
