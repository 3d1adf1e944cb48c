using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Components.Pages.NewProposal;

/// <summary>
/// The whole New proposal form: title and rationale, every parameter in panels, the correlation
/// heatmap, the impact preview and the submit button. It holds no service: the page runs the
/// preview and the submission through <see cref="ProposalDrafting"/>.
/// </summary>
public sealed partial class ProposalEditor
{
    private string _title = "";
    private string _rationale = "";

    /// <summary>The form state (started from the ratified set).</summary>
    [Parameter, EditorRequired] public required ParameterDraftForm Form { get; set; }

    /// <summary>Shown but not editable (anonymous visitors, non-members).</summary>
    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>Why the form is read-only.</summary>
    [Parameter] public string? ReadOnlyReason { get; set; }

    /// <summary>The preview's state.</summary>
    [Parameter, EditorRequired] public required PreviewState Preview { get; set; }

    /// <summary>Starts the preview of <see cref="ParameterDraftForm.Evaluation"/>'s set.</summary>
    [Parameter] public EventCallback OnPreview { get; set; }

    /// <summary>Cancels a running preview.</summary>
    [Parameter] public EventCallback OnCancelPreview { get; set; }

    /// <summary>Submits the proposal.</summary>
    [Parameter] public EventCallback<ProposalSubmission> OnSubmit { get; set; }

    /// <summary>True while the submission runs.</summary>
    [Parameter] public bool Submitting { get; set; }

    /// <summary>The server's refusal, field by field.</summary>
    [Parameter] public IReadOnlyList<ValidationError> SubmitErrors { get; set; } = [];

    /// <summary>A refusal that names no field (role, state).</summary>
    [Parameter] public string? SubmitMessage { get; set; }

    /// <summary>Raised after any parameter changed.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private string? TitleError =>
        SubmitErrors.FirstOrDefault(e => e.Field == "title")?.Message
        ?? (_title.Length > Proposal.MaxTitleLength ? $"must be at most {Proposal.MaxTitleLength} characters" : null);

    private string? RationaleError =>
        SubmitErrors.FirstOrDefault(e => e.Field == "rationale")?.Message
        ?? (_rationale.Length > Proposal.MaxRationaleLength ? $"must be at most {Proposal.MaxRationaleLength} characters" : null);

    private bool TitleOk => !string.IsNullOrWhiteSpace(_title) && _title.Length <= Proposal.MaxTitleLength;

    private bool RationaleOk => !string.IsNullOrWhiteSpace(_rationale) && _rationale.Length <= Proposal.MaxRationaleLength;

    /// <summary>Everything a submission needs: a member, valid changed values, a title, a rationale and a preview of these values.</summary>
    internal bool CanSubmit =>
        !ReadOnly && !Submitting && !Preview.Running && Form.Evaluation.IsValid && Form.Evaluation.Changed.Count > 0
        && TitleOk && RationaleOk && Preview.IsReadyFor(Form.Evaluation.ParamsJson);

    private string SubmitHint
    {
        get
        {
            var eval = Form.Evaluation;
            if (ReadOnly)
            {
                return "Only committee members can submit.";
            }

            if (!eval.IsValid)
            {
                return "Fix the fields marked in red first.";
            }

            if (eval.Changed.Count == 0)
            {
                return "Nothing changed from the ratified set.";
            }

            if (!TitleOk || !RationaleOk)
            {
                return "A title and a rationale are required.";
            }

            return Preview.IsReadyFor(eval.ParamsJson)
                ? "Submitting drafts the proposal, attaches this simulation and opens voting."
                : "Preview the impact of these values first.";
        }
    }

    private bool IsShownInline(string field)
        => field.StartsWith("correlation", StringComparison.Ordinal) || Form.Fields.Any(f => f.Path == field);

    private Task OnFormChanged() => OnChanged.InvokeAsync();

    private async Task OnMatrixChanged(double[][] matrix)
    {
        Form.SetMatrix(matrix);
        await OnChanged.InvokeAsync();
    }

    private async Task SubmitAsync()
    {
        if (!CanSubmit)
        {
            return;
        }

        await OnSubmit.InvokeAsync(new ProposalSubmission(_title, _rationale, Form.Evaluation.ParamsJson!));
    }
}
