#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "N passed, N failed".
# Set-up (Debian packages, npm, dotnet restore and build) happens first, by itself.
set -uo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=$(mktemp -d)
passed=0
failed=0
# One test project at a time: the machine has two cores and the end-to-end tests start real servers.
for project in $(ls tests/*/*.Tests.csproj | sort); do
  name=$(basename "$(dirname "$project")")
  echo "== $name"
  log="$results/$name.log"
  trx="$results/$name.trx"
  # setup.sh built the whole solution: no build check per project (about five seconds each).
  timeout 1800 dotnet test "$project" --no-build --nologo --verbosity quiet \
      --logger "console;verbosity=normal" --logger "trx;LogFileName=$trx" >"$log" 2>&1
  code=$?
  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)
  if [ -n "$counters" ]; then
    count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    p=$(count passed); f=$(count failed); t=$(count total); e=$(count executed)
    # Skipped or not executed tests count as failed: a skipped test left in is a defect.
    missing=$((t - e))
    passed=$((passed + p)); failed=$((failed + f + missing))
    echo "$name: $p passed, $f failed, $missing not run"
    if [ "$f" != "0" ]; then grep -E "^\s+Failed |Error Message" -A4 "$log" | head -80; fi
  else
    failed=$((failed + 1))
    echo "$name: the test run did not finish (exit $code); last lines:"
    tail -40 "$log"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
