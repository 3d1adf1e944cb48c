namespace RiskGovernance.Cli;

/// <summary>The text of <c>riskgov --help</c> and <c>riskgov COMMAND --help</c>.</summary>
internal static class HelpText
{
    public const string Main = """
        riskgov - portfolio margin engine of the risk governance protocol

        Usage:
          riskgov margin      --market M --params P --book B [--history H] [--out FILE] [--threads N]
          riskgov impact      --market M --book B --current P1 --proposed P2 [--history H] [--out FILE] [--threads N]
          riskgov correlation check  --params P
          riskgov correlation repair --params P --out P2
          riskgov book generate --market M --accounts N --seed S --out B [--params P]
          riskgov registry deploy --rpc URL --params P [--members A:W,...] [--dev-key I] [...]
          riskgov registry read   --rpc URL --address A [--version N | --show rules] [--out FILE]
          riskgov registry verify --rpc URL --address A --params P [--version N]
          riskgov stress   --market M --book B --params P [--proposed P2] [--window W] [--assumptions A] [--out FILE]
          riskgov backtest --params P [--book B --market M] [--from D] [--to D] [--horizon N] [--lambda L] [--out FILE]
          riskgov history import   --db PATH [--prices CSV] [--dvol CSV]
          riskgov history estimate --date D [--lambda L] [--params P | --assets A,B] [--out FILE]
          riskgov snapshot publish --book B --market M --portal URL [--key-env NAME]
          riskgov --help | riskgov COMMAND --help

        Exit codes: 0 success; 2 invalid input or usage (one line per problem on stderr, naming
        the field; nothing is written to --out); 1 unexpected failure (an unreachable RPC
        endpoint among them); 3 'registry verify' found differences.
        Example inputs are in the 'examples' folder beside riskgov.dll.

        """;

    public const string Margin = """
        riskgov margin --market M --params P --book B [--history H] [--out FILE] [--threads N]

        Margins every account of book B under parameter set P at market snapshot M and writes the
        margin result (JSON) to FILE, or to stdout without --out.
          --market   market.json: asOf and price/volatility per asset
          --params   params.json: the governed parameter set (method grid, montecarlo or historical)
          --book     book.json: accounts with collateral and positions
          --history  history.csv of daily closes (date,asset,close); for method historical it
                     defaults to the real daily closes embedded in the engine (Binance 2019-2024)
          --out      output file (written atomically; untouched when the input is invalid)
          --threads  worker threads (default: every core); results do not depend on it

        """;

    public const string Impact = """
        riskgov impact --market M --book B --current P1 --proposed P2 [--history H] [--out FILE] [--threads N]

        Margins book B under the current parameter set P1 and the proposed P2 and writes both
        results, the per-account change of initial margin and status, the status transition
        matrix and the collateral accounts would need to stay healthy (JSON).
          --history  as for margin (the embedded daily closes when either set is historical)

        """;

    public const string Correlation = """
        riskgov correlation check  --params P
        riskgov correlation repair --params P --out P2

        check:  prints (JSON, stdout) the eigenvalues of the correlation matrix of P, whether it is
                positive semidefinite and a valid correlation matrix, and, when it is not, the
                nearest valid correlation matrix (Higham 2002) and its Frobenius distance.
                Works on a matrix that is not PSD (every other rule must hold). Exit 0 either way.
        repair: writes P2, the parameter set P with its correlation matrix replaced by the
                nearest valid correlation matrix (unchanged when it is already valid).

        """;

    public const string Book = """
        riskgov book generate --market M --accounts N --seed S --out B [--params P]

        Writes a synthetic book of N accounts (deterministic for a seed) on the assets of market M;
        with --params, positions only on the risky assets of P.

        """;

    public const string Snapshot = """
        riskgov snapshot publish --book B --market M --portal URL [--key-env NAME]

        Publishes book B and market snapshot M to the portal at URL (its origin, e.g.
        https://portal.example.org), where they become the current snapshot that proposals are
        simulated on. The files are checked first (every problem named by its field); then riskgov
        signs in with Sign-In with Ethereum using the private key in the environment variable
        RISKGOV_SIGNER_KEY (or NAME with --key-env), whose address must be one of the portal's data
        publishers (Portal:DataPublishers), and posts {"market": M, "book": B} to /api/snapshots.
          --book     book.json: accounts with collateral and positions
          --market   market.json: asOf and price/volatility per asset
          --portal   the portal's origin (http or https, no path)
          --key-env  the environment variable holding the 0x private key (default RISKGOV_SIGNER_KEY)
        Prints the portal's answer (JSON: asOf, source, storedAt, bookHash, marketHash, accounts,
        assets, publisher) on stdout; the hashes are keccak-256 of the compact JSON of the book
        and the market, as simulation records name them, and riskgov checks them against its own.
        Exit codes: 0 published; 2 invalid files, usage, or a refusal by the portal (not a
        publisher, not signed in, invalid snapshot: one line per field in error); 1 the portal
        did not answer or failed.

        """;

    public const string Registry = """
        riskgov registry deploy --rpc URL --params P [--members A:W,...] [--guardian A] [--rules R]
                                [--dev-key I] [--out FILE]
        riskgov registry read   --rpc URL --address A [--version N | --show rules] [--out FILE]
        riskgov registry verify --rpc URL --address A --params P [--version N]

        deploy  deploys RiskParameterRegistry with parameter set P as version 1 (and an
                ExampleMarginConsumer reading it) and prints both addresses, the committee and
                the rules as JSON. The committee is --members (address:weight, comma separated);
                the guardian (vetoes and cancels) defaults to the deployer; the rules and bounds
                come from --rules R, a JSON document (every field optional, unknown fields
                refused):
                  {"rules": {"votingPeriod": 259200, "lateQuorumExtension": 43200,
                             "timelockDelay": 86400, "gracePeriod": 604800,
                             "quorumBps": 5000, "supermajorityBps": 6667},
                   "bounds": {"scanRange": {"min": "0.01", "max": "1"}, ...,
                              "steps": {"scanRange": "0.5", ..., "correlation": "0.2"}}}
                (the values shown are the defaults). From then on the registry holds them and
                only a Rules proposal it executes changes them. The deployer's key comes from
                the environment variable RISKGOV_SIGNER_KEY; on a local chain (id 31337)
                --dev-key I uses anvil's public development key I instead and, without
                --members, the first five development accounts as a committee of equal weights.
        read    prints the current (or --version N) parameter set as params.json and, on stderr,
                whether its stored hash equals the keccak-256 of its canonical JSON; with
                --show rules, the committee, guardian, rules and bounds the registry enforces
                (the same JSON as --rules).
        verify  compares the on-chain values and hash with parameter set P field by field and
                prints the differences as JSON; exit 0 when equal, 3 when they differ.

        """;

    public const string Stress = """
        riskgov stress --market M --book B --params P [--proposed P2] [--window W] [--assumptions A] [--out FILE] [--threads N]

        Replays the multi-day move of a historical window on book B at snapshot M: each risky
        asset's price moves by close(end) / close(day before start) - 1 of the embedded daily
        closes, its volatility by the DVOL ratio over the window (BTC's for assets without DVOL;
        the EWMA volatility ratio before DVOL exists). Under P (and P2): loss, equity after,
        accounts wiped out, the share of losses the IM covered, bad debt against the insurance
        fund, the correlation stress both ways (every correlation at +1 and at 0) and the
        liquidation cascade (rounds, liquidated notional, bad debt, fund left). JSON output.
          --window       covid-2020 (2020-03-11..13), may-2021 (2021-05-18..19),
                         ftx-2022 (2022-11-07..09, the default) or YYYY-MM-DD..YYYY-MM-DD
          --assumptions  stress assumptions JSON: {"insuranceFund": 10000000, "priceImpact":
                         {"BTC": 5e-10, "ETH": 1e-9}, "defaultPriceImpact": 3e-9,
                         "maxCascadeRounds": 50} (every field optional; these are the defaults)

        """;

    public const string Backtest = """
        riskgov backtest --params P [--book B --market M] [--from D] [--to D] [--horizon N] [--lambda L]
                         [--series true|false] [--out FILE] [--threads N]

        For each date t in [--from, --to] (default 2019-01-01..2024-12-31) with closes of every
        risky asset of P at t and t + N: the IM of each portfolio at the market of t (volatility
        DVOL / 100 where it exists, else EWMA with decay --lambda, default 0.94, over 90 days)
        against the loss realised over the next N days (--horizon, default 1); exceptions
        (loss > IM), Kupiec, Christoffersen and the Basel traffic light at p = 1 - confidence.
        Portfolios: the reference portfolios (long/short BTC perp, BTC/ETH pair, short straddle,
        covered call, long ETH spot; USD 1 million each) or every account of book B, held at
        constant notional and moneyness from the prices of its snapshot M. Progress on stderr.
          --series   write each portfolio's daily IM and loss (default: up to 50 portfolios)

        """;

    public const string History = """
        riskgov history import   --db PATH [--prices CSV] [--dvol CSV]
        riskgov history estimate --date D [--lambda L] [--window-days N] [--params P | --assets A,B] [--out FILE]

        import:   stores daily closes (and the DVOL index) in the SQLite database PATH (created and
                  migrated if needed); the embedded Binance closes and Deribit DVOL by default,
                  or the given CSV files (date,asset,close). Idempotent: a second import of the
                  same data changes nothing; a corrected value replaces the stored one.
        estimate: EWMA volatilities (annualised, 365 days) and correlation matrix of daily log
                  returns as of D (decay --lambda, default 0.94; window --window-days, default
                  365), over the assets of P (then shown next to P's scan ranges and correlation)
                  or --assets (default: every embedded asset with a close on D). JSON output.

        """;
}
