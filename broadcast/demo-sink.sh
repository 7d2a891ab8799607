#!/usr/bin/env bash
# A local RTMP "ingest" for the demo: receives the broadcast's stream on rtmp://127.0.0.1:PORT/live/KEY and writes it as
# HLS (watch with: ffplay DIR/live.m3u8, or mpv/VLC) plus a snapshot every 2 s (DIR/latest.jpg). One ffmpeg accepts one
# publisher, so it is restarted after each disconnect — as YouTube's ingest would accept the broadcast's reconnection.
# Usage: broadcast/demo-sink.sh DIR [PORT] ; the key comes from SESSION_STREAM_KEY (never printed).
set -uo pipefail
dir="${1:?usage: demo-sink.sh DIR [PORT]}"
port="${2:-1935}"
key="${SESSION_STREAM_KEY:?set SESSION_STREAM_KEY}"
mkdir -p "$dir"
child=""
trap '[ -n "$child" ] && kill "$child" 2>/dev/null; exit 0' INT TERM
echo "demo sink listening on rtmp://127.0.0.1:$port/live/**** → $dir/live.m3u8"
while true; do
  ffmpeg -hide_banner -nostdin -loglevel warning -listen 1 -i "rtmp://127.0.0.1:$port/live/$key" \
    -map 0 -c copy -f hls -hls_time 2 -hls_list_size 10 -hls_flags delete_segments+omit_endlist "$dir/live.m3u8" \
    -map 0:v -vf fps=1/2 -update 1 -y "$dir/latest.jpg" 2> >(sed -u "s#$key#****#g" >&2) &
  child=$!
  wait "$child"
  sleep 1
done
