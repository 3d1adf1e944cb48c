using System.Runtime.CompilerServices;
using Bunit;

namespace RiskGovernance.Web.Tests.Support;

/// <summary>
/// bUnit's WaitFor* helpers give up after one second by default. On a busy 2-core CI machine a render that
/// takes a second is not a defect, so every wait in this assembly gets a minute: a test still fails when the
/// condition never holds, but never because the machine was loaded.
/// </summary>
internal static class WaitPatience
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    [ModuleInitializer]
    internal static void Apply() => BunitContext.DefaultWaitTimeout = Default;
}
