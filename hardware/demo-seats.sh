#!/usr/bin/env bash
# Demo hardware seats for run.sh: two Seat Bus lines of simulated seat units on socat pty pairs, behind the seat gateway.
# Seats 1-10 on line 0 and 11-20 on line 1 hold their demo deputies' cards, register when the secretary opens
# registration and press a key a few seconds after a vote opens; seats 21-27 are left to tablets.
# Usage: hardware/demo-seats.sh DATA_DIR HALL_URL [RUN_DIR]   (needs socat; stops its children on TERM/INT/EXIT)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR=${1:?DATA_DIR}; URL=${2:?HALL_URL}; RUN_DIR=${3:-$DATA_DIR/run}
BAUD=${SEATBUS_BAUD:-115200}
GATEWAY=${SEAT_GATEWAY_DLL:-hardware/Session.SeatGateway/bin/Debug/net10.0/Session.SeatGateway.dll}
SIMULATOR=${SEAT_SIMULATOR_DLL:-hardware/Session.SeatSimulator/bin/Debug/net10.0/Session.SeatSimulator.dll}
command -v socat >/dev/null || { echo "demo-seats: socat is missing (apt-get install socat)"; exit 1; }
[ -f "$GATEWAY" ] && [ -f "$SIMULATOR" ] || { echo "demo-seats: build first (dotnet build Session.sln)"; exit 1; }
[ -f "$DATA_DIR/gateway.key" ] || { echo "demo-seats: $DATA_DIR/gateway.key missing (start hall-server with --demo)"; exit 1; }
mkdir -p "$RUN_DIR"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

for line in 0 1; do
  rm -f "$RUN_DIR/seatbus-$line"{a,b}
  socat "pty,raw,echo=0,link=$RUN_DIR/seatbus-${line}a" "pty,raw,echo=0,link=$RUN_DIR/seatbus-${line}b" 2>>"$RUN_DIR/socat.log" &
  pids+=($!)
done
for _ in $(seq 1 100); do [ -e "$RUN_DIR/seatbus-0b" ] && [ -e "$RUN_DIR/seatbus-1b" ] && break; sleep 0.1; done

dotnet "$SIMULATOR" --tty "$RUN_DIR/seatbus-0a" --baud "$BAUD" --addresses 1-10 --cards 04A22B:1 --auto-vote \
  </dev/null >"$RUN_DIR/seat-simulator-0.log" 2>&1 &
pids+=($!)
dotnet "$SIMULATOR" --tty "$RUN_DIR/seatbus-1a" --baud "$BAUD" --addresses 1-10 --cards 04A22B:11 --auto-vote \
  </dev/null >"$RUN_DIR/seat-simulator-1.log" 2>&1 &
pids+=($!)

cat >"$RUN_DIR/gateway.json" <<JSON
{
  "hubUrl": "$URL",
  "keyFile": "$DATA_DIR/gateway.key",
  "stateFile": "$RUN_DIR/gateway.outbox.jsonl",
  "lines": [
    { "tty": "$RUN_DIR/seatbus-0b", "baud": $BAUD, "addresses": "1-10", "firstSeat": 1 },
    { "tty": "$RUN_DIR/seatbus-1b", "baud": $BAUD, "addresses": "1-10", "firstSeat": 11 }
  ]
}
JSON
dotnet "$GATEWAY" --config "$RUN_DIR/gateway.json" </dev/null >"$RUN_DIR/seat-gateway.log" 2>&1 &
pids+=($!)
echo "Hardware seats 1-20: two Seat Bus lines ($BAUD baud) on $RUN_DIR/seatbus-{0,1}{a,b}; logs $RUN_DIR/seat-*.log"
echo "Hall check of line 0 (stop the gateway first): dotnet $GATEWAY monitor --port $RUN_DIR/seatbus-0b --baud $BAUD --addresses 1-10"
wait
