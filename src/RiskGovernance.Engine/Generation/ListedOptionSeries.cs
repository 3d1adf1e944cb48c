using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Generation;

/// <summary>The listed-style option series of one underlying: strikes on a grid of round numbers
/// around spot (step about 5 % of spot, <see cref="StrikesEachSide"/> strikes each side of the
/// at-the-money strike) and a handful of standard expiries. Generated books only use these
/// contracts, so the number of distinct contracts stays in the hundreds however many accounts
/// there are.</summary>
public sealed class ListedOptionSeries
{
    /// <summary>Standard expiries in days.</summary>
    public static IReadOnlyList<double> StandardExpiryDays { get; } = [1, 7, 30, 90, 180];

    /// <summary>Strikes listed on each side of the at-the-money strike.</summary>
    public const int StrikesEachSide = 4;

    /// <summary>Strike step as a fraction of spot before rounding to a round number.</summary>
    public const double StrikeStepFraction = 0.05;

    private ListedOptionSeries(string asset, double spot, double step, double atm)
    {
        Asset = asset;
        Spot = spot;
        StrikeStep = step;
        AtTheMoneyStrike = atm;
    }

    public string Asset { get; }

    public double Spot { get; }

    /// <summary>Distance between listed strikes: 1, 2, 2.5 or 5 times a power of ten.</summary>
    public double StrikeStep { get; }

    /// <summary>The listed strike nearest to spot.</summary>
    public double AtTheMoneyStrike { get; }

    /// <summary>The strike <paramref name="offset"/> steps from the at-the-money strike
    /// (|offset| &lt;= <see cref="StrikesEachSide"/>; never below one step).</summary>
    public double Strike(int offset)
    {
        if (Math.Abs(offset) > StrikesEachSide)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"|offset| must be <= {StrikesEachSide}");
        }
        return Math.Max(StrikeStep, RoundToStep(AtTheMoneyStrike + (offset * StrikeStep), StrikeStep));
    }

    /// <summary>Every listed strike, ascending (distinct).</summary>
    public IReadOnlyList<double> Strikes() =>
        Enumerable.Range(-StrikesEachSide, (2 * StrikesEachSide) + 1).Select(Strike).Distinct().ToArray();

    public static ListedOptionSeries For(AssetQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var step = NiceStep(quote.Price * StrikeStepFraction);
        var atm = Math.Max(step, RoundToStep(quote.Price, step));
        return new ListedOptionSeries(quote.Symbol, quote.Price, step, atm);
    }

    /// <summary>The round number (1, 2, 2.5 or 5 times a power of ten) nearest to x from below.</summary>
    internal static double NiceStep(double x)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(x)));
        var f = x / magnitude;
        var nice = f >= 5 ? 5 : f >= 2.5 ? 2.5 : f >= 2 ? 2 : 1;
        return nice * magnitude;
    }

    /// <summary>Rounds to a multiple of step and cleans the binary noise (to 12 significant digits).</summary>
    private static double RoundToStep(double x, double step) =>
        RoundSignificant(Math.Round(x / step) * step, 12);

    internal static double RoundSignificant(double x, int digits)
    {
        if (x == 0 || !double.IsFinite(x))
        {
            return x;
        }
        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale) / scale;
    }
}
