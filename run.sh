#!/usr/bin/env bash
# Installs what the app needs and runs it. Until the portal exists this shows the two finished
# layers on embedded defaults: the margin engine on the bundled example book, and the on-chain
# parameter registry on a local anvil chain (deploy, read back, verify against the approved set).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== npm tools for the local chain (anvil, cast, solc) =="
(cd src/RiskGovernance.Contracts && npm ci --no-audit --no-fund --loglevel=error)

echo "== restore and build the riskgov command line =="
out=.run/riskgov
dotnet publish src/RiskGovernance.Cli/RiskGovernance.Cli.csproj -c Release -o "$out" -nologo -clp:ErrorsOnly >/dev/null
riskgov() { dotnet "$out/riskgov.dll" "$@"; }
examples=src/RiskGovernance.Cli/examples

echo
echo "== riskgov margin on $examples (market.json, params.json, book.json) =="
riskgov margin --market "$examples/market.json" --params "$examples/params.json" --book "$examples/book.json"

echo
echo "== the parameter registry on a local anvil chain =="
anvil=src/RiskGovernance.Contracts/node_modules/.bin/anvil
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18545)
"$anvil" --host 127.0.0.1 --port "$port" --silent &
anvil_pid=$!
trap 'kill "$anvil_pid" 2>/dev/null || true' EXIT
rpc="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "anvil (chain 31337) at $rpc, pid $anvil_pid"
mkdir -p .run
riskgov registry deploy --rpc "$rpc" --params "$examples/params.json" --dev-key 0 --out .run/registry.json
cat .run/registry.json; echo
registry=$(sed -n 's/.*"registry": "\(0x[0-9a-fA-F]*\)".*/\1/p' .run/registry.json)
echo "-- riskgov registry read --address $registry"
riskgov registry read --rpc "$rpc" --address "$registry"
echo "-- riskgov registry verify --address $registry --params $examples/params.json"
riskgov registry verify --rpc "$rpc" --address "$registry" --params "$examples/params.json"
echo
echo "Done. The registry lived on a throw-away local chain that stops with this script."
echo "Try more: dotnet $out/riskgov.dll --help"
