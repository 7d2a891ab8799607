#!/usr/bin/env bash
# Restart-to-listening of the hall server, kill -9 after kill -9 on one data dir, with each start-up step's time from
# the server's own "Start-up: …" log lines. Usage: bench/restart-time.sh [RUNS] [SERVER_DIR ...]
# SERVER_DIR: folders holding Session.HallServer.dll (default: the test build's output); several are run alternately
# (before/after builds in the same run). Prints one line per start and the per-step medians per build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"; shift || true
dirs=("$@")
[ "${#dirs[@]}" -gt 0 ] || dirs=("tests/Session.HallServer.Tests/bin/Debug/net10.0")
work="$(mktemp -d /tmp/session-restart-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export SESSION_SECRETARY_PASSWORD="restart-bench-$RANDOM$RANDOM" DOTNET_gcServer=0

start_once() { # $1 server dir, $2 data dir, $3 log file → prints ms to SESSION-READY
  local t0 t1 pid
  t0=$(date +%s%N)
  dotnet "$1/Session.HallServer.dll" --urls http://127.0.0.1:0 --data-dir "$2" --demo >"$3" 2>&1 &
  pid=$!
  until grep -q '^SESSION-READY ' "$3" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited: $(tail -5 "$3")" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

declare -A data
for d in "${dirs[@]}"; do
  data[$d]="$work/data-$(echo "$d" | md5sum | cut -c1-6)"
  start_once "$d" "${data[$d]}" "$work/first.log" >/dev/null  # first start: seeds the demo, not counted
done
for i in $(seq 1 "$runs"); do
  for d in "${dirs[@]}"; do
    log="$work/run-$i-$(echo "$d" | md5sum | cut -c1-6).log"
    ms=$(start_once "$d" "${data[$d]}" "$log")
    echo "$d run $i: SESSION-READY after $ms ms"
    echo "$ms" >>"$work/ready-$(echo "$d" | md5sum | cut -c1-6)"
  done
done
for d in "${dirs[@]}"; do
  h=$(echo "$d" | md5sum | cut -c1-6)
  echo "== $d: SESSION-READY ms (sorted): $(sort -n "$work/ready-$h" | tr '\n' ' ')"
  cat "$work"/run-*-"$h".log | python3 -c '
import re, sys, statistics
steps = {}
for line in sys.stdin:
    m = re.search(r"Start-up: (.*?) took (\d+) ms( \(in the background\))?, (\d+) ms since", line)
    if m: steps.setdefault(m.group(1) + (" (background)" if m.group(3) else ""), []).append((int(m.group(2)), int(m.group(4))))
for step, v in steps.items():
    print(f"   {step:<62} took median {statistics.median(t for t, _ in v):6.0f} ms, ends at median {statistics.median(e for _, e in v):6.0f} ms (n={len(v)})")
'
done
