using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
try
{
    await LocalChainDeployment.EnsureAsync(builder.Configuration, CancellationToken.None);
    builder.AddPortal();
}
catch (InvalidOperationException e)
{
    // A refusal that says what to do (the chain does not hold the recorded registry, the key that
    // encrypts the session keys is missing, ...): the message, not a stack trace.
    await Console.Error.WriteLineAsync($"The portal did not start: {e.Message}");
    return 2;
}

var app = builder.Build();
app.UsePortal();
await app.RunAsync();
return 0;

/// <summary>The portal's entry point (visible to WebApplicationFactory).</summary>
public partial class Program;
