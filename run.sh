#!/usr/bin/env bash
# Installs what the app needs and starts it. Until the portal exists this runs the margin
# engine's command line on the bundled examples and prints the result.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== npm tools for the local chain (anvil, cast, solc) =="
(cd src/RiskGovernance.Contracts && npm ci --no-audit --no-fund --loglevel=error)

echo "== restore and build =="
dotnet build src/RiskGovernance.Cli/RiskGovernance.Cli.csproj -c Release -nologo -clp:ErrorsOnly

cli=src/RiskGovernance.Cli/bin/Release/net10.0/riskgov.dll
examples=src/RiskGovernance.Cli/examples
echo "== riskgov margin on $examples =="
dotnet "$cli" margin --market "$examples/market.json" --params "$examples/params.json" --book "$examples/book.json"
