using System.Globalization;
using System.Text;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Simulation;

namespace RiskGovernance.Web.Simulation;

/// <summary>
/// The inputs of one impact simulation and their hashes, computed exactly as
/// <see cref="SimulationRecord"/> computes them (keccak of the market's and the book's compact
/// JSON, the params hashes of both sets, the engine's informational version and the proposed set's
/// seed), plus the key the result is stored under.
/// </summary>
/// <param name="Inputs">Market, book, ratified (base) and proposed set.</param>
/// <param name="MarketHash">keccak of the market snapshot JSON.</param>
/// <param name="BookHash">keccak of the book JSON.</param>
/// <param name="CurrentParamsHash">Params hash of the ratified (base) set.</param>
/// <param name="ProposedParamsHash">Params hash of the proposed set.</param>
/// <param name="EngineVersion">Engine version.</param>
/// <param name="Seed">The proposed set's simulation seed.</param>
public sealed record ImpactSimulationInputs(
    SimulationInputs Inputs, Hash32 MarketHash, Hash32 BookHash, Hash32 CurrentParamsHash, Hash32 ProposedParamsHash, string EngineVersion, long Seed)
{
    /// <summary>The kind the results are stored under in the result store.</summary>
    public const string ResultKind = "impact";

    /// <summary>
    /// The result store key: keccak of the UTF-8 text
    /// <c>impact|marketHash|bookHash|currentParamsHash|proposedParamsHash|engineVersion|seed</c>
    /// (hashes as 0x lower-case hex, the seed in decimal).
    /// </summary>
    public Hash32 Key => KeyOf(MarketHash, BookHash, CurrentParamsHash, ProposedParamsHash, EngineVersion, Seed);

    /// <summary>The result store key of the given hashes (see <see cref="Key"/>).</summary>
    public static Hash32 KeyOf(Hash32 market, Hash32 book, Hash32 current, Hash32 proposed, string engineVersion, long seed)
    {
        ArgumentNullException.ThrowIfNull(engineVersion);
        var text = string.Join('|', ResultKind, market.ToString(), book.ToString(), current.ToString(), proposed.ToString(), engineVersion,
            seed.ToString(CultureInfo.InvariantCulture));
        return Hash32.Keccak(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>True when these are the inputs <paramref name="record"/> was computed from.</summary>
    public bool Matches(SimulationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.MarketHash == MarketHash && record.BookHash == BookHash && record.CurrentParamsHash == CurrentParamsHash
               && record.ProposedParamsHash == ProposedParamsHash && record.EngineVersion == EngineVersion && record.Seed == Seed;
    }
}
