using System.Globalization;
using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.GovernanceAdapters;

/// <summary>
/// The registry's custom errors in plain words, each naming the field or subject it concerns:
/// what a committee member reads when the chain refuses (<see cref="RegistryRefusedException"/>).
/// </summary>
public static class RegistryRefusals
{
    /// <summary>The refusal a revert stands for.</summary>
    public static RegistryRefusedException Explain(ContractRevertException revert)
    {
        ArgumentNullException.ThrowIfNull(revert);
        var a = revert.Arguments;
        string Arg(int i) => i < a.Count ? a[i] : "?";
        (string Field, string Text) r = revert.ErrorName switch
        {
            "UnknownProposal" => ("proposal", $"the registry does not know proposal {Arg(0)}"),
            "ProposalAlreadyExists" => ("proposal", $"the registry already holds proposal {Arg(0)}"),
            "BallotHashMismatch" => ("proposal", $"the ballot hash {Arg(0)} is not the payload's hash {Arg(1)}"),
            "ZeroBallotHash" => ("proposal", "the ballot hash must not be zero"),
            "InvalidBaseVersion" => ("params", $"it is drafted from version {Arg(0)}, but the registry expects version {Arg(1)} (the version in force); rebase it"),
            "StaleBase" => ("proposal", $"it was drafted from version {Arg(1)}, but version {Arg(2)} is in force: the registry will never queue or execute it; rebase it"),
            "HardBoundExceeded" => (HardBoundField(Arg(0), Arg(1)), $"{Fixed(Arg(2))} is outside the registry's hard limits [{Fixed(Arg(3))}, {Fixed(Arg(4))}]"),
            "VotingClosed" => ("ballot", $"voting on the registry is closed for this proposal (its voting end is {Time(Arg(2))}, or it is no longer active)"),
            "InvalidSupport" => ("ballot.support", $"must be Against (0), For (1) or Abstain (2) (was {Arg(0)})"),
            "InvalidSignatureLength" => ("ballot.signature", $"is {Arg(0)} bytes long; a signature is 65 bytes r ‖ s ‖ v"),
            "InvalidSignature" => ("ballot.signature", "is not a valid signature: no key recovers from it"),
            "SignatureHighS" => ("ballot.signature", "has a high s; the registry accepts only the low-s form (EIP-2)"),
            "SignatureMismatch" => ("ballot.signature", $"recovers to {Arg(1)}, not the voter {Arg(0)} (forged, or signed for another proposal, chain or registry)"),
            "NotInCommittee" => ("ballot.voter", $"{Arg(2)} is not in the committee of the proposal's epoch {Arg(1)}"),
            "AlreadyVoted" => ("ballot.voter", $"{Arg(1)} has already voted on this proposal"),
            "VotingNotEnded" => ("proposal", $"voting on the registry ends at {Time(Arg(1))}; it cannot be queued before"),
            "QuorumNotReached" => ("proposal", $"quorum not reached: {Arg(1)} weight voted For or Abstain, {Arg(2)} needed"),
            "MajorityNotReached" => ("proposal", $"the majority is not reached: For {Arg(1)} is not above Against {Arg(2)}"),
            "SupermajorityNotReached" => ("proposal", $"the supermajority is not reached: For {Arg(1)}, {Arg(2)} needed (needs {Subtract(Arg(2), Arg(1))} more weight For)"),
            "ProposalNotSucceeded" => ("proposal", $"the registry holds it as {StateName(Arg(1))}, not Succeeded"),
            "ProposalNotQueued" => ("proposal", $"the registry holds it as {StateName(Arg(1))}, not Queued"),
            "ProposalAlreadyExecuted" => ("proposal", $"it was already executed (version {Arg(1)})"),
            "TimelockNotElapsed" => ("proposal", $"the registry's timelock runs until {Time(Arg(1))}"),
            "ProposalExpired" => ("proposal", $"the registry's grace period ended at {Time(Arg(1))}"),
            "PayloadMismatch" => ("proposal", $"the payload is not the one registered (payload hash {Arg(1)})"),
            "NotGuardian" => ("actor", $"{Arg(0)} is not the registry's guardian"),
            "CannotCancel" => ("proposal", $"the registry holds it as {StateName(Arg(1))}; it can no longer be cancelled"),
            "EmptyCommittee" => ("membership.members", "the committee must not be empty"),
            "CommitteeLengthMismatch" => ("membership.members", $"{Arg(0)} members but {Arg(1)} weights"),
            "InvalidMember" => ($"membership.members[{Arg(0)}].address", $"{Arg(1)} is zero or appears twice"),
            "ZeroWeight" => ($"membership.members[{Arg(0)}].weight", "must be > 0"),
            "InvalidGuardian" => ("membership.guardian", "must not be the zero address"),
            "InvalidRule" => RuleRefusal(Text(Arg(0))),
            "InvalidBound" => BoundRefusal(Text(Arg(0))),
            "AnchorRegressed" => ("audit", $"the registry already anchors {Arg(1)} entries; {Arg(0)} entries, or the same count with another head, would rewrite them"),
            "UnknownVersion" => ("version", $"the registry has no version {Arg(0)}"),
            "UnknownAsset" => ("asset", $"version {Arg(0)} has no asset {Text(Arg(1))}"),
            "InvalidParameter" => ($"params.{Text(Arg(0))}", "is refused by the registry's validation"),
            "InvalidAssetParameter" => ($"params.assets.{Text(Arg(0))}.{Text(Arg(1))}", "is refused by the registry's validation"),
            "EmptyAssetList" => ("params.assets", "must not be empty"),
            "DuplicateSymbol" => ("params.assets", $"{Text(Arg(0))} appears more than once"),
            "CorrelationLengthMismatch" => ("params.correlation", $"the upper triangle needs {Arg(0)} entries, not {Arg(1)}"),
            "CorrelationOutOfRange" => ("params.correlation", $"entry {Arg(0)} ({Fixed(Arg(1))}) is outside [-1, 1]"),
            _ => ("registry", $"the registry refused: {revert.Message}"),
        };
        return new RegistryRefusedException(revert.ErrorName, r.Field, $"{r.Field}: {r.Text}");
    }

    /// <summary>Runs <paramref name="action"/>, turning the registry's reverts into <see cref="RegistryRefusedException"/>.</summary>
    public static async Task<T> Translate<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ContractRevertException e)
        {
            throw Explain(e);
        }
        catch (TransactionRevertedException e) when (e.Reason is not null)
        {
            throw Explain(e.Reason);
        }
    }

    private static (string, string) RuleRefusal(string field) => ($"rules.{field}", field switch
    {
        "votingPeriod" => "must be between 1 second and 365 days",
        "lateQuorumExtension" => "must not exceed the voting period",
        "timelockDelay" => "must be at most 365 days",
        "gracePeriod" => "must be between 1 second and 365 days",
        "quorumBps" => "must be in 1..10000 basis points",
        "supermajorityBps" => "must be in 5001..9999 basis points (unanimity would let one member block every later change)",
        _ => "is refused by the registry",
    });

    private static (string, string) BoundRefusal(string field)
        => ($"bounds.{field}", field.EndsWith("Step", StringComparison.Ordinal) ? "must be >= 0 (0: no step bound)" : "min must not exceed max");

    private static string HardBoundField(string field, string symbol)
    {
        var f = Text(field);
        // A global field (imMultiplier, mmRatio, liquidationRatio) comes with the zero symbol.
        var s = Hash32.TryParse(symbol, out var word) && word == Hash32.Zero ? "" : Text(symbol);
        return s.Length == 0 ? $"params.{f}" : $"params.assets.{s}.{f}";
    }

    private static string Text(string hex)
    {
        try
        {
            return Bytes32Field.Decode(HexText.Decode(hex, "bytes32"), "bytes32");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return hex;
        }
    }

    private static string Fixed(string raw)
        => BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? FixedPoint18.FromRaw(v).ToString() : raw;

    private static string Time(string seconds)
        => long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : seconds;

    private static string StateName(string number)
        => int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && Enum.IsDefined((RegistryProposalState)n)
            ? ((RegistryProposalState)n).ToString()
            : number;

    private static string Subtract(string a, string b)
        => BigInteger.TryParse(a, out var x) && BigInteger.TryParse(b, out var y) ? (x - y).ToString(CultureInfo.InvariantCulture) : "?";
}
