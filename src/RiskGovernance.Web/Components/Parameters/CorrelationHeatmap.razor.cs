using System.Globalization;
using Microsoft.AspNetCore.Components;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Components.Parameters;

/// <summary>
/// The correlation matrix as an editable heatmap: a cell edit also sets its mirror, the diagonal
/// stays 1; the positive-semidefinite check runs on every edit; the repair to the nearest valid
/// matrix is offered with its changes and applied only when the user confirms.
/// </summary>
public sealed partial class CorrelationHeatmap
{
    private double[][] _matrix = [];
    private double[][]? _given;
    private CorrelationStatus? _status;
    private string? _statusError;
    private CorrelationRepairProposal? _repair;
    private readonly Dictionary<(int Row, int Column), string> _cellErrors = [];
    private readonly Dictionary<(int Row, int Column), string> _cellTexts = [];

    /// <summary>Assets in matrix order.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<string> Symbols { get; set; }

    /// <summary>The matrix to edit (copied; edits are reported through <see cref="MatrixChanged"/>).</summary>
    [Parameter, EditorRequired] public required double[][] Matrix { get; set; }

    /// <summary>The ratified matrix: changed cells are outlined.</summary>
    [Parameter] public double[][]? Ratified { get; set; }

    /// <summary>Raised with the whole new matrix after an edit or a confirmed repair.</summary>
    [Parameter] public EventCallback<double[][]> MatrixChanged { get; set; }

    /// <summary>Step-bound warnings by field (<c>correlation.BTC.ETH</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Warnings { get; set; }

    /// <summary>Errors of the matrix from the form's evaluation.</summary>
    [Parameter] public IEnumerable<string> Errors { get; set; } = [];

    /// <summary>Largest change of an entry without a supermajority.</summary>
    [Parameter] public double MaxChange { get; set; } = 0.2;

    /// <summary>Shown but not editable.</summary>
    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>The current status of the check (for tests and the page).</summary>
    internal CorrelationStatus? Status => _status;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (_given is null || !SameValues(Matrix, _given))
        {
            _given = Matrix.Select(r => r.ToArray()).ToArray();
            _matrix = Matrix.Select(r => r.ToArray()).ToArray();
            _cellTexts.Clear();
            _cellErrors.Clear();
            Recheck();
        }
    }

    private void Recheck()
    {
        try
        {
            _status = CorrelationEditing.Check(Symbols, _matrix);
            _statusError = null;
        }
        catch (ArgumentException e)
        {
            _status = null;
            _statusError = e.Message;
        }
    }

    private async Task OnCellAsync(int row, int column, ChangeEventArgs e)
    {
        if (ReadOnly || row == column)
        {
            return;
        }

        var text = e.Value?.ToString()?.Trim() ?? "";
        var key = (Math.Min(row, column), Math.Max(row, column));
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            _cellErrors[key] = $"'{text}' is not a number (use a dot for decimals)";
            _cellTexts[key] = text;
            return;
        }

        if (value < -1 || value > 1)
        {
            _cellErrors[key] = $"{text} must be in [-1, 1]";
            _cellTexts[key] = text;
            return;
        }

        _cellErrors.Remove(key);
        _cellTexts.Remove(key);
        _matrix = CorrelationEditing.WithCell(_matrix, row, column, value);
        _repair = null;
        Recheck();
        await RaiseAsync();
    }

    private void OfferRepair()
    {
        _repair = _status is null ? null : CorrelationEditing.Repair(Symbols, _matrix);
    }

    private async Task ApplyRepairAsync()
    {
        if (_repair is null)
        {
            return;
        }

        _matrix = _repair.Matrix.Select(r => r.ToArray()).ToArray();
        _repair = null;
        _cellErrors.Clear();
        _cellTexts.Clear();
        Recheck();
        await RaiseAsync();
    }

    private async Task RaiseAsync()
    {
        // The parent hands the same values back: they must not reset the editor.
        _given = _matrix.Select(r => r.ToArray()).ToArray();
        await MatrixChanged.InvokeAsync(_matrix.Select(r => r.ToArray()).ToArray());
    }

    private static bool SameValues(double[][] a, double[][] b)
        => a.Length == b.Length && a.Zip(b).All(x => x.First.AsSpan().SequenceEqual(x.Second));

    private static string TextColour(double v) => Math.Abs(v) > 0.6 ? "#fff" : "#111";

    private string CellText(int row, int column)
        => _cellTexts.TryGetValue((Math.Min(row, column), Math.Max(row, column)), out var t) ? t : Show(_matrix[row][column]);

    private string CellClass(int row, int column)
    {
        var classes = new List<string>();
        var key = (Math.Min(row, column), Math.Max(row, column));
        if (Ratified is not null && row != column && Ratified[row][column] != _matrix[row][column])
        {
            classes.Add("cell-changed");
        }

        if (Warnings is not null && row != column && Warnings.ContainsKey(Field(row, column)))
        {
            classes.Add("cell-warning");
        }

        if (_cellErrors.ContainsKey(key))
        {
            classes.Add("cell-error");
        }

        return string.Join(' ', classes);
    }

    private string CellTitle(int row, int column)
    {
        var parts = new List<string> { $"{Symbols[row]} / {Symbols[column]}" };
        if (Ratified is not null && row != column)
        {
            parts.Add($"ratified {Show(Ratified[row][column])}");
        }

        if (Warnings is not null && row != column && Warnings.TryGetValue(Field(row, column), out var w))
        {
            parts.Add(w);
        }

        return string.Join(" · ", parts);
    }

    private string Field(int row, int column)
        => row < column ? $"correlation.{Symbols[row]}.{Symbols[column]}" : $"correlation.{Symbols[column]}.{Symbols[row]}";

    private static string Show(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Blue for -1, white for 0, red for +1 (linear in between).</summary>
    internal static string Colour(double v)
    {
        var x = Math.Clamp(double.IsFinite(v) ? v : 0, -1, 1);
        var fade = (int)Math.Round(255 * (1 - Math.Abs(x)));
        return x >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"rgb(255,{fade},{fade})")
            : string.Create(CultureInfo.InvariantCulture, $"rgb({fade},{fade},255)");
    }
}
