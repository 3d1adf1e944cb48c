using Microsoft.AspNetCore.Components;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Components.Pages.WhatIf;

/// <summary>/what-if: anyone margins typed or pasted positions under the ratified set and a proposal's set.</summary>
public sealed partial class WhatIfPage : IDisposable
{
    private const string TypedPrefix = "book.accounts[0].";
    private readonly CancellationTokenSource _lifetime = new();
    private IReadOnlyList<WhatIfProposalOption> _proposals = [];
    private IReadOnlyList<string> _assets = [];
    private readonly List<CollateralRow> _collateral = [new() { Asset = "USDC", Amount = "100000" }];
    private readonly List<PositionRow> _positions = [new() { Asset = "BTC", Kind = "perp", Quantity = "1", EntryPrice = "20000" }];
    private string _json = "";
    private string _proposalId = "";
    private Mode _mode = Mode.Table;
    private Dictionary<string, string> _errors = [];
    private WhatIfComparison? _result;
    private bool _running;

    private enum Mode
    {
        Table,
        Json,
    }

    [Inject] private WhatIfCalculator Calculator { get; set; } = null!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _proposals = await Calculator.ProposalsAsync(_lifetime.Token);
        _assets = await Calculator.MarketAssetsAsync(_lifetime.Token);
        _proposalId = _proposals.Count > 0 ? _proposals[0].Id.ToString() : "";
    }

    private static bool IsTableField(string field) => field.StartsWith("positions[", StringComparison.Ordinal) || field.StartsWith("collateral[", StringComparison.Ordinal);

    private async Task CalculateAsync()
    {
        _running = true;
        _errors = [];
        _result = null;
        try
        {
            Book book = _mode == Mode.Table ? WhatIfCalculator.FromRows(_collateral, _positions) : WhatIfCalculator.ParseJson(_json);
            Hash32? proposal = _proposalId.Length == 0 ? null : Hash32.Parse(_proposalId, "proposal");
            _result = await Calculator.CompareAsync(book, proposal, _lifetime.Token);
        }
        catch (InputValidationException e)
        {
            foreach (var error in e.Errors)
            {
                var field = _mode == Mode.Table && error.Field.StartsWith(TypedPrefix, StringComparison.Ordinal) ? error.Field[TypedPrefix.Length..] : error.Field;
                field = field.StartsWith("collateral.", StringComparison.Ordinal) ? "collateral" : field;
                _errors[field] = _errors.TryGetValue(field, out var m) ? $"{m}; {error.Message}" : error.Message;
            }
        }
        finally
        {
            _running = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
