using System.Globalization;
using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.Drafting;

/// <summary>A position row of the what-if editor, as typed.</summary>
public sealed class PositionRow
{
    /// <summary>Underlying asset symbol.</summary>
    public string Asset { get; set; } = "BTC";

    /// <summary>"perp" or "option".</summary>
    public string Kind { get; set; } = "perp";

    /// <summary>"call" or "put" (options).</summary>
    public string Right { get; set; } = "call";

    /// <summary>Strike (options).</summary>
    public string Strike { get; set; } = "";

    /// <summary>Days to expiry (options).</summary>
    public string ExpiryDays { get; set; } = "";

    /// <summary>Signed quantity (negative = short).</summary>
    public string Quantity { get; set; } = "";

    /// <summary>Entry price (perps).</summary>
    public string EntryPrice { get; set; } = "";
}

/// <summary>A collateral row of the what-if editor, as typed.</summary>
public sealed class CollateralRow
{
    /// <summary>Asset symbol.</summary>
    public string Asset { get; set; } = "USDC";

    /// <summary>Amount.</summary>
    public string Amount { get; set; } = "";
}

/// <summary>A proposal whose set may be compared (Active, Succeeded or Queued parameter proposals).</summary>
/// <param name="Id">Proposal id.</param>
/// <param name="Title">Title.</param>
/// <param name="State">State.</param>
public sealed record WhatIfProposalOption(Hash32 Id, string Title, ProposalState State);

/// <summary>One account under both sets.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Current">Margin under the ratified set.</param>
/// <param name="Proposed">Margin under the proposal's set (null when no proposal was chosen).</param>
public sealed record WhatIfAccount(string Id, AccountMargin Current, AccountMargin? Proposed)
{
    /// <summary>Each position's contribution to the account's IM under the ratified set, in the order given (empty when
    /// not computed: see <see cref="WhatIfCalculator.MaxDetailedPositions"/>).</summary>
    public IReadOnlyList<PositionContribution> Contributions { get; init; } = [];

    /// <summary>Per asset the account holds (position or collateral): the price at which it becomes liquidatable under the
    /// ratified set, that asset's price alone moving (empty when not computed).</summary>
    public IReadOnlyList<LiquidationPrice> LiquidationPrices { get; init; } = [];
}

/// <summary>One position's contribution to its account's initial margin: IM with every position minus IM without this one.</summary>
/// <param name="Index">Position index in the account.</param>
/// <param name="Description">"BTC perp -2", "ETH call 3000 30d ×5".</param>
/// <param name="Contribution">IM(all) − IM(all but this one), USD; negative when the position hedges the others.</param>
public sealed record PositionContribution(int Index, string Description, double Contribution);

/// <summary>Where an asset's price makes the account liquidatable, the other prices unchanged.</summary>
/// <param name="Asset">Asset symbol.</param>
/// <param name="Mark">Its mark price now.</param>
/// <param name="Below">The highest price below the mark at which the account is liquidatable (null: none down to 1 % of the mark).</param>
/// <param name="Above">The lowest price above the mark at which the account is liquidatable (null: none up to 10× the mark).</param>
/// <param name="AlreadyLiquidatable">True when it is liquidatable at the mark.</param>
public sealed record LiquidationPrice(string Asset, double Mark, double? Below, double? Above, bool AlreadyLiquidatable);

/// <summary>The what-if result.</summary>
/// <param name="RatifiedVersion">Version of the ratified set.</param>
/// <param name="Proposal">The proposal compared with, or null.</param>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Accounts">Accounts in the order given.</param>
public sealed record WhatIfComparison(long RatifiedVersion, WhatIfProposalOption? Proposal, DateOnly AsOf, IReadOnlyList<WhatIfAccount> Accounts)
{
    /// <summary>The mark prices (and volatilities) of the assets the accounts hold, from the market snapshot.</summary>
    public IReadOnlyList<AssetQuote> MarkPrices { get; init; } = [];

    /// <summary>True when the accounts beyond the first <see cref="WhatIfCalculator.MaxDetailedAccounts"/> (or with more than
    /// <see cref="WhatIfCalculator.MaxDetailedPositions"/> positions) have no contributions or liquidation prices.</summary>
    public bool DetailsCut { get; init; }
}

/// <summary>
/// What-if margins for anyone: positions typed in or pasted as book.json (a whole book, an array
/// of accounts or one account) margined under the ratified set and under a proposal's set, on the
/// current market snapshot. Every parse error names its field.
/// </summary>
public sealed class WhatIfCalculator(GovernanceService committee, IProposalRepository proposals, IBookStore books)
{
    /// <summary>The id given to a typed-in account.</summary>
    public const string TypedAccountId = "what-if";

    /// <summary>The largest magnitude accepted for an amount, a quantity, a price, a strike or an expiry (absurd values such
    /// as 1e308 are refused, naming the field).</summary>
    public const double MaxMagnitude = 1e12;

    /// <summary>Accounts that get contributions and liquidation prices (the first ones of a pasted book).</summary>
    public const int MaxDetailedAccounts = 20;

    /// <summary>Positions per account above which the per-position contributions are not computed.</summary>
    public const int MaxDetailedPositions = 50;

    /// <summary>States whose parameter sets can be compared.</summary>
    public static IReadOnlyList<ProposalState> ComparableStates { get; } = [ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued];

    /// <summary>Parameter proposals in <see cref="ComparableStates"/>, newest first.</summary>
    public async Task<IReadOnlyList<WhatIfProposalOption>> ProposalsAsync(CancellationToken cancellationToken)
    {
        var list = new List<WhatIfProposalOption>();
        foreach (var state in ComparableStates)
        {
            list.AddRange((await proposals.ListAsync(state, cancellationToken))
                .Where(p => p.Kind == ProposalKind.Parameters && p.ParamsJson is not null)
                .Select(p => new WhatIfProposalOption(p.Id, p.Title, p.State)));
        }

        return list;
    }

    /// <summary>Symbols of the current market snapshot (for the editor's asset choices).</summary>
    public async Task<IReadOnlyList<string>> MarketAssetsAsync(CancellationToken cancellationToken)
    {
        var snapshot = await books.GetCurrentAsync(cancellationToken);
        return snapshot is null ? [] : snapshot.Market.Assets.Select(a => a.Symbol).ToArray();
    }

    /// <summary>
    /// Reads pasted JSON: a book (<c>{"accounts": [...]}</c>), an array of accounts or one account.
    /// Throws <see cref="InputValidationException"/> naming every bad field (<c>book.accounts[0].positions[1].strike</c>).
    /// </summary>
    public static Book ParseJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputValidationException("book", "paste a book.json, an array of accounts or one account");
        }

        var json = text.Trim();
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                json = $"{{\"accounts\":{json}}}";
            }
            else if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("accounts", out _))
            {
                json = $"{{\"accounts\":[{json}]}}";
            }
        }
        catch (JsonException)
        {
            // BookJson names the malformed input itself.
        }

        var book = BookJson.Read(json);
        CheckMagnitudes(book);
        return book;
    }

    /// <summary>Refuses absurd magnitudes in a parsed book, naming each field (<c>book.accounts[0].collateral.USDC</c>).</summary>
    public static void CheckMagnitudes(Book book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var e = new ValidationErrors();
        for (var i = 0; i < book.Accounts.Count; i++)
        {
            var account = book.Accounts[i];
            foreach (var c in account.Collateral)
            {
                Magnitude(e, $"book.accounts[{i}].collateral.{c.Asset}", c.Amount);
            }

            for (var k = 0; k < account.Positions.Count; k++)
            {
                var path = $"book.accounts[{i}].positions[{k}]";
                var position = account.Positions[k];
                Magnitude(e, $"{path}.quantity", position.Quantity);
                switch (position)
                {
                    case PerpPosition perp:
                        Magnitude(e, $"{path}.entryPrice", perp.EntryPrice);
                        break;
                    case OptionPosition option:
                        Magnitude(e, $"{path}.strike", option.Strike);
                        Magnitude(e, $"{path}.expiryDays", option.ExpiryDays);
                        break;
                }
            }
        }

        e.ThrowIfAny();
    }

    private static void Magnitude(ValidationErrors e, string field, double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxMagnitude)
        {
            e.Add(field, string.Create(CultureInfo.InvariantCulture, $"{value:G6} is too large: at most {MaxMagnitude:#,##0} in absolute value"));
        }
    }

    /// <summary>
    /// Builds a one-account book from the editor's rows. Throws <see cref="InputValidationException"/>
    /// naming every bad field (<c>positions[0].strike</c>, <c>collateral[1].amount</c>).
    /// </summary>
    public static Book FromRows(IReadOnlyList<CollateralRow> collateral, IReadOnlyList<PositionRow> positions)
    {
        ArgumentNullException.ThrowIfNull(collateral);
        ArgumentNullException.ThrowIfNull(positions);
        var e = new ValidationErrors();
        var balances = new List<CollateralBalance>();
        for (var i = 0; i < collateral.Count; i++)
        {
            var row = collateral[i];
            var path = $"collateral[{i}]";
            if (string.IsNullOrWhiteSpace(row.Asset))
            {
                e.Add($"{path}.asset", "is required");
            }

            if (Number(e, $"{path}.amount", row.Amount) is { } amount && !string.IsNullOrWhiteSpace(row.Asset))
            {
                balances.Add(new CollateralBalance(row.Asset.Trim(), amount));
            }
        }

        var list = new List<Position>();
        for (var i = 0; i < positions.Count; i++)
        {
            var row = positions[i];
            var path = $"positions[{i}]";
            if (string.IsNullOrWhiteSpace(row.Asset))
            {
                e.Add($"{path}.asset", "is required");
            }

            var quantity = Number(e, $"{path}.quantity", row.Quantity);
            switch (row.Kind)
            {
                case "perp":
                    var entry = Number(e, $"{path}.entryPrice", row.EntryPrice);
                    if (quantity is { } q && entry is { } p && !string.IsNullOrWhiteSpace(row.Asset))
                    {
                        list.Add(new PerpPosition(row.Asset.Trim(), q, p));
                    }

                    break;
                case "option":
                    var right = row.Right switch
                    {
                        "call" => OptionRight.Call,
                        "put" => OptionRight.Put,
                        _ => (OptionRight?)null,
                    };
                    if (right is null)
                    {
                        e.Add($"{path}.right", "must be call or put");
                    }

                    var strike = Number(e, $"{path}.strike", row.Strike);
                    var expiry = Number(e, $"{path}.expiryDays", row.ExpiryDays);
                    if (quantity is { } oq && strike is { } k && expiry is { } d && right is { } r && !string.IsNullOrWhiteSpace(row.Asset))
                    {
                        list.Add(new OptionPosition(row.Asset.Trim(), r, k, d, oq));
                    }

                    break;
                default:
                    e.Add($"{path}.type", "must be perp or option");
                    break;
            }
        }

        e.ThrowIfAny();
        return Book.Create([new Account(TypedAccountId, balances, list)]);
    }

    /// <summary>
    /// Margins <paramref name="book"/> under the ratified set and, when <paramref name="proposalId"/>
    /// is given, under that proposal's set, on the current market snapshot.
    /// </summary>
    public async Task<WhatIfComparison> CompareAsync(Book book, Hash32? proposalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        var ratified = await committee.GetInForceAsync(cancellationToken)
                       ?? throw new InputValidationException("ratified", "there is no ratified parameter set yet");
        var snapshot = await books.GetCurrentAsync(cancellationToken)
                       ?? throw new InputValidationException("market", "there is no current market snapshot");
        WhatIfProposalOption? option = null;
        ParameterSet? proposedSet = null;
        if (proposalId is { } id)
        {
            var proposal = await proposals.GetAsync(id, cancellationToken);
            if (proposal is null || proposal.ParamsJson is null || !ComparableStates.Contains(proposal.State))
            {
                throw new InputValidationException("proposal", "choose an Active, Succeeded or Queued parameter proposal");
            }

            option = new WhatIfProposalOption(proposal.Id, proposal.Title, proposal.State);
            proposedSet = ParameterSetJson.Read(proposal.ParamsJson);
        }

        var market = snapshot.Market;
        var current = ParameterSetJson.Read(ratified.ParamsJson);
        var (before, after, details) = await Task.Run(() =>
        {
            var engine = new MarginEngine(new MarginEngineOptions(1));
            var inputs = MarginInputs.Create(market, current, book);
            var b = engine.Margin(inputs, null, cancellationToken);
            var a = proposedSet is null ? null : engine.Margin(inputs.WithParameters(proposedSet), null, cancellationToken);
            var d = book.Accounts.Take(MaxDetailedAccounts)
                .Select((account, i) => Details(engine, market, current, account, b.Accounts[i], cancellationToken)).ToArray();
            return (b, a, d);
        }, cancellationToken);
        var accounts = before.Accounts.Select((m, i) => new WhatIfAccount(m.Id, m, after?.Accounts[i])
        {
            Contributions = i < details.Length ? details[i].Contributions : [],
            LiquidationPrices = i < details.Length ? details[i].Liquidation : [],
        }).ToArray();
        var held = book.Accounts.SelectMany(a => a.Positions.Select(p => p.Asset).Concat(a.Collateral.Select(c => c.Asset))).ToHashSet(StringComparer.Ordinal);
        return new WhatIfComparison(ratified.Version, option, snapshot.AsOf, accounts)
        {
            MarkPrices = [.. market.Assets.Where(q => held.Contains(q.Symbol))],
            DetailsCut = book.Accounts.Count > MaxDetailedAccounts || book.Accounts.Take(MaxDetailedAccounts).Any(a => a.Positions.Count > MaxDetailedPositions),
        };
    }

    /// <summary>A position in words: "BTC perp −2 @ 19,000", "ETH call 3000 30d ×5".</summary>
    public static string Describe(Position position) => position switch
    {
        PerpPosition p => string.Create(CultureInfo.InvariantCulture, $"{p.Asset} perp {p.Quantity:0.########} @ {p.EntryPrice:#,##0.########}"),
        OptionPosition o => string.Create(CultureInfo.InvariantCulture,
            $"{o.Asset} {(o.Right == OptionRight.Call ? "call" : "put")} {o.Strike:#,##0.########} {o.ExpiryDays:0.##}d ×{o.Quantity:0.########}"),
        _ => position.Asset,
    };

    private static (IReadOnlyList<PositionContribution> Contributions, IReadOnlyList<LiquidationPrice> Liquidation) Details(
        MarginEngine engine, MarketSnapshot market, ParameterSet parameters, Account account, AccountMargin margin, CancellationToken ct)
    {
        var contributions = new List<PositionContribution>();
        if (account.Positions.Count <= MaxDetailedPositions && account.Positions.Count > 0)
        {
            // One engine run over the account without each of its positions in turn.
            var without = account.Positions.Select((_, k) => new Account(
                string.Create(CultureInfo.InvariantCulture, $"{account.Id}#{k}"), account.Collateral,
                [.. account.Positions.Where((_, j) => j != k)])).ToArray();
            var result = engine.Margin(MarginInputs.Create(market, parameters, Book.Create(without)), null, ct);
            contributions.AddRange(account.Positions.Select((p, k) =>
                new PositionContribution(k, Describe(p), margin.InitialMargin - result.Accounts[k].InitialMargin)));
        }

        var assets = account.Positions.Select(p => p.Asset).Concat(account.Collateral.Select(c => c.Asset))
            .Distinct(StringComparer.Ordinal).Where(market.Contains).ToArray();
        var single = Book.Create([account]);
        var liquidation = new List<LiquidationPrice>();
        foreach (var asset in assets)
        {
            var mark = market[asset].Price;
            bool Liquidatable(double price)
            {
                var moved = MarketSnapshot.Create(market.AsOf, market.Assets.Select(q => q.Symbol == asset ? q with { Price = price } : q));
                return engine.Margin(MarginInputs.Create(moved, parameters, single), null, ct).Accounts[0].Status == MarginStatus.Liquidatable;
            }

            if (margin.Status == MarginStatus.Liquidatable)
            {
                liquidation.Add(new LiquidationPrice(asset, mark, null, null, AlreadyLiquidatable: true));
                continue;
            }

            liquidation.Add(new LiquidationPrice(asset, mark, Search(Liquidatable, mark, 0.01), Search(Liquidatable, mark, 10), AlreadyLiquidatable: false));
        }

        return (contributions, liquidation);
    }

    /// <summary>The price nearest the mark, towards mark × <paramref name="limit"/>, at which <paramref name="liquidatable"/>
    /// holds: geometric steps to the first liquidatable price, then bisection to 1e-6 relative; null when none.</summary>
    private static double? Search(Func<double, bool> liquidatable, double mark, double limit)
    {
        const int Steps = 40;
        var ratio = Math.Pow(limit, 1.0 / Steps);
        var safe = mark;
        for (var i = 1; i <= Steps; i++)
        {
            var price = mark * Math.Pow(ratio, i);
            if (liquidatable(price))
            {
                var bad = price;
                for (var j = 0; j < 40 && Math.Abs(bad - safe) > 1e-6 * mark; j++)
                {
                    var mid = (bad + safe) / 2;
                    if (liquidatable(mid))
                    {
                        bad = mid;
                    }
                    else
                    {
                        safe = mid;
                    }
                }

                return bad;
            }

            safe = price;
        }

        return null;
    }

    private static double? Number(ValidationErrors e, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            e.Add(field, "is required");
            return null;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            e.Add(field, $"'{text.Trim()}' is not a number (use a dot for decimals)");
            return null;
        }

        if (Math.Abs(v) > MaxMagnitude)
        {
            Magnitude(e, field, v);
            return null;
        }

        return v;
    }
}
