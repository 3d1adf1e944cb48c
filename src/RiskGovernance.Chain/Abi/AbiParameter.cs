namespace RiskGovernance.Chain.Abi;

/// <summary>A named parameter of a function, event or error; <see cref="Indexed"/> only for events.</summary>
public sealed record AbiParameter
{
    /// <summary>Creates a parameter.</summary>
    public AbiParameter(AbiType type, string name = "", bool indexed = false)
    {
        Type = Preconditions.NotNull(type, nameof(type));
        Name = Preconditions.NotNull(name, nameof(name));
        Indexed = indexed;
    }

    /// <summary>The ABI type.</summary>
    public AbiType Type { get; }

    /// <summary>The name (may be empty).</summary>
    public string Name { get; }

    /// <summary>True for an indexed event parameter.</summary>
    public bool Indexed { get; }
}
