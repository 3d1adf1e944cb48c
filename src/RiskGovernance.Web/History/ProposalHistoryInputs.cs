using RiskGovernance.Primitives;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Proposals;

namespace RiskGovernance.Web.History;

/// <summary>
/// Everything a proposal's history panels compute on: the current book and market (IBookStore), the
/// set the proposal is compared with (<see cref="Current"/>) and the proposed set, with the keccak
/// hashes the simulation record uses (compact market and book JSON, params hashes).
/// </summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="Title">Its title.</param>
/// <param name="State">Its state.</param>
/// <param name="Market">The market snapshot.</param>
/// <param name="Book">The book.</param>
/// <param name="MarketHash">keccak of the snapshot's compact JSON.</param>
/// <param name="BookHash">keccak of the book's compact JSON.</param>
/// <param name="Current">The ratified set compared with.</param>
/// <param name="CurrentHash">Its params hash.</param>
/// <param name="CurrentVersion">Its registry version.</param>
/// <param name="CurrentNote">Which ratified set it is and why (shown to the reader).</param>
/// <param name="Proposed">The proposed set.</param>
/// <param name="ProposedHash">Its params hash.</param>
/// <param name="BookSource">Where the book came from.</param>
public sealed record ProposalHistoryInputs(
    Hash32 ProposalId,
    string Title,
    ProposalState State,
    MarketSnapshot Market,
    Book Book,
    Hash32 MarketHash,
    Hash32 BookHash,
    ParameterSet Current,
    Hash32 CurrentHash,
    long CurrentVersion,
    string CurrentNote,
    ParameterSet Proposed,
    Hash32 ProposedHash,
    string BookSource)
{
    /// <summary>The snapshot's valuation date: the date of the EWMA estimate.</summary>
    public DateOnly AsOf => Market.AsOf;

    /// <summary>The risky assets of either set, current first.</summary>
    public IReadOnlyList<string> RiskyAssets => Current.RiskyAssets.Concat(Proposed.RiskyAssets).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>Which parameter set a per-set result is about.</summary>
public enum HistorySide
{
    /// <summary>The ratified set compared with.</summary>
    Current,

    /// <summary>The proposed set.</summary>
    Proposed,
}

/// <summary>A stored history result and where it came from.</summary>
/// <typeparam name="T">The view read from the stored JSON.</typeparam>
/// <param name="View">The result.</param>
/// <param name="Key">keccak of the kind and the inputs' hashes: the result store key.</param>
/// <param name="ResultHash">keccak of the engine's compact JSON output.</param>
/// <param name="FromStore">True when the result was already stored (nothing recomputed).</param>
/// <param name="Elapsed">How long the computation took.</param>
/// <param name="ComputedAt">When it was computed.</param>
/// <param name="Command">The <c>riskgov</c> command line that recomputes it.</param>
public sealed record HistoryOutcome<T>(T View, Hash32 Key, Hash32 ResultHash, bool FromStore, TimeSpan Elapsed, DateTimeOffset ComputedAt, string Command);
