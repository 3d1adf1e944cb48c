using MudBlazor;

namespace RiskGovernance.Web.Components.Layout;

/// <summary>The portal's MudBlazor theme.</summary>
public static class PortalTheme
{
    /// <summary>The theme.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#6a4c93",
            AppbarBackground = "#1f4e79",
        },
    };
}
