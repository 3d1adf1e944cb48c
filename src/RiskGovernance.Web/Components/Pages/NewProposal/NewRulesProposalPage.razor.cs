using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Components.Pages.NewProposal;

/// <summary>/proposals/new/rules: the registry's rules and bounds as a form, and a rules proposal from it.</summary>
public sealed partial class NewRulesProposalPage : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private RulesForm? _form;
    private PortalUser _user = PortalUser.Anonymous;
    private string? _loadError;
    private string _title = "";
    private string _rationale = "";
    private bool _submitting;
    private IReadOnlyList<ValidationError> _errors = [];
    private string? _message;

    [Inject] private RulesDrafting Drafting { get; set; } = null!;

    [Inject] private CurrentUser CurrentUser { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <inheritdoc />
    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        try
        {
            _user = await CurrentUser.GetAsync(_lifetime.Token);
            _form = await Drafting.StartAsync(_lifetime.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _loadError = "The registry's rules could not be read: " + ActionErrors.Describe(e);
        }
    }

    private IEnumerable<string> Errors(string key) => _errors.Where(e => e.Field == key).Select(e => e.Message);

    private void Set(string key, string value)
    {
        _form![key] = value;
        _errors = [.. _errors.Where(e => e.Field != key)];
    }

    private async Task SubmitAsync()
    {
        _submitting = true;
        _errors = [];
        _message = null;
        try
        {
            var id = await Drafting.SubmitAsync(new RulesSubmission(_title, _rationale, _form!), _lifetime.Token);
            Navigation.NavigateTo($"/proposals/{id}");
        }
        catch (InputValidationException e)
        {
            _errors = e.Errors;
        }
        catch (RegistryRefusedException e)
        {
            _errors = [new ValidationError(e.Field, e.Message.StartsWith(e.Field + ": ", StringComparison.Ordinal) ? e.Message[(e.Field.Length + 2)..] : e.Message)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _message = ActionErrors.Describe(e);
        }
        finally
        {
            _submitting = false;
        }
    }
}
