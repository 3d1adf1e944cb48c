using System.Globalization;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>
/// The stress assumptions as the reader types them: the insurance fund, the price impact of each listed
/// asset and of the others. <see cref="TryCreate"/> turns them into <see cref="StressAssumptions"/> or
/// field-named errors.
/// </summary>
public sealed class StressAssumptionsForm
{
    private readonly Dictionary<string, string> _impacts = new(StringComparer.Ordinal);
    private IReadOnlyList<ValidationError> _errors = [];

    /// <summary>A form showing <paramref name="assumptions"/>, with a field for each of <paramref name="impactAssets"/>.</summary>
    public StressAssumptionsForm(StressAssumptions assumptions, IReadOnlyList<string> impactAssets)
    {
        ArgumentNullException.ThrowIfNull(assumptions);
        ImpactAssets = impactAssets ?? throw new ArgumentNullException(nameof(impactAssets));
        Fund = assumptions.InsuranceFund;
        foreach (var asset in impactAssets)
        {
            _impacts[asset] = assumptions.ImpactOf(asset).ToString("R", CultureInfo.InvariantCulture);
        }

        DefaultImpact = assumptions.DefaultPriceImpact.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The assets with a price impact field of their own.</summary>
    public IReadOnlyList<string> ImpactAssets { get; }

    /// <summary>Insurance fund, USD.</summary>
    public double Fund { get; set; }

    /// <summary>The price impact of the other assets, as typed.</summary>
    public string? DefaultImpact { get; set; }

    /// <summary>The price impact of <paramref name="asset"/>, as typed.</summary>
    public string Impact(string asset) => _impacts[asset];

    /// <summary>Sets the price impact of <paramref name="asset"/> as typed.</summary>
    public void SetImpact(string asset, string? text) => _impacts[asset] = text ?? "";

    /// <summary>The error of <paramref name="field"/> from the last <see cref="TryCreate"/>, or null.</summary>
    public string? Error(string field)
    {
        var messages = _errors.Where(e => e.Field == field).Select(e => e.Message).ToArray();
        return messages.Length == 0 ? null : string.Join("; ", messages);
    }

    /// <summary>The assumptions typed, or null with the errors kept for <see cref="Error"/>.</summary>
    public StressAssumptions? TryCreate()
    {
        var errors = new List<ValidationError>();
        var impacts = new List<KeyValuePair<string, double>>();
        foreach (var asset in ImpactAssets)
        {
            if (ParseSmall(_impacts[asset]) is { } v)
            {
                impacts.Add(new(asset, v));
            }
            else
            {
                errors.Add(new ValidationError($"assumptions.priceImpact.{asset}", "must be a number such as 5e-10"));
            }
        }

        var fallback = ParseSmall(DefaultImpact);
        if (fallback is null)
        {
            errors.Add(new ValidationError("assumptions.defaultPriceImpact", "must be a number such as 3e-9"));
        }

        StressAssumptions? created = null;
        if (errors.Count == 0)
        {
            try
            {
                // Every asset the defaults list is kept, so that no default impact is dropped silently.
                var listed = impacts.Concat(StressAssumptions.Default.PriceImpact.Where(p => !ImpactAssets.Contains(p.Key)));
                created = StressAssumptions.Create(Fund, listed, fallback!.Value, StressAssumptions.Default.MaxCascadeRounds);
            }
            catch (InputValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        _errors = errors;
        return created;
    }

    /// <summary>"BTC 5e-10, ETH 8e-10, others 3e-9 per USD".</summary>
    public static string ImpactSummary(StressAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(assumptions);
        return string.Join(", ", assumptions.PriceImpact.Select(p => $"{p.Key} {HistoryFormat.Small(p.Value)}")
            .Append($"others {HistoryFormat.Small(assumptions.DefaultPriceImpact)}")) + " per USD";
    }

    private static double? ParseSmall(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
