namespace RiskGovernance.Governance.Registry;

/// <summary>One risky asset's parameters in their on-chain form (params.assets[symbol]).</summary>
public sealed record OnChainAssetParameters
{
    /// <summary>Creates the entry; the symbol must fit a bytes32.</summary>
    public OnChainAssetParameters(string symbol, FixedPoint18 scanRange, FixedPoint18 volUp, FixedPoint18 volDown, FixedPoint18 haircut)
    {
        Symbol = Bytes32Field.Validate(symbol, "assets.symbol");
        ScanRange = scanRange;
        VolUp = volUp;
        VolDown = volDown;
        Haircut = haircut;
    }

    /// <summary>Asset symbol.</summary>
    public string Symbol { get; }

    /// <summary>Scan range.</summary>
    public FixedPoint18 ScanRange { get; }

    /// <summary>Vol shock up.</summary>
    public FixedPoint18 VolUp { get; }

    /// <summary>Vol shock down.</summary>
    public FixedPoint18 VolDown { get; }

    /// <summary>Collateral haircut.</summary>
    public FixedPoint18 Haircut { get; }
}
