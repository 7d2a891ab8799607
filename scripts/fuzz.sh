#!/usr/bin/env bash
# Fuzzes every byte that comes into Session with afl++ and SharpFuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh [--minutes N | --seconds N] [--seed N] [--out DIR] [--no-build] [TARGET ...]
#
# Targets: seatbus hid hub-json hub-msgpack csv journal (all when none is named). Each runs for the time given
# (default 10 minutes) from the seed corpus in fuzz/corpus/TARGET/. Fails (exit 1) when any target found a crash or a
# hang, printing each crashing input and the exception it raises; exit 2 when the fuzzer could not be run at all.
# --no-build uses fuzz/Session.Fuzz/bin/Debug as it is (after a solution build), skipping the dotnet build step.
# --seed N fixes afl's random seed (CI's smoke does, so that a red run can be repeated; campaigns on demand explore).
# Findings stay under DIR/TARGET/default/{crashes,hangs}; DIR/summary.tsv has the figures per target.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=600
seed=()
build=1
out="${TMPDIR:-/tmp}/session-fuzz"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seed) seed=(-s "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "fuzz: afl-fuzz is missing (apt-get install afl++; scripts/setup.sh installs it)" >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
if [ "$build" -eq 1 ]; then dotnet build fuzz/Session.Fuzz/Session.Fuzz.csproj -nologo -v q -clp:ErrorsOnly >/dev/null; fi

# Instrument copies, never the build output the tests run.
bin="$out/bin"
rm -rf "$bin"
mkdir -p "$bin"
cp -r fuzz/Session.Fuzz/bin/Debug/net10.0/. "$bin/"
for dll in Session.Core Session.Hardware Session.HallServer Session.Publishing; do
  dotnet tool run sharpfuzz "$bin/$dll.dll" >/dev/null
done
harness="$bin/Session.Fuzz.dll"
plain="fuzz/Session.Fuzz/bin/Debug/net10.0/Session.Fuzz.dll"

if [ ${#targets[@]} -eq 0 ]; then mapfile -t targets < <(dotnet "$harness" --list); fi

# afl++ in a shared machine: no CPU pinning, no core-dump pattern demands, no screen. A .NET start-up under load is
# slow, so the fork server gets a minute to say hello. The heap limit turns an unbounded allocation into a crash.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
       AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_QUIET=1
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}

printf 'target\tseconds\texecs\tpaths\tedges\tcrashes\thangs\n' > "$out/summary.tsv"
found=0
for t in "${targets[@]}"; do
  [ -d "fuzz/corpus/$t" ] || { echo "fuzz: no corpus for target '$t' (fuzz/corpus/$t)" >&2; exit 2; }
  rm -rf "${out:?}/$t"
  echo "== fuzz $t for ${seconds}s"
  log="$out/$t.log"
  set +e
  DOTNET_GCHeapHardLimit=0x20000000 afl-fuzz -i "fuzz/corpus/$t" -o "$out/$t" -t "$timeout_ms" -m none -V "$seconds" "${seed[@]}" \
      -- dotnet "$harness" "$t" >"$log" 2>&1
  code=$?
  set -e
  stats="$out/$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz: afl-fuzz did not run target $t (exit $code); last lines of $log:" >&2
    tail -30 "$log" >&2
    exit 2
  fi
  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(find "$out/$t/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$out/$t/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$seconds" "$(stat execs_done)" "$(stat corpus_count)" "$(stat edges_found)" "$crashes" "$hangs" >> "$out/summary.tsv"
  echo "$t: $(stat execs_done) executions, $(stat corpus_count) paths, $(stat edges_found) edges, $crashes crashes, $hangs hangs"
  for f in "$out/$t/default/crashes"/id:* "$out/$t/default/hangs"/id:*; do
    [ -f "$f" ] || continue
    found=1
    echo "-- $t finding $f"
    echo "   input (base64): $(base64 -w0 "$f" | head -c 8000)"
    timeout 60 dotnet "$plain" "$t" "$f" 2>&1 | head -40 || true
  done
done

column -t "$out/summary.tsv"
if [ "$found" -ne 0 ]; then
  echo "fuzz: crashes or hangs found (inputs under $out/*/default/{crashes,hangs})" >&2
  exit 1
fi
echo "fuzz: no crash, no hang"
