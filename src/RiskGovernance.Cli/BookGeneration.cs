using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Cli;

/// <summary><c>riskgov book generate</c>: a synthetic book (<see cref="BookGenerator"/>, deterministic
/// for a seed) written as book.json. Without --params the risk parameters are derived from the
/// embedded daily closes for the volatile assets of the market at its date
/// (<see cref="DemoInputs.Parameters"/>).</summary>
internal static class BookGeneration
{
    public const int MaxAccounts = 10_000_000;

    public static int Run(CommandOptions o, CommandOutput stdout)
    {
        var marketPath = o.Required("market");
        var accounts = o.Integer("accounts", 1, MaxAccounts) ?? throw new UsageException("'riskgov book generate' needs --accounts");
        var seed = o.Long("seed", long.MinValue, long.MaxValue) ?? throw new UsageException("'riskgov book generate' needs --seed");
        var outPath = o.Required("out");
        var paramsPath = o.Optional("params");
        InputFiles.RequireExisting(("market", marketPath), ("params", paramsPath));
        OutputFile.CheckWritable(outPath);

        var files = new InputFiles();
        var market = files.Market(marketPath);
        var parameters = paramsPath is null ? null : files.Parameters("params", paramsPath);
        files.ThrowIfAny();
        parameters ??= DerivedParameters(market!);
        // The parameter set must fit the market (every risky asset quoted): checked on an empty book.
        MarginInputs.Create(market!, parameters.WithMethod(MarginMethod.Grid), Book.Create([]));

        Book book;
        try
        {
            book = BookGenerator.Generate(market!, parameters, accounts, seed);
        }
        catch (ArgumentException ex)
        {
            throw new InputValidationException("market", ex.Message);
        }
        OutputFile.Write(outPath, s => BookJson.WriteTo(s, book), stdout);
        stdout.WriteLine($"wrote {outPath}: {book.Accounts.Count} accounts, {book.Accounts.Sum(a => a.Positions.Count)} positions (seed {seed})");
        return ExitCodes.Success;
    }

    private static ParameterSet DerivedParameters(MarketSnapshot market)
    {
        var risky = market.Assets.Where(a => a.Volatility > 0).Select(a => a.Symbol).ToArray();
        var unknown = risky.Where(a => !MarketDataset.DailyAssets.Contains(a)).ToArray();
        if (risky.Length == 0 || unknown.Length > 0)
        {
            throw new UsageException(risky.Length == 0
                ? "--params is needed: the market has no volatile asset to derive risk parameters for"
                : $"--params is needed: no embedded history for {string.Join(", ", unknown)} to derive risk parameters from");
        }
        try
        {
            return DemoInputs.Parameters(market, risky, market.AsOf);
        }
        catch (Exception ex) when (ex is InputValidationException or ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"--params is needed: risk parameters cannot be derived from the embedded history at {market.AsOf:yyyy-MM-dd} ({ex.Message})");
        }
    }
}
