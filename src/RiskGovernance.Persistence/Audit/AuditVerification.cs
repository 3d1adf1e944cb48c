namespace RiskGovernance.Persistence.Audit;

/// <summary>The outcome of re-checking the audit chain.</summary>
/// <param name="IsIntact">True when every entry is present, in order, and matches its hash.</param>
/// <param name="EntriesChecked">How many stored entries were read.</param>
/// <param name="FirstInvalidSequence">The sequence of the first entry found edited, missing or out of place; null when intact.</param>
/// <param name="Problem">What is wrong with that entry; null when intact.</param>
public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstInvalidSequence, string? Problem)
{
    /// <summary>An intact chain of <paramref name="entries"/> entries.</summary>
    public static AuditVerification Intact(long entries) => new(true, entries, null, null);

    /// <summary>A chain broken at <paramref name="sequence"/>.</summary>
    public static AuditVerification Broken(long entries, long sequence, string problem) => new(false, entries, sequence, problem);
}
