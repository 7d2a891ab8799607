#!/usr/bin/env bash
# Starts the demo hall: hall-server (SQLite, co-hosted Orleans, demo council), simulated seat units behind the
# seat gateway, and the broadcast with a test pattern into a local RTMP sink. Prints the URLs to open. Ctrl+C stops all.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DATA_DIR="${SESSION_DATA_DIR:-$PWD/data}"
URL="${SESSION_URL:-http://127.0.0.1:5000}"
RUN_DIR="$DATA_DIR/run"
mkdir -p "$RUN_DIR"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "Starting hall-server on $URL (data in $DATA_DIR)…"
dotnet hall-server/Session.HallServer/bin/Debug/net10.0/Session.HallServer.dll \
  --urls "$URL" --data-dir "$DATA_DIR" --demo >"$RUN_DIR/hall-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  grep -q "SESSION-READY" "$RUN_DIR/hall-server.log" 2>/dev/null && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "hall-server stopped:"; tail -30 "$RUN_DIR/hall-server.log"; exit 1; fi
  sleep 0.5
done
grep -q "SESSION-READY" "$RUN_DIR/hall-server.log" || { echo "hall-server did not start; see $RUN_DIR/hall-server.log"; exit 1; }

# Hardware seats 1-20: simulated Seat Bus units on socat pty pairs behind the seat gateway (seats 21-27 for tablets).
hardware/demo-seats.sh "$DATA_DIR" "$URL" "$RUN_DIR" &
pids+=($!)

# The live stream: a test pattern with live overlays into a local RTMP sink (HLS and snapshots in DATA_DIR/stream).
export SESSION_STREAM_KEY="${SESSION_STREAM_KEY:-demo-stream-key}"
broadcast/demo-sink.sh "$DATA_DIR/stream" 1935 >"$RUN_DIR/sink.log" 2>&1 &
pids+=($!)
dotnet broadcast/Session.Broadcast/bin/Debug/net10.0/Session.Broadcast.dll --hall "$URL" --source testsrc \
  --rtmp rtmp://127.0.0.1:1935/live --archive "$DATA_DIR/archive" --size 1280x720 --fps 25 \
  --hall-key-file "$DATA_DIR/broadcast.key" >"$RUN_DIR/broadcast.log" 2>&1 &
pids+=($!)

sed -n '/Session: зал готовий/,/SESSION-READY/p' "$RUN_DIR/hall-server.log" | grep -v SESSION-READY
echo "  Трансляція / live stream:            ffplay $DATA_DIR/stream/live.m3u8  (snapshot every 2 s: $DATA_DIR/stream/latest.jpg; archive in $DATA_DIR/archive)"
echo
echo "Logs: $RUN_DIR/*.log   ·   Ctrl+C stops everything."
wait "${pids[0]}"
