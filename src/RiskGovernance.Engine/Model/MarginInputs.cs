using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Model;

/// <summary>A market snapshot, a parameter set, a book and (for the historical method) a price
/// history, checked against one another: every asset a book or a position names is in the
/// market; every underlying is risky; collateral in a volatile asset has risk parameters; every
/// key of params.assets is in the market. Nothing is computed on inputs that fail.</summary>
public sealed class MarginInputs
{
    private MarginInputs(MarketSnapshot market, ParameterSet parameters, Book book, PriceHistory? history)
    {
        Market = market;
        Parameters = parameters;
        Book = book;
        History = history;
    }

    public MarketSnapshot Market { get; }

    public ParameterSet Parameters { get; }

    public Book Book { get; }

    public PriceHistory? History { get; }

    public static MarginInputs Create(MarketSnapshot market, ParameterSet parameters, Book book, PriceHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(book);
        var e = new ValidationErrors();
        CheckParametersAgainstMarket(e, market, parameters);
        CheckBook(e, market, parameters, book);
        if (parameters.Method == MarginMethod.Historical && history is null)
        {
            e.Add("history", "is required for method historical (--history FILE)");
        }
        e.ThrowIfAny();
        return new MarginInputs(market, parameters, book, history);
    }

    /// <summary>The same book and market under another parameter set (validated the same way).</summary>
    public MarginInputs WithParameters(ParameterSet parameters) => Create(Market, parameters, Book, History);

    internal static void CheckParametersAgainstMarket(ValidationErrors e, MarketSnapshot market, ParameterSet parameters)
    {
        foreach (var entry in parameters.AssetEntries.Where(entry => !market.Contains(entry.Symbol)))
        {
            e.Add($"params.assets.{entry.Symbol}", $"'{entry.Symbol}' is not in the market snapshot");
        }
    }

    private static void CheckBook(ValidationErrors e, MarketSnapshot market, ParameterSet parameters, Book book)
    {
        // Paths are built only for a problem: a large valid book allocates nothing here.
        for (var i = 0; i < book.Accounts.Count; i++)
        {
            var account = book.Accounts[i];
            foreach (var c in account.Collateral)
            {
                if (!market.TryGet(c.Asset, out var quote))
                {
                    e.Add($"book.accounts[{i}].collateral.{c.Asset}", $"asset '{c.Asset}' is not in the market snapshot");
                }
                else if (quote.Volatility > 0 && !parameters.IsRisky(c.Asset))
                {
                    e.Add($"book.accounts[{i}].collateral.{c.Asset}",
                        $"asset '{c.Asset}' has market volatility {quote.Volatility:R} but no entry in params.assets " +
                        "(a volatile asset is never riskless collateral)");
                }
            }
            for (var j = 0; j < account.Positions.Count; j++)
            {
                var p = account.Positions[j];
                if (!market.Contains(p.Asset))
                {
                    e.Add($"book.accounts[{i}].positions[{j}].asset", $"asset '{p.Asset}' is not in the market snapshot");
                }
                else if (!parameters.IsRisky(p.Asset))
                {
                    e.Add($"book.accounts[{i}].positions[{j}].asset",
                        $"underlying '{p.Asset}' has no entry in params.assets (positions need a risky underlying)");
                }
            }
        }
    }
}
