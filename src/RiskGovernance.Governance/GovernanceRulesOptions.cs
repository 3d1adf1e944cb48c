using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Proposals;

namespace RiskGovernance.Governance;

/// <summary>
/// Configuration section "Governance": the voting rules given to each new proposal, the EIP-712
/// ballot domain (the chain id and the registry address, the same as the chain verifies) and the
/// simulation's risk limits. Plain settable properties for options binding; call
/// <see cref="Validate"/> on start.
/// </summary>
public sealed class GovernanceRulesOptions : IValidatableOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Governance";

    /// <summary>Voting period.</summary>
    public TimeSpan VotingPeriod { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Quorum as a fraction of the snapshot's total weight, in (0, 1].</summary>
    public decimal QuorumFraction { get; set; } = 0.5m;

    /// <summary>Supermajority fraction, in (0.5, 1].</summary>
    public decimal SupermajorityFraction { get; set; } = 2m / 3m;

    /// <summary>Timelock delay (should equal the registry's).</summary>
    public TimeSpan TimelockDelay { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Grace period (should equal the registry's).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Late-quorum extension (OpenZeppelin GovernorPreventLateQuorum).</summary>
    public TimeSpan LateQuorumExtension { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Maximum length of a vote's reason.</summary>
    public int MaxReasonLength { get; set; } = 2000;

    /// <summary>Chain id of the ballot domain.</summary>
    public long ChainId { get; set; }

    /// <summary>Registry address (the ballot domain's verifying contract).</summary>
    public string RegistryAddress { get; set; } = "";

    /// <summary>Warn when the share of accounts that become liquidatable (of all accounts) exceeds this, in [0, 1].</summary>
    public double MaxNewlyLiquidatableShare { get; set; } = 0.01;

    /// <summary>Warn when total initial margin grows by more than this fraction, &gt;= 0.</summary>
    public double MaxTotalImGrowth { get; set; } = 0.25;

    /// <summary>Every problem, each naming its field (e.g. "Governance:QuorumFraction: must be in (0, 1]"); empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var e = new List<ValidationError>();
        void Add(string field, string message) => e.Add(new ValidationError($"{SectionName}:{field}", message));
        if (VotingPeriod <= TimeSpan.Zero)
        {
            Add(nameof(VotingPeriod), "must be > 0");
        }

        if (QuorumFraction is <= 0m or > 1m)
        {
            Add(nameof(QuorumFraction), "must be in (0, 1]");
        }

        if (SupermajorityFraction is <= 0.5m or > 1m)
        {
            Add(nameof(SupermajorityFraction), "must be in (0.5, 1]");
        }

        if (TimelockDelay < TimeSpan.Zero)
        {
            Add(nameof(TimelockDelay), "must be >= 0");
        }

        if (GracePeriod <= TimeSpan.Zero)
        {
            Add(nameof(GracePeriod), "must be > 0");
        }

        if (LateQuorumExtension < TimeSpan.Zero || LateQuorumExtension > VotingPeriod)
        {
            Add(nameof(LateQuorumExtension), "must be in [0, VotingPeriod]");
        }

        if (MaxReasonLength is < 0 or > 100_000)
        {
            Add(nameof(MaxReasonLength), "must be in [0, 100000]");
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

    /// <summary>The rules a proposal freezes when it opens.</summary>
    public VotingRules RulesFor(bool requiresSupermajority)
        => new(VotingPeriod, QuorumFraction, requiresSupermajority ? MajorityRule.Supermajority : MajorityRule.Simple,
            SupermajorityFraction, TimelockDelay, GracePeriod, LateQuorumExtension);
}

/// <summary>The EIP-712 domain of ballots: chain id and registry (verifying contract), from configuration.</summary>
/// <param name="ChainId">Chain id, &gt; 0.</param>
/// <param name="Registry">The registry address.</param>
public sealed record BallotDomain(long ChainId, Address Registry);
