using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RiskGovernance.Web.Components.Identity;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>The sign-in dialog: the development wallet's list appears only when the server registered it.</summary>
public sealed class SignInDialogTests : PortalComponentTest
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        UseServerRenderer();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<SignInDialog>("Sign in"));
        return provider;
    }

    [Fact]
    public async Task Open_WithDevelopmentWallet_ListsTheFiveDemoMembersLabelledLocalOnly()
    {
        Services.AddSingleton<DevelopmentWallet>();

        var provider = await OpenAsync();

        Assert.NotNull(provider.Find("[data-testid=signin-browser]"));
        Assert.Contains("Development wallet (local chain only, public anvil keys)", provider.Markup, StringComparison.Ordinal);
        for (var i = 0; i < DemoCommittee.Members.Count; i++)
        {
            var item = provider.Find($"[data-testid=devwallet-{i}]");
            Assert.Contains(DemoCommittee.Members[i].DisplayName, item.TextContent, StringComparison.Ordinal);
            Assert.Contains($"weight {DemoCommittee.Members[i].Weight}", item.TextContent, StringComparison.Ordinal);
        }

        Assert.Contains("guardian", provider.Find("[data-testid=devwallet-4]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WithoutDevelopmentWallet_OffersOnlyTheBrowserWallet()
    {
        var provider = await OpenAsync();

        Assert.NotNull(provider.Find("[data-testid=signin-browser]"));
        Assert.Empty(provider.FindAll("[data-testid^=devwallet-]"));
        Assert.DoesNotContain("Development wallet", provider.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrowserWallet_NoWindowEthereum_ShowsAClearError()
    {
        JSInterop.Setup<bool>("riskgovWallet.available", _ => true).SetResult(false);
        var provider = await OpenAsync();

        await provider.Find("[data-testid=signin-browser]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        var error = provider.WaitForElement("[data-testid=signin-error]");
        Assert.StartsWith("No browser wallet was found in this browser", error.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "riskgovWallet.postJson");
    }
}
