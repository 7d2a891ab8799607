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
  timeout 1800 dotnet test "$project" --nologo --verbosity quiet \
      --logger "console;verbosity=normal" --results-directory "$results/$name" >"$log" 2>&1
  code=$?
  summary=$(grep -E "^(Passed|Failed)!  - Failed:" "$log" | tail -1)
  if [ -n "$summary" ]; then
    f=$(echo "$summary" | sed -E 's/.*Failed: *([0-9]+),.*/\1/')
    p=$(echo "$summary" | sed -E 's/.*Passed: *([0-9]+),.*/\1/')
    s=$(echo "$summary" | sed -E 's/.*Skipped: *([0-9]+),.*/\1/')
    passed=$((passed + p)); failed=$((failed + f + s))
    echo "$summary"
    if [ "$f" != "0" ]; then grep -E "^\s+Failed |Error Message|^\s{2,}[A-Za-z].*Exception" "$log" | head -60; fi
  else
    failed=$((failed + 1))
    echo "$name: the test run did not finish (exit $code); last lines:"
    tail -40 "$log"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
