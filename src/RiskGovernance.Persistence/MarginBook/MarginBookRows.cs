namespace RiskGovernance.Persistence.MarginBook;

/// <summary>The margin-book indexer's cursor for one contract: the last indexed block.</summary>
public sealed class MarginIndexCursorRow
{
    /// <summary>The contract (lowercase hex, key).</summary>
    public string Contract { get; set; } = "";

    /// <summary>The last indexed block's number.</summary>
    public long BlockNumber { get; set; }

    /// <summary>Its hash (0x hex).</summary>
    public string BlockHash { get; set; } = "";
}

/// <summary>A block the indexer has seen (a block with a log, or a cursor), key (contract, number).</summary>
public sealed class MarginIndexBlockRow
{
    /// <summary>The contract (lowercase hex).</summary>
    public string Contract { get; set; } = "";

    /// <summary>Block number.</summary>
    public long Number { get; set; }

    /// <summary>Block hash (0x hex).</summary>
    public string Hash { get; set; } = "";
}

/// <summary>A deposit or withdrawal log, key (contract, block, log index).</summary>
public sealed class MarginCollateralChangeRow
{
    /// <summary>The contract (lowercase hex).</summary>
    public string Contract { get; set; } = "";

    /// <summary>Block number.</summary>
    public long BlockNumber { get; set; }

    /// <summary>The log's index in its block.</summary>
    public long LogIndex { get; set; }

    /// <summary>The account (EIP-55).</summary>
    public string Account { get; set; } = "";

    /// <summary>The asset symbol.</summary>
    public string Asset { get; set; } = "";

    /// <summary>Signed amount (+ deposit, - withdrawal), decimal text of the 18-decimal integer.</summary>
    public string Amount { get; set; } = "";

    /// <summary>The balance after, decimal text of the 18-decimal integer.</summary>
    public string Balance { get; set; } = "";
}

/// <summary>A position, open or closed, key (contract, id).</summary>
public sealed class MarginPositionRow
{
    /// <summary>The contract (lowercase hex).</summary>
    public string Contract { get; set; } = "";

    /// <summary>The contract's position id.</summary>
    public long PositionId { get; set; }

    /// <summary>The owner (EIP-55).</summary>
    public string Account { get; set; } = "";

    /// <summary>The underlying's symbol.</summary>
    public string Asset { get; set; } = "";

    /// <summary>"Perp" or "Option".</summary>
    public string Kind { get; set; } = "";

    /// <summary>"Call" or "Put" (options), else null.</summary>
    public string? Right { get; set; }

    /// <summary>Signed quantity, decimal text of the 18-decimal integer.</summary>
    public string Quantity { get; set; } = "";

    /// <summary>Entry price or strike, decimal text of the 18-decimal integer.</summary>
    public string Price { get; set; } = "";

    /// <summary>Option expiry, Unix seconds (null for a perp).</summary>
    public long? Expiry { get; set; }

    /// <summary>The block of the opening log.</summary>
    public long OpenedBlock { get; set; }

    /// <summary>The block of the closing log (null while open).</summary>
    public long? ClosedBlock { get; set; }
}
