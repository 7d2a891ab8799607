#!/usr/bin/env bash
# Starts the demo hall: hall-server (SQLite, co-hosted Orleans, demo council), simulated seat units behind the
# seat gateway, and the broadcast with a test pattern into a local RTMP sink. Prints the URLs to open. Ctrl+C stops all.
# ./run.sh --cluster [--nodes 3] starts the regional host instead (scripts/cluster.sh).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ./run.sh --cluster [--nodes N]: the regional host instead (Redis, N nodes, nginx; scripts/cluster.sh, docs/deploy.md).
if [ "${1:-}" = "--cluster" ]; then
  shift
  scripts/cluster.sh up "$@"
  trap 'scripts/cluster.sh down' EXIT INT TERM
  echo "Ctrl+C stops the cluster."
  while sleep 3600; do :; done
fi
DATA_DIR="${SESSION_DATA_DIR:-$PWD/data}"
# Every port is chosen free at run time unless given: two demos on one machine never meet.
URL="${SESSION_URL:-http://127.0.0.1:0}"
RTMP_PORT="${SESSION_RTMP_PORT:-$(scripts/free-port.sh)}"
CAMERA_PORT="${SESSION_CAMERA_PORT:-$(scripts/free-port.sh)}"  # UDP; a port free for TCP is taken as free
RUN_DIR="$DATA_DIR/run"
mkdir -p "$RUN_DIR"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "Starting hall-server (data in $DATA_DIR)…"
dotnet hall-server/Session.HallServer/bin/Debug/net10.0/Session.HallServer.dll \
  --urls "$URL" --data-dir "$DATA_DIR" --demo --Hall:PublicRelay:Enabled=true \
  --Hall:PublicRelay:Url="${SESSION_PUBLIC_URL:-}" >"$RUN_DIR/hall-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  grep -q "SESSION-READY" "$RUN_DIR/hall-server.log" 2>/dev/null && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "hall-server stopped:"; tail -30 "$RUN_DIR/hall-server.log"; exit 1; fi
  sleep 0.5
done
grep -q "SESSION-READY" "$RUN_DIR/hall-server.log" || { echo "hall-server did not start; see $RUN_DIR/hall-server.log"; exit 1; }
URL=$(grep -o "SESSION-READY .*" "$RUN_DIR/hall-server.log" | head -1 | cut -d' ' -f2)

# Hardware seats 1-20: simulated Seat Bus units on socat pty pairs behind the seat gateway (seats 21-27 for tablets).
hardware/demo-seats.sh "$DATA_DIR" "$URL" "$RUN_DIR" &
pids+=($!)

# The live stream: a test pattern with live overlays into a local RTMP sink (HLS and snapshots in DATA_DIR/stream).
# Each sitting's recording is joined when it closes (DATA_DIR/recordings-local, the broadcast's archive copy) and sent to
# the hall with the broadcast key; the hall keeps what it publishes in DATA_DIR/recordings.
export SESSION_STREAM_KEY="${SESSION_STREAM_KEY:-demo-stream-key}"
broadcast/demo-sink.sh "$DATA_DIR/stream" "$RTMP_PORT" >"$RUN_DIR/sink.log" 2>&1 &
pids+=($!)
# A simulated PTZ camera (VISCA over IP) that logs the preset recalls; seat N is preset 10+N, the overview preset 1.
broadcast/demo-camera.sh "$CAMERA_PORT" >"$RUN_DIR/camera.log" 2>&1 &
pids+=($!)
{ printf '{"overview": 1, "seats": {'; for n in $(seq 1 27); do printf '"%d": %d%s' "$n" $((10 + n)) "$([ "$n" -lt 27 ] && echo ,)"; done; printf '}}\n'; } >"$DATA_DIR/camera-presets.json"
dotnet broadcast/Session.Broadcast/bin/Debug/net10.0/Session.Broadcast.dll --hall "$URL" --source testsrc \
  --rtmp "rtmp://127.0.0.1:$RTMP_PORT/live" --archive "$DATA_DIR/archive" --size 1280x720 --fps 25 \
  --interpreter testsrc --interpreter-corner bottom-right \
  --camera "visca-udp://127.0.0.1:$CAMERA_PORT" --camera-presets "$DATA_DIR/camera-presets.json" --camera-hold 4 \
  --recordings "$DATA_DIR/recordings-local" \
  --hall-key-file "$DATA_DIR/broadcast.key" >"$RUN_DIR/broadcast.log" 2>&1 &
pids+=($!)

sed -n '/Session: зал готовий/,/SESSION-READY/p' "$RUN_DIR/hall-server.log" | grep -v SESSION-READY
echo "  Трансляція / live stream:            ffplay $DATA_DIR/stream/live.m3u8  (snapshot every 2 s: $DATA_DIR/stream/latest.jpg; archive in $DATA_DIR/archive)"
echo "  Перекладач і камера / interpreter, camera: the interpreter window (a second test pattern) is switched on the secretary's"
echo "                                       stream panel; the simulated camera logs its preset recalls to $RUN_DIR/camera.log"
echo
echo "Logs: $RUN_DIR/*.log   ·   Ctrl+C stops everything."
wait "${pids[0]}"
