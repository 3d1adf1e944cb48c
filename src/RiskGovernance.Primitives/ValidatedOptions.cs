using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RiskGovernance.Primitives;

/// <summary>A settings class that lists its own problems (bound from one configuration section).</summary>
public interface IValidatableOptions
{
    /// <summary>Every problem, each naming its setting ("Chain:RpcUrl: is required."); empty when valid.</summary>
    IEnumerable<string> Problems();
}

/// <summary>
/// The one options validator of the solution: it fails start-up with every problem that
/// <see cref="IValidatableOptions.Problems"/> lists.
/// </summary>
/// <typeparam name="TOptions">The settings class.</typeparam>
public sealed class ValidatedOptions<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IValidatableOptions
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Registration of <see cref="IValidatableOptions"/>.</summary>
public static class ValidatedOptionsRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> validated on start by <see cref="ValidatedOptions{TOptions}"/>;
    /// bind it to configuration with the returned builder (<c>.BindConfiguration(section)</c>) or configure it in code.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services)
        where TOptions : class, IValidatableOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ValidatedOptions<TOptions>>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }
}
