#!/usr/bin/env bash
# Installs what the app needs and starts the RiskGovernance portal on embedded defaults:
#   - a local anvil chain (chain id 31337) whose state is kept in .run/chain/ between runs,
#   - the parameter registry deployed on it with the demo committee, three price feeds per asset
#     (OperatedPriceFeed) and the demo protocol's MarginAccounts contract (first run only; later runs
#     check that the chain still holds them, by address and code hash, and stop if it does not),
#   - a SQLite database in .run/data/ seeded with the demo committee, a 3,000-account book generated
#     from the real market data and opened on MarginAccounts by one transaction per account (the
#     stored book is rebuilt from the contract's logs), one executed and one active proposal (first
#     run only; never moved or replaced),
#   - inside the portal: the chain follower (indexes MarginAccounts, reads the feeds, stores a new
#     snapshot when the book or a price changes) and the demo price feeder (replays November 2022,
#     the FTX collapse, as relative moves, one day every 20 s; pause/resume on /live; its position
#     is kept in .run/data/feeder.json),
#   - a key in .run/secrets/ that encrypts the portal's session keys at rest (made on first run),
#   - the portal in Development, with the development wallet (public anvil keys, local only).
# Options: PORT=5000 (portal), CHAIN_PORT=8545 (anvil), RESET=1 (start from a fresh chain and database).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

port=${PORT:-5000}
chain_port=${CHAIN_PORT:-8545}
free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "== npm tools for the local chain (anvil, cast, solc) =="
(cd src/RiskGovernance.Contracts && npm ci --no-audit --no-fund --loglevel=error)

echo "== restore and publish the portal and the riskgov command line =="
dotnet publish src/RiskGovernance.Web/RiskGovernance.Web.csproj -c Release -o .run/portal -nologo -clp:ErrorsOnly >/dev/null
dotnet publish src/RiskGovernance.Cli/RiskGovernance.Cli.csproj -c Release -o .run/riskgov -nologo -clp:ErrorsOnly >/dev/null

if [[ "${RESET:-0}" == "1" ]]; then
  echo "== RESET=1: removing the local chain state and the database =="
  rm -rf .run/chain .run/data
fi
(umask 077 && mkdir -p .run/chain .run/data .run/secrets)
if [[ ! -s .run/secrets/dataprotection.key ]]; then
  echo "== a key that encrypts the portal's session keys at rest: .run/secrets/dataprotection.key =="
  (umask 077 && head -c 32 /dev/urandom | base64 > .run/secrets/dataprotection.key)
fi
export RISKGOV_DATAPROTECTION_KEY
RISKGOV_DATAPROTECTION_KEY=$(cat .run/secrets/dataprotection.key)

free "$chain_port" || { chain_port=$(free_port); echo "port ${CHAIN_PORT:-8545} is busy; anvil uses $chain_port"; }
free "$port" || { port=$(free_port); echo "port ${PORT:-5000} is busy; the portal uses $port"; }

echo "== local chain: anvil on 127.0.0.1:$chain_port (state kept in .run/chain/state.json) =="
anvil=src/RiskGovernance.Contracts/node_modules/.bin/anvil
"$anvil" --host 127.0.0.1 --port "$chain_port" --silent --state .run/chain/state.json --state-interval 2 &
anvil_pid=$!
portal_pid=""
stop() {
  [[ -n "$portal_pid" ]] && kill "$portal_pid" 2>/dev/null && wait "$portal_pid" 2>/dev/null
  kill "$anvil_pid" 2>/dev/null && wait "$anvil_pid" 2>/dev/null
  true
}
trap stop EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$chain_port") 2>/dev/null && break
  sleep 0.1
done

url="http://127.0.0.1:$port"
echo "== the portal (first run: deploys the contracts and opens the 3,000 demo accounts on chain, about a minute) =="
# The public origin: the sign-in messages name it, and requests for any other host are refused.
ASPNETCORE_ENVIRONMENT=Development dotnet .run/portal/RiskGovernance.Web.dll \
  --contentRoot "$root/.run/portal" --urls "$url" \
  --Chain:RpcUrl "http://127.0.0.1:$chain_port" \
  --Persistence:DataDirectory "$root/.run/data" \
  --Portal:PublicOrigin "$url" \
  --Portal:Demo:Enabled true --Portal:DevWallet true &
portal_pid=$!
for _ in $(seq 1 600); do
  if curl -fsS "$url/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$portal_pid" 2>/dev/null; then echo "the portal stopped; see the messages above" >&2; exit 1; fi
  sleep 0.2
done

cat <<MSG

  RiskGovernance portal:  $url
  local chain (anvil):    http://127.0.0.1:$chain_port   (chain id 31337)

  First clicks: Sign in -> Development wallet -> "Ada Lovelace (risk lead)"; open Proposals and the
  active proposal (impact, votes, vote panel); New proposal to draft a change; Registry to check
  the on-chain values against the approved proposal. Live: the price feeder replays the FTX
  collapse into the feeds and every round makes a new snapshot (Snapshots, Liquidation alerts);
  pause or resume it on $url/live (signed-in members).
  Command line: dotnet .run/riskgov/riskgov.dll --help
  Ctrl+C stops the portal and the chain (their state is kept in .run/; RESET=1 ./run.sh starts afresh).

MSG
wait "$portal_pid"
