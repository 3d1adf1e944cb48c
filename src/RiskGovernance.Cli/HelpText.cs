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
          riskgov registry read   --rpc URL --address A [--version N] [--out FILE]
          riskgov registry verify --rpc URL --address A --params P [--version N]
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

    public const string Registry = """
        riskgov registry deploy --rpc URL --params P [--members A:W,...] [--threshold-bps N]
                                [--delay SECONDS] [--grace SECONDS] [--guardian A] [--dev-key I] [--out FILE]
        riskgov registry read   --rpc URL --address A [--version N] [--out FILE]
        riskgov registry verify --rpc URL --address A --params P [--version N]

        deploy  deploys RiskParameterRegistry with parameter set P as version 1 (and an
                ExampleMarginConsumer reading it) and prints both addresses as JSON.
                The committee is --members (address:weight, comma separated); the approval
                threshold is --threshold-bps of the total weight (default 6000); the timelock
                --delay (default 86400 s) and --grace period (default 604800 s); the guardian
                defaults to the deployer. The deployer's key comes from the environment
                variable RISKGOV_SIGNER_KEY; on a local chain (id 31337) --dev-key I uses anvil's
                public development key I instead and, without --members, the first five
                development accounts as a committee of equal weights.
        read    prints the current (or --version N) parameter set as params.json and, on stderr,
                whether its stored hash equals the keccak-256 of its canonical JSON.
        verify  compares the on-chain values and hash with parameter set P field by field and
                prints the differences as JSON; exit 0 when equal, 3 when they differ.

        """;
}
