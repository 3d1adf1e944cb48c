using RiskGovernance.Engine.MarketData;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Simulation;

/// <summary>The identity of an oracle market snapshot for simulation records: Keccak-256 of its
/// <see cref="OracleMarketSnapshot.CanonicalBytes"/> (the compact market.json and its provenance: every
/// feed's round, answer and update time, the dropped feeds with their reasons, and each volatility's source).</summary>
public static class OracleMarketHash
{
    /// <summary>keccak256(canonical market JSON + provenance) of <paramref name="snapshot"/>.</summary>
    public static Hash32 Of(OracleMarketSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Hash32.Keccak(snapshot.CanonicalBytes());
    }
}
