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
public sealed record WhatIfAccount(string Id, AccountMargin Current, AccountMargin? Proposed);

/// <summary>The what-if result.</summary>
/// <param name="RatifiedVersion">Version of the ratified set.</param>
/// <param name="Proposal">The proposal compared with, or null.</param>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Accounts">Accounts in the order given.</param>
public sealed record WhatIfComparison(long RatifiedVersion, WhatIfProposalOption? Proposal, DateOnly AsOf, IReadOnlyList<WhatIfAccount> Accounts);

/// <summary>
/// What-if margins for anyone: positions typed in or pasted as book.json (a whole book, an array
/// of accounts or one account) margined under the ratified set and under a proposal's set, on the
/// current market snapshot. Every parse error names its field.
/// </summary>
public sealed class WhatIfCalculator(GovernanceService committee, IProposalRepository proposals, IBookStore books)
{
    /// <summary>The id given to a typed-in account.</summary>
    public const string TypedAccountId = "what-if";

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

        return BookJson.Read(json);
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
        var (before, after) = await Task.Run(() =>
        {
            var engine = new MarginEngine(new MarginEngineOptions(1));
            var inputs = MarginInputs.Create(market, current, book);
            var b = engine.Margin(inputs, null, cancellationToken);
            var a = proposedSet is null ? null : engine.Margin(inputs.WithParameters(proposedSet), null, cancellationToken);
            return (b, a);
        }, cancellationToken);
        var accounts = before.Accounts.Select((m, i) => new WhatIfAccount(m.Id, m, after?.Accounts[i])).ToArray();
        return new WhatIfComparison(ratified.Version, option, snapshot.AsOf, accounts);
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

        return v;
    }
}
