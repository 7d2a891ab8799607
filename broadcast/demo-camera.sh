#!/usr/bin/env bash
# A simulated PTZ camera for the demo: listens for VISCA over IP on UDP 127.0.0.1:PORT, logs every preset recall
# ("camera: preset 13 recalled (seq 2)") and answers each command with a VISCA ACK carrying the same sequence number.
# Usage: broadcast/demo-camera.sh [PORT]   (socat forks this script once per datagram with --reply)
set -uo pipefail
if [ "${1:-}" = "--reply" ]; then
  # One datagram on stdin: 8-byte header (type, length, sequence) + 81 01 04 3F 02 pp FF.
  read -r -a b < <(head -c 15 | od -An -v -tx1 | tr '\n' ' ')
  [ "${#b[@]}" -ge 15 ] || exit 0
  seq=$(( 16#${b[4]}${b[5]}${b[6]}${b[7]} ))
  if [ "${b[8]}${b[9]}${b[10]}${b[11]}${b[12]}" = "8101043f02" ]; then
    echo "$(date +%H:%M:%S) camera: preset $(( 16#${b[13]} )) recalled (seq $seq)" >&2
  else
    echo "$(date +%H:%M:%S) camera: command ${b[*]:8} (seq $seq)" >&2
  fi
  printf "$(printf '\\x%s' 01 11 00 03 "${b[4]}" "${b[5]}" "${b[6]}" "${b[7]}" 90 41 ff)"
  exit 0
fi
port="${1:-52381}"
echo "demo camera: VISCA over IP on udp://127.0.0.1:$port"
exec socat UDP4-RECVFROM:"$port",bind=127.0.0.1,fork EXEC:"$0 --reply"
