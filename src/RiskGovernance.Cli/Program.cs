using RiskGovernance.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return RiskGovCommand.Run(args, Console.Out, Console.Error, showProgress: !Console.IsErrorRedirected, cancel.Token);
