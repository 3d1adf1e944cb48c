using System.Globalization;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Generation;

/// <summary>
/// Generates a realistic synthetic book for demos, tests and benchmarks: deterministic by seed
/// (its own <see cref="SplitMix64"/> generator), about six positions per account of which about a
/// third are options, accounts over every risky asset (weighted towards the first ones of
/// <c>params.correlation.assets</c>, 1/(rank+1)).
/// </summary>
/// <remarks>
/// Account profiles (share of accounts): directional perp traders (25 %), basis traders holding
/// spot against short perps (10 %), covered-call and protective-put holders (15 %), option
/// volatility traders with straddles, strangles and spreads plus a delta hedge (15 %),
/// multi-asset relative-value / market-maker books (20 %) and spot holders with a partial perp
/// hedge (15 %). Perp entry prices are spot times exp(N(0, 0.04)); options use only
/// <see cref="ListedOptionSeries"/> contracts (strike grid around spot, expiries 1/7/30/90/180 days).
/// Account size (gross notional) is log-normal, median 25,000 USD.
/// <para>Collateral: each account gets a rough grid risk figure R (the core price x vol scenarios of
/// METHODOLOGY section 4 with correlation aggregation, without extreme moves or correlation
/// stress, floored at the short option minimum), then a target equity = imMultiplier * R * c where the cover c is drawn
/// by target status: 72 % healthy (c in [1.15, 4]), 12 % restricted (c in [mmRatio, 1)), 8 %
/// margin-call (c in [mmRatio * liquidationRatio, mmRatio)), 8 % liquidatable (below). Stablecoins
/// fill the gap between the target and the equity of the other items (never below 0). R only
/// approximates the methodology's risk, so the realised status mix is close to, not equal to,
/// these shares (diversification across units makes accounts healthier than targeted).</para>
/// </remarks>
public static class BookGenerator
{
    private const double MedianAccountNotional = 25_000;
    private const double AccountNotionalLogSigma = 1.3;
    private const double EntryPriceLogSigma = 0.04;

    private static readonly double[] ExpiryWeights = [0.15, 0.3, 0.3, 0.15, 0.1];
    private static readonly double[] ProfileWeights = [0.25, 0.10, 0.15, 0.15, 0.20, 0.15];

    /// <summary>Target status shares: healthy, restricted, margin-call, liquidatable.</summary>
    private static readonly double[] CoverWeights = [0.72, 0.12, 0.08, 0.08];

    /// <summary>Generates <paramref name="accounts"/> accounts. The market must hold at least one
    /// riskless asset (volatility 0, not in <c>params.assets</c>) for stablecoin collateral, and a
    /// quote for every risky asset.</summary>
    /// <exception cref="ArgumentException">No riskless asset in the market, or a risky asset is missing.</exception>
    public static Book Generate(MarketSnapshot market, ParameterSet parameters, int accounts, long seed)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(accounts);
        var context = Context.Create(market, parameters);
        var rng = new SplitMix64(seed);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var list = new Account[accounts];
        for (var i = 0; i < accounts; i++)
        {
            string id;
            do
            {
                id = NewId(rng);
            }
            while (!ids.Add(id));
            list[i] = GenerateAccount(context, rng, id);
        }
        return Book.Create(list);
    }

    private static string NewId(SplitMix64 rng)
    {
        var a = rng.NextUInt64();
        var b = rng.NextUInt64();
        var c = (uint)(rng.NextUInt64() >> 32);
        return string.Create(CultureInfo.InvariantCulture, $"0x{a:x16}{b:x16}{c:x8}");
    }

    private static Account GenerateAccount(Context ctx, SplitMix64 rng, string id)
    {
        var draft = new AccountDraft(ctx);
        var notional = Math.Clamp(MedianAccountNotional * Math.Exp(AccountNotionalLogSigma * rng.NextNormal()), 500, 5_000_000);
        switch (rng.Pick(ProfileWeights))
        {
            case 0:
                Directional(ctx, rng, draft, notional);
                break;
            case 1:
                Basis(ctx, rng, draft, notional);
                break;
            case 2:
                CoveredOrProtected(ctx, rng, draft, notional);
                break;
            case 3:
                VolatilityTrader(ctx, rng, draft, notional);
                break;
            case 4:
                RelativeValue(ctx, rng, draft, notional);
                break;
            default:
                SpotHolder(ctx, rng, draft, notional);
                break;
        }
        return draft.Finish(rng, id);
    }

    /// <summary>2-7 perps on distinct assets, one direction bias, sometimes a long option or two.</summary>
    private static void Directional(Context ctx, SplitMix64 rng, AccountDraft d, double notional)
    {
        var count = rng.Between(2, 7);
        var bias = rng.Chance(0.6) ? 1 : -1;
        var assets = ctx.DistinctAssets(rng, count);
        foreach (var a in assets)
        {
            var sign = rng.Chance(0.8) ? bias : -bias;
            d.Perp(a, sign * notional / count * rng.Uniform(0.5, 1.5), rng);
        }
        var options = rng.Between(0, 3);
        for (var i = 0; i < options; i++)
        {
            var a = assets[rng.NextInt(assets.Length)];
            d.Option(a, bias > 0 ? OptionRight.Call : OptionRight.Put, ctx.Expiry(rng), bias * rng.Between(0, 3), notional * 0.2, rng);
        }
        if (rng.Chance(0.3))
        {
            d.Collateral(ctx.Assets[0], notional * rng.Uniform(0.05, 0.3));
        }
    }

    /// <summary>Cash-and-carry: spot collateral against an equal short perp on 1-3 assets, sometimes an
    /// unhedged perp and a covered call on top.</summary>
    private static void Basis(Context ctx, SplitMix64 rng, AccountDraft d, double notional)
    {
        var assets = ctx.DistinctAssets(rng, rng.Between(2, 4));
        foreach (var a in assets)
        {
            var amount = notional / assets.Length * rng.Uniform(0.7, 1.3);
            var quantity = d.Collateral(a, amount);
            d.PerpQuantity(a, -quantity, rng);
            if (rng.Chance(0.5))
            {
                d.Perp(a, -amount * rng.Uniform(0.05, 0.2), rng);
            }
            if (rng.Chance(0.4))
            {
                d.Option(a, OptionRight.Call, ctx.Expiry(rng), rng.Between(1, 3), -amount * 0.3, rng);
            }
        }
    }

    /// <summary>Spot holdings on 1-2 assets with short calls above spot (covered) or long puts
    /// below it (protective), across two or three expiries.</summary>
    private static void CoveredOrProtected(Context ctx, SplitMix64 rng, AccountDraft d, double notional)
    {
        var assets = ctx.DistinctAssets(rng, rng.Between(1, 2));
        foreach (var a in assets)
        {
            var amount = notional / assets.Length;
            d.Collateral(a, amount);
            var covered = rng.Chance(0.55);
            var legs = rng.Between(2, 4);
            for (var i = 0; i < legs; i++)
            {
                var share = amount / legs * rng.Uniform(0.6, 1.0);
                if (covered)
                {
                    d.Option(a, OptionRight.Call, ctx.Expiry(rng), rng.Between(1, 4), -share, rng);
                }
                else
                {
                    d.Option(a, OptionRight.Put, ctx.Expiry(rng), -rng.Between(1, 4), share, rng);
                }
            }
            if (rng.Chance(0.5))
            {
                d.Perp(a, notional * rng.Uniform(-0.3, 0.3), rng);
            }
        }
    }

    /// <summary>Straddles, strangles, vertical spreads and calendars on 1-2 assets, with a perp as
    /// delta hedge.</summary>
    private static void VolatilityTrader(Context ctx, SplitMix64 rng, AccountDraft d, double notional)
    {
        var assets = ctx.DistinctAssets(rng, rng.Between(1, 2));
        foreach (var a in assets)
        {
            var size = notional / assets.Length * rng.Uniform(0.3, 0.8);
            var sign = rng.Chance(0.5) ? 1 : -1;
            var expiry = ctx.Expiry(rng);
            switch (rng.NextInt(4))
            {
                case 0: // straddle
                    d.Option(a, OptionRight.Call, expiry, 0, sign * size, rng);
                    d.Option(a, OptionRight.Put, expiry, 0, sign * size, rng);
                    break;
                case 1: // strangle
                    var width = rng.Between(1, 3);
                    d.Option(a, OptionRight.Call, expiry, width, sign * size, rng);
                    d.Option(a, OptionRight.Put, expiry, -width, sign * size, rng);
                    break;
                case 2: // vertical spread
                    var right = rng.Chance(0.5) ? OptionRight.Call : OptionRight.Put;
                    var near = rng.Between(-2, 2);
                    var far = right == OptionRight.Call ? near + rng.Between(1, 2) : near - rng.Between(1, 2);
                    d.Option(a, right, expiry, near, sign * size, rng);
                    d.Option(a, right, expiry, far, -sign * size, rng);
                    break;
                default: // calendar
                    var r = rng.Chance(0.5) ? OptionRight.Call : OptionRight.Put;
                    var k = rng.Between(-1, 1);
                    d.Option(a, r, ListedOptionSeries.StandardExpiryDays[rng.Between(0, 2)], k, -sign * size, rng);
                    d.Option(a, r, ListedOptionSeries.StandardExpiryDays[rng.Between(3, 4)], k, sign * size, rng);
                    break;
            }
            if (rng.Chance(0.7))
            {
                d.Perp(a, size * rng.Uniform(-0.5, 0.5), rng);
            }
        }
    }

    /// <summary>2-6 long/short pairs (4-12 perps), sometimes a few options.</summary>
    private static void RelativeValue(Context ctx, SplitMix64 rng, AccountDraft d, double notional)
    {
        var pairs = rng.Between(2, 6);
        for (var i = 0; i < pairs; i++)
        {
            var two = ctx.DistinctAssets(rng, 2);
            var leg = notional / pairs * rng.Uniform(0.5, 1.5);
            d.Perp(two[0], leg, rng);
            d.Perp(two[1], -leg * rng.Uniform(0.7, 1.3), rng);
        }
        var options = rng.Between(0, 3);
        for (var i = 0; i < options; i++)
        {
            var a = ctx.Asset(rng);
            d.Option(a, rng.Chance(0.5) ? OptionRight.Call : OptionRight.Put, ctx.Expiry(rng), rng.Between(-4, 4),
                notional * rng.Uniform(-0.15, 0.15), rng);
        }
    }

    /// <summary>Spot in 2-4 risky assets, a partial perp hedge and sometimes puts or calls.</summary>
    private static void SpotHolder(Context ctx, SplitMix64 rng, AccountDraft d, double notional)
    {
        var assets = ctx.DistinctAssets(rng, rng.Between(2, 4));
        foreach (var a in assets)
        {
            d.Collateral(a, notional / assets.Length * rng.Uniform(0.5, 1.5));
        }
        var hedges = rng.Between(1, 4);
        for (var i = 0; i < hedges; i++)
        {
            d.Perp(assets[i % assets.Length], -notional / assets.Length * rng.Uniform(0.1, 0.8), rng);
        }
        var options = rng.Between(0, 3);
        for (var i = 0; i < options; i++)
        {
            var a = assets[rng.NextInt(assets.Length)];
            var put = rng.Chance(0.6);
            d.Option(a, put ? OptionRight.Put : OptionRight.Call, ctx.Expiry(rng), put ? -rng.Between(1, 4) : rng.Between(1, 4),
                put ? notional * 0.2 : -notional * 0.2, rng);
        }
    }

    /// <summary>Market and parameters resolved once for a run.</summary>
    private sealed class Context
    {
        private Context(
            MarketSnapshot market, ParameterSet parameters, string[] assets, double[] weights,
            Dictionary<string, ListedOptionSeries> series, string[] stablecoins)
        {
            Market = market;
            Parameters = parameters;
            Assets = assets;
            Weights = weights;
            Series = series;
            Stablecoins = stablecoins;
        }

        public MarketSnapshot Market { get; }
        public ParameterSet Parameters { get; }
        public string[] Assets { get; }
        public double[] Weights { get; }
        public Dictionary<string, ListedOptionSeries> Series { get; }
        public string[] Stablecoins { get; }

        public static Context Create(MarketSnapshot market, ParameterSet parameters)
        {
            var assets = parameters.RiskyAssets.ToArray();
            var missing = assets.Where(a => !market.Contains(a)).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException($"the market has no quote for {string.Join(", ", missing)}", nameof(market));
            }
            var stablecoins = market.Assets.Where(q => q.Volatility == 0 && !parameters.IsRisky(q.Symbol)).Select(q => q.Symbol).ToArray();
            if (stablecoins.Length == 0)
            {
                throw new ArgumentException(
                    "the market needs a riskless asset (volatility 0, not in params.assets) for stablecoin collateral", nameof(market));
            }
            var weights = assets.Select((_, i) => 1.0 / (i + 1)).ToArray();
            var series = assets.ToDictionary(a => a, a => ListedOptionSeries.For(market[a]), StringComparer.Ordinal);
            return new Context(market, parameters, assets, weights, series, stablecoins);
        }

        public string Asset(SplitMix64 rng) => Assets[rng.Pick(Weights)];

        /// <summary>Up to <paramref name="count"/> distinct assets, drawn by weight.</summary>
        public string[] DistinctAssets(SplitMix64 rng, int count)
        {
            count = Math.Min(count, Assets.Length);
            var chosen = new List<string>(count);
            var weights = (double[])Weights.Clone();
            while (chosen.Count < count)
            {
                var i = rng.Pick(weights);
                chosen.Add(Assets[i]);
                weights[i] = 0;
            }
            return chosen.ToArray();
        }

        public double Expiry(SplitMix64 rng) => ListedOptionSeries.StandardExpiryDays[rng.Pick(ExpiryWeights)];
    }

    /// <summary>The account under construction and its rough risk figure.</summary>
    private sealed class AccountDraft(Context ctx)
    {
        private readonly Dictionary<string, double> _collateral = new(StringComparer.Ordinal);
        private readonly List<Position> _positions = [];

        /// <summary>Adds spot collateral worth about <paramref name="usd"/>; returns the quantity added.</summary>
        public double Collateral(string asset, double usd)
        {
            var quantity = Quantity(usd / ctx.Market[asset].Price);
            _collateral[asset] = _collateral.GetValueOrDefault(asset) + quantity;
            return quantity;
        }

        /// <summary>A perp of about <paramref name="signedUsd"/> notional (sign = direction).</summary>
        public void Perp(string asset, double signedUsd, SplitMix64 rng) =>
            PerpQuantity(asset, Quantity(signedUsd / ctx.Market[asset].Price), rng);

        public void PerpQuantity(string asset, double quantity, SplitMix64 rng)
        {
            if (quantity == 0)
            {
                return;
            }
            var spot = ctx.Market[asset].Price;
            var entry = ListedOptionSeries.RoundSignificant(spot * Math.Exp(EntryPriceLogSigma * rng.NextNormal()), 5);
            _positions.Add(new PerpPosition(asset, quantity, entry));
        }

        /// <summary>An option on the listed strike <paramref name="strikeOffset"/> steps from the money,
        /// of about <paramref name="signedUsd"/> underlying notional (sign = long or short).</summary>
        public void Option(string asset, OptionRight right, double expiryDays, int strikeOffset, double signedUsd, SplitMix64 rng)
        {
            var quantity = Quantity(signedUsd / ctx.Market[asset].Price);
            if (quantity == 0)
            {
                return;
            }
            var strike = ctx.Series[asset].Strike(Math.Clamp(strikeOffset, -ListedOptionSeries.StrikesEachSide, ListedOptionSeries.StrikesEachSide));
            _positions.Add(new OptionPosition(asset, right, strike, expiryDays, quantity));
        }

        public Account Finish(SplitMix64 rng, string id)
        {
            var p = ctx.Parameters;
            var risk = RoughRisk();
            var mm = p.MmRatio;
            var lt = p.MmRatio * p.LiquidationRatio;
            var cover = rng.Pick(CoverWeights) switch
            {
                0 => rng.Uniform(1.15, 4.0),
                1 => rng.Uniform(mm + (0.05 * (1 - mm)), 1 - (0.05 * (1 - mm))),
                2 => rng.Uniform(lt + (0.05 * (mm - lt)), mm - (0.05 * (mm - lt))),
                _ => rng.Uniform(0.05 * lt, 0.9 * lt),
            };
            var target = p.ImMultiplier * risk * cover;
            var other = OtherEquity();
            var stable = ctx.Stablecoins[ctx.Stablecoins.Length > 1 && rng.Chance(0.25) ? 1 : 0];
            var cash = Math.Max(0, Math.Round(target - other, 2));
            var collateral = new List<CollateralBalance>();
            if (cash > 0 || _collateral.Count == 0)
            {
                collateral.Add(new CollateralBalance(stable, cash));
            }
            collateral.AddRange(_collateral.Select(c => new CollateralBalance(c.Key, c.Value)));
            return new Account(id, collateral, _positions.ToArray());
        }

        private double OtherEquity()
        {
            var equity = 0.0;
            foreach (var (asset, amount) in _collateral)
            {
                equity += amount * ctx.Market[asset].Price * (1 - ctx.Parameters.HaircutOf(asset));
            }
            foreach (var position in _positions)
            {
                var q = ctx.Market[position.Asset];
                equity += position switch
                {
                    PerpPosition perp => perp.Quantity * (q.Price - perp.EntryPrice),
                    OptionPosition o => o.Quantity * OptionPricer.Value(o.Right, q.Price, q.Volatility, o.Strike, o.ExpiryDays),
                    _ => 0.0,
                };
            }
            return equity;
        }

        /// <summary>A rough grid risk: per unit the worst loss L over the 7 price moves
        /// (i/3) scanRange, i = -3..3, each with vol up / none / down (no extreme moves), its
        /// direction D = (P&amp;L(+scan) - P&amp;L(-scan)) / 2 clamped to [-L, L], then
        /// sqrt(D' rho D) + sum (L - |D|), floored at the short option minimum.</summary>
        private double RoughRisk()
        {
            var p = ctx.Parameters;
            var assets = p.RiskyAssets;
            var direction = new double[assets.Count];
            var residual = 0.0;
            var som = 0.0;
            for (var u = 0; u < assets.Count; u++)
            {
                var asset = assets[u];
                var linear = _collateral.GetValueOrDefault(asset);
                var options = new List<OptionPosition>();
                var touched = _collateral.ContainsKey(asset);
                foreach (var position in _positions.Where(x => x.Asset == asset))
                {
                    touched = true;
                    if (position is OptionPosition o)
                    {
                        options.Add(o);
                        if (o.Quantity < 0)
                        {
                            som += p.ShortOptionMinimum * -o.Quantity * ctx.Market[asset].Price;
                        }
                    }
                    else
                    {
                        linear += position.Quantity;
                    }
                }
                if (!touched)
                {
                    continue;
                }
                var quote = ctx.Market[asset];
                var ap = p.Asset(asset);
                var baseValues = options.Select(o => OptionPricer.Value(o.Right, quote.Price, quote.Volatility, o.Strike, o.ExpiryDays)).ToArray();
                var worst = 0.0;
                double up = 0, down = 0;
                for (var i = -3; i <= 3; i++)
                {
                    var move = i / 3.0 * ap.ScanRange;
                    for (var shock = -1; shock <= 1; shock++)
                    {
                        var pnl = linear * quote.Price * move;
                        for (var k = 0; k < options.Count; k++)
                        {
                            var o = options[k];
                            var sigma = ShockedVol(quote.Volatility, o.ExpiryDays, shock, ap);
                            pnl += o.Quantity * (OptionPricer.Value(o.Right, quote.Price * (1 + move), sigma, o.Strike, o.ExpiryDays) - baseValues[k]);
                        }
                        worst = Math.Max(worst, -pnl);
                        if (shock == 0 && i == 3)
                        {
                            up = pnl;
                        }
                        else if (shock == 0 && i == -3)
                        {
                            down = pnl;
                        }
                    }
                }
                direction[u] = Math.Clamp((up - down) / 2, -worst, worst);
                residual += worst - Math.Abs(direction[u]);
            }
            var quadratic = 0.0;
            for (var a = 0; a < assets.Count; a++)
            {
                for (var b = 0; b < assets.Count; b++)
                {
                    quadratic += p.Correlation[a, b] * direction[a] * direction[b];
                }
            }
            return Math.Max(Math.Sqrt(Math.Max(0, quadratic)) + residual, som);
        }

        private double ShockedVol(double sigma, double expiryDays, int shock, AssetRiskParameters ap)
        {
            var g = ctx.Parameters.Grid;
            var power = expiryDays <= 30 ? g.VegaPowerShort : g.VegaPowerLong;
            var scale = Math.Pow(30 / Math.Max(expiryDays, g.DteFloorDays), power);
            return shock switch
            {
                > 0 => sigma * (1 + (ap.VolUp * scale)),
                < 0 => Math.Max(sigma * (1 - (ap.VolDown * scale)), Math.Min(sigma, g.VolFloor)),
                _ => sigma,
            };
        }

        private static double Quantity(double x) => ListedOptionSeries.RoundSignificant(x, 3);
    }
}
