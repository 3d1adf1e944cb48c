#!/usr/bin/env bash
# Installs what the tests need and runs every test of the solution.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -f src/RiskGovernance.Contracts/package.json ]; then
  echo "== npm tools (solc, anvil, cast) =="
  (cd src/RiskGovernance.Contracts && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "== npm packages of the node contract tests (ethers) =="
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

echo "== chromium for the browser tests (Debian package; Playwright drives /usr/bin/chromium) =="
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
chromium --version

echo "== restore and build =="
dotnet restore RiskGovernance.sln
dotnet build RiskGovernance.sln --no-restore -c Release -nologo -clp:ErrorsOnly

echo "== tests =="
mkdir -p TestResults
log=TestResults/test-output.log
set +e
dotnet test RiskGovernance.sln --no-build -c Release -nologo \
  --logger "console;verbosity=normal" --results-directory TestResults 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
count() { awk -v key="$1" '$1 == key":" && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log"; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)

echo "== node contract tests (ethers on anvil: tests/node) =="
node_tap=TestResults/node-test.tap
rm -f "$node_tap"
set +e
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$node_tap" tests/node/ 2>&1 | tee TestResults/node-test-output.log
node_status=${PIPESTATUS[0]}
set -e
# node's TAP summary lines: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N"
node_count() {
  if [ -f "$node_tap" ]; then
    awk -v key="$1" '$1 == "#" && $2 == key && $3 ~ /^[0-9]+$/ && NF == 3 {s += $3} END {print s + 0}' "$node_tap"
  else
    echo 0
  fi
}
node_passed=$(node_count pass)
node_failed=$(( $(node_count fail) + $(node_count cancelled) ))
node_skipped=$(( $(node_count skipped) + $(node_count todo) ))
echo "node: $node_passed passed, $node_failed failed, $node_skipped skipped"
passed=$((passed + node_passed))
failed=$((failed + node_failed))
skipped=$((skipped + node_skipped))
echo
if [ "$failed" -ne 0 ]; then
  # Repeat the failures last, where a truncated CI log still shows them.
  echo "== failed tests =="
  grep -E '^[[:space:]]+Failed [A-Za-z]' "$log" | sed 's/^[[:space:]]*//' || true
  grep -E -A12 '^[[:space:]]+Failed [A-Za-z]' "$log" | grep -E 'Error Message|Assert|Exception' | head -40 || true
  grep -E '^[[:space:]]*✖' TestResults/node-test-output.log || true
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
if [ "$node_status" -ne 0 ] || [ "$node_passed" -eq 0 ]; then exit 1; fi
