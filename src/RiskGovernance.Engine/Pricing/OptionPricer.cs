using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine;

/// <summary>European option value under Black-Scholes with zero rates and no carry (Black-76 on a
/// forward equal to spot), METHODOLOGY section 1. Stateless; built on portable arithmetic
/// (<see cref="PortableMath"/>, <see cref="ErrorFunction"/>), so a value is the same bits on every machine.</summary>
public static class OptionPricer
{
    /// <summary>Days per year of the time to expiry: tau = expiryDays / 365.</summary>
    public const double DaysPerYear = 365.0;

    /// <summary>Value of one contract on one unit of the underlying. When tau = 0 or sigma = 0 the
    /// value is intrinsic.</summary>
    /// <param name="right">Call or put.</param>
    /// <param name="spot">Underlying price S &gt; 0.</param>
    /// <param name="vol">Annualised volatility sigma &gt;= 0.</param>
    /// <param name="strike">Strike K &gt; 0.</param>
    /// <param name="expiryDays">Calendar days to expiry T &gt;= 0.</param>
    public static double Value(OptionRight right, double spot, double vol, double strike, double expiryDays)
    {
        var tau = expiryDays / DaysPerYear;
        if (tau <= 0 || vol <= 0)
        {
            return Intrinsic(right, spot, strike);
        }
        var sd = vol * Math.Sqrt(tau);
        var d1 = (PortableMath.Log(spot / strike) + (0.5 * vol * vol * tau)) / sd;
        var d2 = d1 - sd;
        return right == OptionRight.Call
            ? (spot * NormalDistribution.Cdf(d1)) - (strike * NormalDistribution.Cdf(d2))
            : (strike * NormalDistribution.Cdf(-d2)) - (spot * NormalDistribution.Cdf(-d1));
    }

    /// <summary>max(S - K, 0) for a call, max(K - S, 0) for a put.</summary>
    public static double Intrinsic(OptionRight right, double spot, double strike) =>
        right == OptionRight.Call ? Math.Max(spot - strike, 0.0) : Math.Max(strike - spot, 0.0);
}
