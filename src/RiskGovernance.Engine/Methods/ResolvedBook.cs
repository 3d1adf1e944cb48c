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

        var accounts = new ResolvedAccount[inputs.Book.Accounts.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = ResolveAccount(inputs.Book.Accounts[i], parameters, market, assetIndex, spot, ContractOf, contractValues);
        }
        return new ResolvedBook(assets, spot, vol, contracts.ToArray(), contractValues.ToArray(), accounts);
    }

    private static ResolvedAccount ResolveAccount(
        Account account,
        ParameterSet parameters,
        MarketSnapshot market,
        Dictionary<string, int> assetIndex,
        double[] spot,
        Func<OptionPosition, int> contractOf,
        List<double> contractValues)
    {
        var touched = new SortedSet<int>();
        var linear = new Dictionary<int, double>();
        var options = new SortedDictionary<int, List<(int Contract, double Quantity)>>();
        var items = new List<IsolatedItem>();
        double equity = 0, som = 0;

        foreach (var c in account.Collateral)
        {
            var price = market[c.Asset].Price;
            equity += c.Amount * price * (1 - parameters.HaircutOf(c.Asset));
            if (assetIndex.TryGetValue(c.Asset, out var a))
            {
                touched.Add(a);
                linear[a] = linear.GetValueOrDefault(a) + c.Amount;
                items.Add(new IsolatedItem(false, a, c.Amount, 0));
            }
        }
        foreach (var p in account.Positions)
        {
            var a = assetIndex[p.Asset];
            touched.Add(a);
            switch (p)
            {
                case PerpPosition perp:
                    equity += perp.Quantity * (spot[a] - perp.EntryPrice);
                    linear[a] = linear.GetValueOrDefault(a) + perp.Quantity;
                    items.Add(new IsolatedItem(false, a, perp.Quantity, 0));
                    break;
                case OptionPosition option:
                    var k = contractOf(option);
                    equity += option.Quantity * contractValues[k];
                    var itemSom = option.Quantity < 0 ? parameters.ShortOptionMinimum * Math.Abs(option.Quantity) * spot[a] : 0;
                    som += option.Quantity < 0 ? Math.Abs(option.Quantity) * spot[a] : 0;
                    if (!options.TryGetValue(a, out var list))
                    {
                        options[a] = list = [];
                    }
                    var at = list.FindIndex(x => x.Contract == k);
                    if (at < 0)
                    {
                        list.Add((k, option.Quantity));
                    }
                    else
                    {
                        list[at] = (k, list[at].Quantity + option.Quantity);
                    }
                    items.Add(new IsolatedItem(true, k, option.Quantity, itemSom));
                    break;
                default:
                    throw new ArgumentException($"unknown position type {p.GetType().Name}", nameof(account));
            }
        }

        var units = touched.ToArray();
        var unitLinear = new double[units.Length];
        var start = new int[units.Length + 1];
        var optionContracts = new List<int>();
        var optionQuantities = new List<double>();
        for (var u = 0; u < units.Length; u++)
        {
            unitLinear[u] = linear.GetValueOrDefault(units[u]);
            start[u] = optionContracts.Count;
            if (options.TryGetValue(units[u], out var list))
            {
                foreach (var (contract, quantity) in list)
                {
                    optionContracts.Add(contract);
                    optionQuantities.Add(quantity);
                }
            }
        }
        start[units.Length] = optionContracts.Count;

        return new ResolvedAccount
        {
            Id = account.Id,
            Equity = equity,
            ShortOptionMinimum = parameters.ShortOptionMinimum * som,
            Units = units,
            UnitLinear = unitLinear,
            UnitOptionStart = start,
            OptionContracts = optionContracts.ToArray(),
            OptionQuantities = optionQuantities.ToArray(),
            Items = items.ToArray(),
        };
    }
}
