using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Components.Pages.NewProposal;

/// <summary>/proposals/new: the form started from the ratified set, the preview and the submission.</summary>
public sealed partial class NewProposalPage : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private DraftStart? _start;
    private ParameterDraftForm? _form;
    private PortalUser _user = PortalUser.Anonymous;
    private string? _loadError;
    private readonly PreviewState _preview = new();
    private CancellationTokenSource? _previewRun;
    private bool _submitting;
    private IReadOnlyList<ValidationError> _submitErrors = [];
    private string? _submitMessage;

    [Inject] private ProposalDrafting Drafting { get; set; } = null!;

    [Inject] private CurrentUser CurrentUser { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private string ReadOnlyReason => _user.IsSignedIn
        ? $"You are signed in as {_user.DisplayName}, who is not on the committee: you can read this form, but only committee members can propose."
        : "You are not signed in: you can read this form, but only committee members can propose. Sign in with a committee wallet to edit.";

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        try
        {
            _user = await CurrentUser.GetAsync(_lifetime.Token);
            _start = await Drafting.StartAsync(_lifetime.Token);
            _form = new ParameterDraftForm(_start.Parameters, _start.Bounds);
        }
        catch (InputValidationException e)
        {
            _loadError = string.Join("; ", e.Errors.Select(x => x.ToString()));
        }
    }

    private async Task PreviewAsync()
    {
        var proposed = _form?.Evaluation.Proposed;
        if (proposed is null || _preview.Running)
        {
            return;
        }

        _previewRun = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var paramsJson = _form!.Evaluation.ParamsJson;
        _preview.Running = true;
        _preview.Fraction = 0;
        _preview.Message = null;
        var last = 0.0;
        var progress = new Progress<double>(f =>
        {
            // Redraw at most every 2 %: the engine reports per account.
            if (f - last >= 0.02 || f >= 1)
            {
                last = f;
                _preview.Fraction = f;
                _ = InvokeAsync(StateHasChanged);
            }
        });
        try
        {
            var result = await Drafting.PreviewAsync(proposed, progress, _previewRun.Token);
            _preview.Result = result;
            _preview.ForParamsJson = paramsJson;
        }
        catch (OperationCanceledException)
        {
            _preview.Message = "Preview cancelled.";
        }
        catch (InputValidationException e)
        {
            _preview.Message = "The simulation refused the inputs: " + string.Join("; ", e.Errors.Select(x => x.ToString()));
        }
        finally
        {
            _preview.Running = false;
            _previewRun.Dispose();
            _previewRun = null;
        }
    }

    private void CancelPreview() => _previewRun?.Cancel();

    private async Task SubmitAsync(ProposalSubmission submission)
    {
        _submitting = true;
        _submitErrors = [];
        _submitMessage = null;
        try
        {
            var id = await Drafting.SubmitAsync(submission, _lifetime.Token);
            Navigation.NavigateTo($"/proposals/{id}");
        }
        catch (InputValidationException e)
        {
            _submitErrors = e.Errors;
            _form?.ShowServerErrors(e.Errors);
        }
        catch (UnauthorizedActionException e)
        {
            _submitMessage = e.Message;
        }
        catch (IllegalTransitionException e)
        {
            _submitMessage = e.Message;
        }
        catch (RegistryRefusedException e)
        {
            // The registry's own check (checkProposal / propose) refused it, naming the field.
            var error = new ValidationError(e.Field, e.Message.StartsWith(e.Field + ": ", StringComparison.Ordinal) ? e.Message[(e.Field.Length + 2)..] : e.Message);
            _submitErrors = [error];
            _form?.ShowServerErrors([error]);
        }
        catch (ConcurrencyConflictException e)
        {
            _submitMessage = e.Message;
        }
        finally
        {
            _submitting = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
