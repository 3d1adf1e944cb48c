using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Components.Pages.NewProposal;

/// <summary>The impact preview as the editor shows it: running with its progress, done for one params.json, failed or cancelled.</summary>
public sealed class PreviewState
{
    /// <summary>True while the simulation runs.</summary>
    public bool Running { get; set; }

    /// <summary>Progress in [0, 1].</summary>
    public double Fraction { get; set; }

    /// <summary>The last result.</summary>
    public ImpactPreview? Result { get; set; }

    /// <summary>The params.json the result is for (a result for other values is stale).</summary>
    public string? ForParamsJson { get; set; }

    /// <summary>Why the last run failed or stopped.</summary>
    public string? Message { get; set; }

    /// <summary>True when <see cref="Result"/> was computed for <paramref name="paramsJson"/>.</summary>
    public bool IsReadyFor(string? paramsJson) => Result is not null && paramsJson is not null && ForParamsJson == paramsJson;
}
