using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Testing;

namespace RiskGovernance.Web.Tests.Support;

/// <summary>
/// A started demo portal on its own anvil node and SQLite directory, shared by the tests of a class
/// or collection (derive to add helpers). Tests that must not disturb others start their own portal.
/// </summary>
public class SeededPortal : IAsyncLifetime
{
    /// <summary>The node.</summary>
    public AnvilFixture Node { get; } = new();

    /// <summary>The portal (started).</summary>
    public PortalFactory Portal { get; private set; } = null!;

    /// <summary>A service of the portal.</summary>
    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        Portal = new PortalFactory(Node);
        Portal.Start();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Node.DisposeAsync();
    }
}
