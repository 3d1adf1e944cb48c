using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Registry;

/// <summary>Lifecycle of a proposal in the registry (Expired is computed, never stored).</summary>
public enum ProposalState
{
    /// <summary>Unknown id.</summary>
    None = 0,

    /// <summary>Queued, waiting for its timelock or execution.</summary>
    Queued = 1,

    /// <summary>Executed.</summary>
    Executed = 2,

    /// <summary>Vetoed by the guardian.</summary>
    Vetoed = 3,

    /// <summary>Queued but its grace period is over.</summary>
    Expired = 4,
}

/// <summary>What a proposal changes.</summary>
public enum ProposalKind
{
    /// <summary>A parameter set (a new version).</summary>
    Parameters = 0,

    /// <summary>The committee (members, weights, threshold).</summary>
    Membership = 1,
}

/// <summary>A proposal as the registry reports it.</summary>
/// <param name="State">State.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Eta">Earliest execution time (Unix seconds); 0 when unknown.</param>
/// <param name="ParamsHash">Approved hash.</param>
/// <param name="ExecutedVersion">Version created by the execution (parameters only), else 0.</param>
public sealed record ProposalInfo(ProposalState State, ProposalKind Kind, long Eta, Hash32 ParamsHash, BigInteger ExecutedVersion);

/// <summary>A committee member and voting weight.</summary>
/// <param name="Member">Address.</param>
/// <param name="Weight">Positive weight.</param>
public sealed record CommitteeMember(Address Member, BigInteger Weight);

/// <summary>How a registry is deployed: committee, threshold (basis points of total weight), timelock, grace, guardian, genesis set.</summary>
public sealed record RegistryConfiguration
{
    /// <summary>Creates the configuration, checking what the constructor would reject.</summary>
    public RegistryConfiguration(
        IReadOnlyList<CommitteeMember> committee,
        int thresholdBps,
        TimeSpan timelockDelay,
        TimeSpan gracePeriod,
        Address guardian,
        OnChainParameterSet? genesis = null)
    {
        ArgumentNullException.ThrowIfNull(committee);
        if (committee.Count == 0 || committee.Any(m => m.Weight.Sign <= 0 || m.Member.IsZero)
            || committee.Select(m => m.Member).Distinct().Count() != committee.Count)
        {
            throw new ArgumentException("committee: needs distinct non-zero members with positive weights.", nameof(committee));
        }

        if (thresholdBps is <= 0 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdBps), "thresholdBps must be in 1..10000.");
        }

        if (timelockDelay < TimeSpan.Zero || gracePeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(gracePeriod), "timelockDelay must be >= 0 and gracePeriod > 0.");
        }

        Committee = [.. committee];
        ThresholdBps = thresholdBps;
        TimelockDelay = timelockDelay;
        GracePeriod = gracePeriod;
        Guardian = guardian;
        Genesis = genesis;
    }

    /// <summary>Members and weights.</summary>
    public IReadOnlyList<CommitteeMember> Committee { get; }

    /// <summary>Approval threshold in basis points of the total weight.</summary>
    public int ThresholdBps { get; }

    /// <summary>Timelock delay.</summary>
    public TimeSpan TimelockDelay { get; }

    /// <summary>Grace period after the timelock.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>Guardian (may veto).</summary>
    public Address Guardian { get; }

    /// <summary>Genesis parameter set (version 1), or null.</summary>
    public OnChainParameterSet? Genesis { get; }
}
