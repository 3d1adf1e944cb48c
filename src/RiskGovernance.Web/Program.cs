using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
await LocalChainDeployment.EnsureAsync(builder.Configuration, CancellationToken.None);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
await app.RunAsync();

/// <summary>The portal's entry point (visible to WebApplicationFactory).</summary>
public partial class Program;
