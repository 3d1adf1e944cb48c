using RiskGovernance.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var stdout = Console.OpenStandardOutput();
return RiskGovCommand.Run(args, Console.Out, Console.Error, showProgress: !Console.IsErrorRedirected, stdout, cancel.Token);
