using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Model;

/// <summary>Price and annualised implied volatility of one asset in a market snapshot.</summary>
public sealed record AssetQuote(string Symbol, double Price, double Volatility);

/// <summary>A validated market snapshot: the valuation date and one quote per asset.
/// The valuation date comes from here, never from a clock.</summary>
public sealed class MarketSnapshot
{
    private readonly Dictionary<string, AssetQuote> _bySymbol;

    private MarketSnapshot(DateOnly asOf, IReadOnlyList<AssetQuote> assets)
    {
        AsOf = asOf;
        Assets = assets;
        _bySymbol = assets.ToDictionary(a => a.Symbol, StringComparer.Ordinal);
    }

    public DateOnly AsOf { get; }

    /// <summary>Quotes in the order they were given.</summary>
    public IReadOnlyList<AssetQuote> Assets { get; }

    public bool Contains(string symbol) => _bySymbol.ContainsKey(symbol);

    public bool TryGet(string symbol, out AssetQuote quote) => _bySymbol.TryGetValue(symbol, out quote!);

    public AssetQuote this[string symbol] =>
        _bySymbol.TryGetValue(symbol, out var q) ? q : throw new KeyNotFoundException($"asset '{symbol}' is not in the market snapshot");

    /// <summary>Validates and creates a snapshot; throws <see cref="InputValidationException"/>
    /// listing every problem (fields named <c>market.assets[i].price</c> and so on).</summary>
    public static MarketSnapshot Create(DateOnly asOf, IEnumerable<AssetQuote> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var list = assets.ToArray();
        var errors = new ValidationErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (list.Length == 0)
        {
            errors.Add("market.assets", "must list at least one asset");
        }
        for (var i = 0; i < list.Length; i++)
        {
            var a = list[i];
            var path = $"market.assets[{i}]";
            if (a is null)
            {
                errors.Add(path, "must be an object");
                continue;
            }
            if (string.IsNullOrWhiteSpace(a.Symbol))
            {
                errors.Add($"{path}.symbol", "must be a non-empty symbol");
            }
            else if (!seen.Add(a.Symbol))
            {
                errors.Add($"{path}.symbol", $"'{a.Symbol}' is listed more than once");
            }
            errors.Positive($"{path}.price", a.Price);
            errors.NonNegative($"{path}.volatility", a.Volatility);
        }
        errors.ThrowIfAny();
        return new MarketSnapshot(asOf, list);
    }
}
