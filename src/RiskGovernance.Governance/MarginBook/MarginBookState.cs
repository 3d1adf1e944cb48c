using System.Numerics;
using RiskGovernance.Engine.Model;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.MarginBook;

/// <summary>
/// The indexed state of a margin-account contract up to <see cref="Cursor"/>: every non-zero collateral
/// balance and every open position. <see cref="ToBook"/> turns it into the engine's book.
/// </summary>
public sealed class MarginBookState
{
    private static readonly BigInteger Scale = BigInteger.Pow(10, 18);

    /// <summary>Creates the state.</summary>
    public MarginBookState(IndexedBlock? cursor, IReadOnlyList<MarginCollateral> collateral, IReadOnlyList<MarginPosition> positions)
    {
        Cursor = cursor;
        Collateral = collateral ?? throw new ArgumentNullException(nameof(collateral));
        Positions = positions ?? throw new ArgumentNullException(nameof(positions));
    }

    /// <summary>The last indexed block (null before the first).</summary>
    public IndexedBlock? Cursor { get; }

    /// <summary>Non-zero collateral balances.</summary>
    public IReadOnlyList<MarginCollateral> Collateral { get; }

    /// <summary>Open positions.</summary>
    public IReadOnlyList<MarginPosition> Positions { get; }

    /// <summary>
    /// The engine's book as of <paramref name="asOf"/>: one account per address holding collateral or a
    /// position (ordered by address, the id is the EIP-55 address), collateral by asset (ordinal order),
    /// positions by id; an option's <c>expiryDays</c> is its time to expiry from <paramref name="asOf"/>
    /// in days, 0 once expired.
    /// </summary>
    public Book ToBook(DateTimeOffset asOf)
    {
        var accounts = new SortedDictionary<string, (List<CollateralBalance> Collateral, List<Position> Positions)>(StringComparer.Ordinal);
        (List<CollateralBalance>, List<Position>) Of(Address a)
        {
            var key = a.ToString();
            if (!accounts.TryGetValue(key, out var entry))
            {
                entry = ([], []);
                accounts[key] = entry;
            }
            return entry;
        }

        foreach (var c in Collateral.Where(c => !c.Balance.IsZero).OrderBy(c => c.Asset, StringComparer.Ordinal))
        {
            Of(c.Account).Item1.Add(new CollateralBalance(c.Asset, ToDouble(c.Balance)));
        }
        foreach (var p in Positions.OrderBy(p => p.Id))
        {
            Position position = p.Kind == MarginPositionKind.Perp
                ? new PerpPosition(p.Asset, ToDouble(p.Quantity), ToDouble(p.Price))
                : new OptionPosition(p.Asset, p.Right ?? OptionRight.Call, ToDouble(p.Price),
                    Math.Max(0, ((p.Expiry ?? asOf) - asOf).TotalDays), ToDouble(p.Quantity));
            Of(p.Account).Item2.Add(position);
        }
        return Book.Create(accounts.Select(a => new Account(a.Key, a.Value.Collateral, a.Value.Positions)));
    }

    /// <summary>An 18-decimal integer as a double (integer and fraction converted apart, so 2.5e18 is exactly 2.5).</summary>
    public static double ToDouble(BigInteger raw)
    {
        var whole = BigInteger.DivRem(raw, Scale, out var fraction);
        return (double)whole + (double)fraction / 1e18;
    }
}
