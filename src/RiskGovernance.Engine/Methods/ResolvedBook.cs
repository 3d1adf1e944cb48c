using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Methods;

/// <summary>A distinct option contract: (underlying, right, strike, expiry). Every calculator values
/// a contract once per scenario, however many positions hold it.</summary>
internal readonly record struct OptionContract(int Asset, OptionRight Right, double Strike, double ExpiryDays);

/// <summary>One item of the isolated baseline (METHODOLOGY section 7): a derivative position or a
/// risky collateral balance margined alone. <see cref="Index"/> is a risky-asset index for a linear
/// item and a contract index for an option.</summary>
internal readonly record struct IsolatedItem(bool IsOption, int Index, double Quantity, double ShortOptionMinimum);

/// <summary>An account resolved against the market and the parameter set: risk units in the order
/// of <c>params.correlation.assets</c>, the linear quantity of each unit (collateral plus perps),
/// its option holdings aggregated per distinct contract, and its isolated items.</summary>
internal sealed class ResolvedAccount
{
    public required string Id { get; init; }

    /// <summary>Equity, METHODOLOGY section 2.</summary>
    public required double Equity { get; init; }

    /// <summary>SOM = shortOptionMinimum * sum over short options of |q| S (before imMultiplier).</summary>
    public required double ShortOptionMinimum { get; init; }

    /// <summary>Risky-asset indexes of the units the account touches, ascending.</summary>
    public required int[] Units { get; init; }

    /// <summary>Per unit: collateral amount plus the sum of perp quantities.</summary>
    public required double[] UnitLinear { get; init; }

    /// <summary>Per unit u, its options are <c>OptionContracts[UnitOptionStart[u]..UnitOptionStart[u+1]]</c>.</summary>
    public required int[] UnitOptionStart { get; init; }

    public required int[] OptionContracts { get; init; }

    public required double[] OptionQuantities { get; init; }

    public required IsolatedItem[] Items { get; init; }

    public bool UnitHasOptions(int unit) => UnitOptionStart[unit + 1] > UnitOptionStart[unit];
}

/// <summary>The book resolved once per parameter set: risky assets indexed in correlation order,
/// distinct option contracts indexed, per-account equity and structure precomputed.</summary>
internal sealed class ResolvedBook
{
    private ResolvedBook(
        string[] assets, double[] spot, double[] vol, OptionContract[] contracts, double[] contractValues, ResolvedAccount[] accounts)
    {
        Assets = assets;
        Spot = spot;
        Vol = vol;
        Contracts = contracts;
        ContractValues = contractValues;
        Accounts = accounts;
    }

    /// <summary>Risky assets in the order of <c>params.correlation.assets</c>.</summary>
    public string[] Assets { get; }

    public double[] Spot { get; }

    public double[] Vol { get; }

    public OptionContract[] Contracts { get; }

    /// <summary>V(S, sigma, K, T) of each contract at the snapshot.</summary>
    public double[] ContractValues { get; }

    public ResolvedAccount[] Accounts { get; }

    public static ResolvedBook Create(MarginInputs inputs)
    {
        var parameters = inputs.Parameters;
        var market = inputs.Market;
        var assets = parameters.RiskyAssets.ToArray();
        var assetIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < assets.Length; i++)
        {
            assetIndex[assets[i]] = i;
        }
        var spot = assets.Select(a => market[a].Price).ToArray();
        var vol = assets.Select(a => market[a].Volatility).ToArray();

        var contractIndex = new Dictionary<OptionContract, int>();
        var contracts = new List<OptionContract>();
        var contractValues = new List<double>();
        int ContractOf(OptionPosition o)
        {
            var key = new OptionContract(assetIndex[o.Asset], o.Right, o.Strike, o.ExpiryDays);
            if (!contractIndex.TryGetValue(key, out var index))
            {
                index = contracts.Count;
                contractIndex[key] = index;
                contracts.Add(key);
                contractValues.Add(OptionPricer.Value(key.Right, spot[key.Asset], vol[key.Asset], key.Strike, key.ExpiryDays));
            }
            return index;
        }

        var collateralTerms = new Dictionary<string, (double Price, double Haircut)>(StringComparer.Ordinal);
        foreach (var quote in market.Assets)
        {
            collateralTerms[quote.Symbol] = (quote.Price, parameters.HaircutOf(quote.Symbol));
        }
        var scratch = new AccountScratch(assets.Length);
        var accounts = new ResolvedAccount[inputs.Book.Accounts.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = ResolveAccount(inputs.Book.Accounts[i], i + 1, parameters.ShortOptionMinimum, collateralTerms, assetIndex, spot,
                ContractOf, contractValues, scratch);
        }
        return new ResolvedBook(assets, spot, vol, contracts.ToArray(), contractValues.ToArray(), accounts);
    }

    private static ResolvedAccount ResolveAccount(
        Account account,
        int stamp,
        double shortOptionMinimum,
        Dictionary<string, (double Price, double Haircut)> collateralTerms,
        Dictionary<string, int> assetIndex,
        double[] spot,
        Func<OptionPosition, int> contractOf,
        List<double> contractValues,
        AccountScratch scratch)
    {
        var touched = scratch.Touched;
        var linear = scratch.Linear;
        var options = scratch.Options;
        options.Clear();
        var items = new IsolatedItem[account.Positions.Count + account.Collateral.Count];
        var itemCount = 0;
        var unitCount = 0;
        double equity = 0, som = 0;

        void Touch(int a)
        {
            if (touched[a] != stamp)
            {
                touched[a] = stamp;
                linear[a] = 0;
                unitCount++;
            }
        }

        foreach (var c in account.Collateral)
        {
            var (price, haircut) = collateralTerms[c.Asset];
            equity += c.Amount * price * (1 - haircut);
            if (assetIndex.TryGetValue(c.Asset, out var a))
            {
                Touch(a);
                linear[a] += c.Amount;
                items[itemCount++] = new IsolatedItem(false, a, c.Amount, 0);
            }
        }
        foreach (var p in account.Positions)
        {
            var a = assetIndex[p.Asset];
            Touch(a);
            switch (p)
            {
                case PerpPosition perp:
                    equity += perp.Quantity * (spot[a] - perp.EntryPrice);
                    linear[a] += perp.Quantity;
                    items[itemCount++] = new IsolatedItem(false, a, perp.Quantity, 0);
                    break;
                case OptionPosition option:
                    var k = contractOf(option);
                    equity += option.Quantity * contractValues[k];
                    var shortSize = option.Quantity < 0 ? -option.Quantity * spot[a] : 0.0;
                    som += shortSize;
                    var at = options.FindIndex(x => x.Contract == k);
                    if (at < 0)
                    {
                        options.Add((a, k, option.Quantity));
                    }
                    else
                    {
                        options[at] = (a, k, options[at].Quantity + option.Quantity);
                    }
                    items[itemCount++] = new IsolatedItem(true, k, option.Quantity, shortOptionMinimum * shortSize);
                    break;
                default:
                    throw new ArgumentException($"unknown position type {p.GetType().Name}", nameof(account));
            }
        }

        var units = new int[unitCount];
        var unitLinear = new double[unitCount];
        var start = new int[unitCount + 1];
        var optionContracts = new int[options.Count];
        var optionQuantities = new double[options.Count];
        var u = 0;
        var o = 0;
        for (var a = 0; a < touched.Length; a++)
        {
            if (touched[a] != stamp)
            {
                continue;
            }
            units[u] = a;
            unitLinear[u] = linear[a];
            start[u] = o;
            foreach (var (asset, contract, quantity) in options)
            {
                if (asset == a)
                {
                    optionContracts[o] = contract;
                    optionQuantities[o] = quantity;
                    o++;
                }
            }
            u++;
        }
        start[unitCount] = o;

        return new ResolvedAccount
        {
            Id = account.Id,
            Equity = equity,
            ShortOptionMinimum = shortOptionMinimum * som,
            Units = units,
            UnitLinear = unitLinear,
            UnitOptionStart = start,
            OptionContracts = optionContracts,
            OptionQuantities = optionQuantities,
            Items = itemCount == items.Length ? items : items[..itemCount],
        };
    }

    /// <summary>Per-asset scratch reused from one account to the next (stamped by account, never cleared).</summary>
    private sealed class AccountScratch(int assets)
    {
        public int[] Touched { get; } = new int[assets];

        public double[] Linear { get; } = new double[assets];

        public List<(int Asset, int Contract, double Quantity)> Options { get; } = [];
    }
}
