namespace RiskGovernance.Chain.Signing;

/// <summary>A member of an EIP-712 struct type: its name and type (<c>uint256</c>, <c>Person</c>, <c>Person[]</c>).</summary>
public sealed record Eip712Field
{
    /// <summary>Creates a field.</summary>
    public Eip712Field(string name, string type)
    {
        Name = Preconditions.NotBlank(name, nameof(name));
        Type = Preconditions.NotBlank(type, nameof(type));
    }

    /// <summary>The member name.</summary>
    public string Name { get; }

    /// <summary>The member type.</summary>
    public string Type { get; }
}
