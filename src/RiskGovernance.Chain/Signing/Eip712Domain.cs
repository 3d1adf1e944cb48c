using System.Numerics;

namespace RiskGovernance.Chain.Signing;

/// <summary>
/// An EIP-712 domain. Only the members that are set take part (in the order name, version,
/// chainId, verifyingContract, salt), as wallets do.
/// </summary>
public sealed record Eip712Domain
{
    /// <summary>Creates a domain; at least one member must be set.</summary>
    public Eip712Domain(string? name = null, string? version = null, BigInteger? chainId = null, Address? verifyingContract = null, Hash32? salt = null)
    {
        if (name is null && version is null && chainId is null && verifyingContract is null && salt is null)
        {
            throw new ArgumentException("domain: at least one of name, version, chainId, verifyingContract, salt must be set.", nameof(name));
        }

        if (chainId is { Sign: <= 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), $"chainId must be > 0 (was {chainId}).");
        }

        Name = name;
        Version = version;
        ChainId = chainId;
        VerifyingContract = verifyingContract;
        Salt = salt;
    }

    /// <summary>The signing domain's user-readable name.</summary>
    public string? Name { get; }

    /// <summary>The current major version of the domain.</summary>
    public string? Version { get; }

    /// <summary>The EIP-155 chain id.</summary>
    public BigInteger? ChainId { get; }

    /// <summary>The contract that verifies the signature.</summary>
    public Address? VerifyingContract { get; }

    /// <summary>A disambiguating salt.</summary>
    public Hash32? Salt { get; }

    /// <summary>The EIP712Domain type members for the members that are set.</summary>
    public IReadOnlyList<Eip712Field> Fields()
    {
        var fields = new List<Eip712Field>();
        if (Name is not null)
        {
            fields.Add(new Eip712Field("name", "string"));
        }

        if (Version is not null)
        {
            fields.Add(new Eip712Field("version", "string"));
        }

        if (ChainId is not null)
        {
            fields.Add(new Eip712Field("chainId", "uint256"));
        }

        if (VerifyingContract is not null)
        {
            fields.Add(new Eip712Field("verifyingContract", "address"));
        }

        if (Salt is not null)
        {
            fields.Add(new Eip712Field("salt", "bytes32"));
        }

        return fields;
    }

    /// <summary>The domain values keyed by member name.</summary>
    public IReadOnlyDictionary<string, object?> Values()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Name is not null)
        {
            values["name"] = Name;
        }

        if (Version is not null)
        {
            values["version"] = Version;
        }

        if (ChainId is { } chainId)
        {
            values["chainId"] = chainId;
        }

        if (VerifyingContract is { } contract)
        {
            values["verifyingContract"] = contract;
        }

        if (Salt is { } salt)
        {
            values["salt"] = salt;
        }

        return values;
    }
}
