using Microsoft.Extensions.Options;

namespace RiskGovernance.Chain.Rpc;

/// <summary>Validates <see cref="ChainRpcOptions"/> for the options pipeline (with ValidateOnStart).</summary>
public sealed class ChainRpcOptionsValidator : IValidateOptions<ChainRpcOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ChainRpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
