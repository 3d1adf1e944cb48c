namespace RiskGovernance.Chain.Transactions;

/// <summary>An EIP-2930 access list entry: an address and the storage keys it touches.</summary>
public sealed record AccessListEntry
{
    /// <summary>Creates an entry; <paramref name="storageKeys"/> is copied.</summary>
    public AccessListEntry(Address address, IReadOnlyList<Hash32> storageKeys)
    {
        Address = address;
        StorageKeys = [.. Preconditions.NotNull(storageKeys, nameof(storageKeys))];
    }

    /// <summary>The accessed account.</summary>
    public Address Address { get; }

    /// <summary>The accessed storage slots.</summary>
    public IReadOnlyList<Hash32> StorageKeys { get; }
}
