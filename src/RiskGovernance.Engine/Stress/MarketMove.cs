using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Stress;

/// <summary>Where the volatility move of an asset comes from.</summary>
public enum VolatilitySource
{
    /// <summary>The asset's own DVOL index: DVOL(End) / DVOL(Start - 1).</summary>
    Dvol,

    /// <summary>BTC's DVOL ratio, applied to an asset without a DVOL index of its own.</summary>
    BtcDvol,

    /// <summary>No DVOL over the window (before 2021-03-24): the ratio of the asset's own EWMA
    /// volatility (from closes) at End to that at Start - 1.</summary>
    Ewma,
}

/// <summary>The move of one asset over the window.</summary>
/// <param name="Asset">The symbol.</param>
/// <param name="CloseBefore">The close on Start - 1.</param>
/// <param name="CloseAfter">The close on End.</param>
/// <param name="Return">CloseAfter / CloseBefore - 1, applied to the snapshot price.</param>
/// <param name="VolatilityMultiplier">Multiplier of the snapshot volatility.</param>
/// <param name="VolatilitySource">Where the multiplier comes from.</param>
/// <param name="Proxy">The asset whose move stands in for this one when it has no closes over the
/// window (its return scaled by the ratio of the snapshot volatilities, its volatility multiplier
/// as is); null when the asset's own closes are used. Closes are then the proxy's.</param>
public sealed record AssetMove(
    string Asset, double CloseBefore, double CloseAfter, double Return, double VolatilityMultiplier, VolatilitySource VolatilitySource,
    string? Proxy = null);

/// <summary>The replayed move of a historical window: per risky asset a price return and a
/// volatility multiplier. Riskless assets never move.</summary>
public sealed class MarketMove
{
    private readonly Dictionary<string, AssetMove> _byAsset;

    private MarketMove(StressWindow window, IReadOnlyList<AssetMove> assets)
    {
        Window = window;
        Assets = assets;
        _byAsset = assets.ToDictionary(a => a.Asset, StringComparer.Ordinal);
    }

    /// <summary>The asset that stands in for an asset without closes over the window.</summary>
    public const string ProxyAsset = "BTC";

    /// <summary>The window replayed.</summary>
    public StressWindow Window { get; }

    /// <summary>Moves in the order of the assets asked for.</summary>
    public IReadOnlyList<AssetMove> Assets { get; }

    /// <summary>Builds the move from daily closes and the DVOL index (percent). Every asset needs a close
    /// on Start - 1 and on End (error <c>history.ASSET</c>); the volatility multiplier is the asset's
    /// DVOL ratio, else BTC's DVOL ratio, else its own EWMA volatility ratio (<paramref name="lambda"/>,
    /// 90 days), else 1 when even that cannot be estimated.</summary>
    /// <param name="window">The window replayed.</param>
    /// <param name="assets">The assets to move.</param>
    /// <param name="closes">Daily closes.</param>
    /// <param name="dvol">The DVOL index, if any.</param>
    /// <param name="lambda">EWMA decay of the fallback volatility ratio.</param>
    /// <param name="proxy">With a snapshot: an asset without closes over the window (not listed yet)
    /// takes <see cref="ProxyAsset"/>'s return times sigma_asset / sigma_proxy of the snapshot
    /// (floored at -99 %) and its volatility multiplier, instead of being an error.</param>
    public static MarketMove FromHistory(
        StressWindow window, IReadOnlyList<string> assets, PriceHistory closes, PriceHistory? dvol, double lambda = EwmaEstimator.DefaultLambda,
        MarketSnapshot? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(closes);
        var e = new ValidationErrors();
        EwmaEstimator.CheckLambda(e, "lambda", lambda);
        e.ThrowIfAny();
        double? DvolRatio(string asset) =>
            dvol is not null && dvol.TryGetClose(asset, window.BaseDate, out var before) && dvol.TryGetClose(asset, window.End, out var after)
                ? after / before
                : null;
        var btc = DvolRatio("BTC");
        var moves = new List<AssetMove>();
        foreach (var asset in assets)
        {
            var hasBefore = closes.TryGetClose(asset, window.BaseDate, out var before);
            var hasAfter = closes.TryGetClose(asset, window.End, out var after);
            if ((!hasBefore || !hasAfter) && proxy is not null && asset != ProxyAsset
                && closes.TryGetClose(ProxyAsset, window.BaseDate, out var proxyBefore) && closes.TryGetClose(ProxyAsset, window.End, out var proxyAfter)
                && proxy.TryGet(asset, out var quote) && proxy.TryGet(ProxyAsset, out var proxyQuote) && proxyQuote.Volatility > 0)
            {
                var proxyMove = FromHistory(window, [ProxyAsset], closes, dvol, lambda).Assets[0];
                var beta = quote.Volatility / proxyQuote.Volatility;
                moves.Add(new AssetMove(asset, proxyBefore, proxyAfter, Math.Max(-0.99, proxyMove.Return * beta), proxyMove.VolatilityMultiplier,
                    proxyMove.VolatilitySource, ProxyAsset));
                continue;
            }
            if (!hasBefore || !hasAfter)
            {
                e.Add($"history.{asset}",
                    $"has no close on {(hasBefore ? window.End : window.BaseDate):yyyy-MM-dd}, needed to replay {window.Name} " +
                    $"{window.Start:yyyy-MM-dd}..{window.End:yyyy-MM-dd}");
                continue;
            }
            double multiplier;
            VolatilitySource source;
            if (DvolRatio(asset) is { } own)
            {
                (multiplier, source) = (own, VolatilitySource.Dvol);
            }
            else if (btc is { } b)
            {
                (multiplier, source) = (b, VolatilitySource.BtcDvol);
            }
            else
            {
                var v0 = EwmaEstimator.Volatility(closes, asset, window.BaseDate, lambda, 90);
                var v1 = EwmaEstimator.Volatility(closes, asset, window.End, lambda, 90);
                multiplier = v0 is { } x && v1 is { } y ? y / x : 1.0;
                source = VolatilitySource.Ewma;
            }
            moves.Add(new AssetMove(asset, before, after, (after / before) - 1, multiplier, source));
        }
        e.ThrowIfAny();
        return new MarketMove(window, moves);
    }

    /// <summary>A move given directly (tests, what-if): returns and volatility multipliers per asset.</summary>
    public static MarketMove Create(StressWindow window, IEnumerable<AssetMove> assets)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(assets);
        var list = assets.ToArray();
        var e = new ValidationErrors();
        foreach (var m in list)
        {
            if (e.Finite($"move.{m.Asset}.return", m.Return) && !(m.Return > -1))
            {
                e.Add($"move.{m.Asset}.return", "must be > -1 (a price stays positive)");
            }
            e.NonNegative($"move.{m.Asset}.volatilityMultiplier", m.VolatilityMultiplier);
        }
        e.ThrowIfAny();
        return new MarketMove(window, list);
    }

    /// <summary>The move of an asset, if it has one.</summary>
    public bool TryGet(string asset, out AssetMove move) => _byAsset.TryGetValue(asset, out move!);

    /// <summary>The snapshot after the move: price S (1 + return), volatility sigma * multiplier,
    /// dated <see cref="StressWindow.End"/>; assets without a move are unchanged.</summary>
    public MarketSnapshot Apply(MarketSnapshot market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var quotes = market.Assets.Select(q => TryGet(q.Symbol, out var m)
            ? q with { Price = q.Price * (1 + m.Return), Volatility = q.Volatility * m.VolatilityMultiplier }
            : q);
        return MarketSnapshot.Create(market.AsOf.AddDays(Window.Days), quotes);
    }
}
