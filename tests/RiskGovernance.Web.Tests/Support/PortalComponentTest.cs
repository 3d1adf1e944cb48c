using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace RiskGovernance.Web.Tests.Support;

/// <summary>
/// The shared bUnit setup for portal components: MudBlazor services, loose JS interop, server
/// renderer info; disposed asynchronously (MudBlazor's services are IAsyncDisposable only).
/// Register extra services in the derived constructor before rendering.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>Sets up MudBlazor and loose JS interop.</summary>
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>Call after the last service registration, before rendering components that read RendererInfo.</summary>
    protected void UseServerRenderer() => SetRendererInfo(new RendererInfo("Server", true));

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
