#!/usr/bin/env bash
# A regional host on this machine (docs/deploy.md "scripts/cluster.sh"): PostgreSQL (the journal, the registry and the
# audit chains; run as the postgres user), Redis, N hall-server nodes in one Orleans cluster with the SignalR backplane
# on that Redis, and nginx in front, all on free ports of 127.0.0.1.
#   scripts/cluster.sh up [--nodes 3] [--storage postgres|sqlite] [--data-dir DIR]
#   scripts/cluster.sh down [--data-dir DIR]
#   scripts/cluster.sh status [--data-dir DIR]
# State (pids, ports, logs) is kept in DATA_DIR/cluster; `up` refuses to start a second cluster on the same data dir.
set -euo pipefail
cd "$(dirname "$0")/.."

cmd=${1:-}; shift || true
NODES=3
STORAGE=postgres
DATA_DIR="${SESSION_CLUSTER_DATA_DIR:-$PWD/data-cluster}"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES=${2:?--nodes N}; shift 2 ;;
    --storage) STORAGE=${2:?--storage sqlite|postgres}; shift 2 ;;
    --data-dir) DATA_DIR=${2:?--data-dir DIR}; shift 2 ;;
    *) echo "cluster.sh: невідомий параметр / unknown option: $1" >&2; exit 2 ;;
  esac
done
case "$NODES" in ''|*[!0-9]*) echo "cluster.sh: --nodes: ціле число від 1 до 9 / a whole number from 1 to 9" >&2; exit 2 ;; esac
if [ "$NODES" -lt 1 ] || [ "$NODES" -gt 9 ]; then echo "cluster.sh: --nodes: від 1 до 9 / from 1 to 9" >&2; exit 2; fi
DATA_DIR=$(mkdir -p "$DATA_DIR" && cd "$DATA_DIR" && pwd)
RUN="$DATA_DIR/cluster"
SERVER=${SESSION_HALL_DLL:-hall-server/Session.HallServer/bin/Debug/net10.0/Session.HallServer.dll}

healthy() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3).read()' "$1" 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Starts a command in its own session, detached from this shell, its output in a log; records its pid.
spawn() {
  local name=$1; shift
  setsid "$@" </dev/null >"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

stop_all() {
  [ -d "$RUN" ] || return 0
  local pids=()
  for f in "$RUN"/nginx.pid "$RUN"/node-*.pid "$RUN"/redis.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then kill -TERM "$(cat "$f")" 2>/dev/null || true; pids+=("$(cat "$f")"); fi
    rm -f "$f"
  done
  for _ in $(seq 1 100); do
    local left=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  # PostgreSQL last, once no node writes: a fast shutdown (open sessions ended, everything committed is on disk).
  if [ -f "$RUN/postgres/data/postmaster.pid" ]; then as_postgres "$(pg_bin)/pg_ctl" stop -w -m fast -D "$RUN/postgres/data" >/dev/null 2>&1 || true; fi
  rm -f "$RUN/state"
}

# Debian's newest PostgreSQL; initdb refuses root, so as root the server runs as the postgres user.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Starts PostgreSQL in RUN/postgres (made once, kept by `down`) on a free loopback port; exports the nodes' settings.
start_postgres() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { echo "cluster.sh: PostgreSQL бракує / is missing: run ./scripts/setup.sh" >&2; exit 1; }
  local dir="$RUN/postgres" port; port=$(free_port)
  mkdir -p "$dir"
  if [ ! -f "$dir/password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/password")
  fi
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$dir/data" -U session --pwfile "$dir/password" --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$RUN/postgres-init.log" 2>&1 \
      || { echo "cluster.sh: initdb failed; see $RUN/postgres-init.log"; false; }
  fi
  as_postgres "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/postgres.log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" >/dev/null \
    || { echo "cluster.sh: PostgreSQL did not start; see $dir/postgres.log"; false; }
  local password; password=$(cat "$dir/password")
  PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U session -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='session'" | grep -q 1 \
    || PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U session -d postgres -qc "CREATE DATABASE session" >/dev/null
  # By environment, never on a command line: the connection string holds the password.
  export Hall__Storage=postgres ConnectionStrings__Session="Host=127.0.0.1;Port=$port;Database=session;Username=session;Password=$password"
  PG_WHERE="127.0.0.1:$port/session"
}

wait_ready() { # LOG PIDFILE WHAT
  for _ in $(seq 1 480); do
    grep -q "SESSION-READY" "$1" 2>/dev/null && return 0
    alive "$2" || { echo "cluster.sh: $3 зупинився / stopped:"; tail -30 "$1"; return 1; }
    sleep 0.5
  done
  echo "cluster.sh: $3 не запустився / did not start; see $1"; return 1
}

up() {
  if alive "$RUN/nginx.pid" || alive "$RUN/node-1.pid"; then
    echo "cluster.sh: кластер уже працює / a cluster already runs on $DATA_DIR ($(grep '^url=' "$RUN/state" 2>/dev/null | cut -d= -f2-)); run: scripts/cluster.sh down" >&2
    exit 1
  fi
  case "$STORAGE" in
    sqlite|postgres) ;;
    *) echo "cluster.sh: --storage: sqlite або postgres / sqlite or postgres" >&2; exit 2 ;;
  esac
  for tool in redis-server /usr/sbin/nginx python3; do
    command -v "$tool" >/dev/null || { echo "cluster.sh: $tool бракує / is missing: run ./scripts/setup.sh" >&2; exit 1; }
  done
  [ -f "$SERVER" ] || { echo "cluster.sh: build first (dotnet build Session.sln)" >&2; exit 1; }
  [ -d deputy-console/dist ] || { echo "cluster.sh: the consoles are not built: run ./scripts/setup.sh (or ./run.sh --cluster)" >&2; exit 1; }
  mkdir -p "$RUN"
  trap 'echo "cluster.sh: start failed, stopping what started"; stop_all' ERR

  PG_WHERE=""
  if [ "$STORAGE" = postgres ]; then start_postgres; fi

  # Redis: loopback only, its append-only file in the run dir (membership and reminders survive its restart).
  local redis_port; redis_port=$(free_port)
  mkdir -p "$RUN/redis"
  spawn redis redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$RUN/redis" --appendonly yes --save "" \
    --daemonize no --protected-mode yes --logfile ""
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping | grep -q PONG || { echo "cluster.sh: redis-server did not start; see $RUN/redis.log"; false; }

  # One deployment id per data dir: two clusters on one machine (or one Redis) never meet.
  local cluster_id; cluster_id="local-$(printf '%s' "$DATA_DIR" | sha256sum | cut -c1-10)"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0
  export Hall__Cluster__Redis="127.0.0.1:$redis_port" Hall__Cluster__ClusterId="$cluster_id"
  local upstreams="" urls=()
  for n in $(seq 1 "$NODES"); do
    local port; port=$(free_port)
    urls+=("http://127.0.0.1:$port")
    upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
    # The first node seeds the demo councils once; the others join it on the same data.
    local demo=(); [ "$n" = 1 ] && demo=(--demo --demo-councils 2)
    # nginx (on 127.0.0.1) is the trusted proxy: a client's own address counts for the per-address limits and the audit.
    spawn "node-$n" dotnet "$SERVER" --urls "http://127.0.0.1:$port" --data-dir "$DATA_DIR" --Hall:TrustedProxies:0=127.0.0.1 "${demo[@]}"
    if [ "$n" = 1 ]; then wait_ready "$RUN/node-1.log" "$RUN/node-1.pid" "node 1"; fi
  done
  for n in $(seq 2 "$NODES"); do wait_ready "$RUN/node-$n.log" "$RUN/node-$n.pid" "node $n"; done

  local nginx_port; nginx_port=$(free_port)
  mkdir -p "$RUN/nginx/temp"/{body,proxy,fastcgi,uwsgi,scgi}
  chmod 0777 "$RUN/nginx/temp" "$RUN/nginx/temp"/*
  python3 - "$RUN/nginx" "127.0.0.1:$nginx_port" "$upstreams" <<'PY' >"$RUN/nginx/nginx.conf"
import sys
t = open("scripts/nginx/session.conf.template").read()
print(t.replace("@PREFIX@", sys.argv[1]).replace("@LISTEN@", sys.argv[2]).replace("@UPSTREAMS@", sys.argv[3].rstrip("\n")))
PY
  spawn nginx /usr/sbin/nginx -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"
  local url="http://127.0.0.1:$nginx_port"
  for _ in $(seq 1 100); do healthy "$url/healthz" && break; sleep 0.2; done
  healthy "$url/healthz" || { echo "cluster.sh: nginx did not answer; see $RUN/nginx/error.log"; false; }
  trap - ERR

  { echo "url=$url"; echo "redis=127.0.0.1:$redis_port"; echo "cluster_id=$cluster_id"; echo "storage=$STORAGE${PG_WHERE:+ $PG_WHERE}"
    for n in $(seq 1 "$NODES"); do echo "node_$n=${urls[$((n-1))]}"; done; } >"$RUN/state"

  echo
  echo "Session: регіональний вузол готовий / the regional host is ready ($NODES nodes, Redis, nginx; storage: $STORAGE)"
  echo "  Відкрийте / open: $url/"
  # The first node's announcement, with nginx's address instead of the node's own.
  sed -n '/Session: зал готовий/,/SESSION-READY/p' "$RUN/node-1.log" | grep -v -e SESSION-READY -e 'зал готовий' | sed "s#${urls[0]}#$url#g"
  echo "  Вузли / nodes (direct, for checks): ${urls[*]}"
  echo "  Стан і журнали / state and logs: $RUN  ·  stop: scripts/cluster.sh down"
}

case "$cmd" in
  up) up ;;
  down) stop_all; echo "cluster.sh: зупинено / stopped ($DATA_DIR)" ;;
  status)
    [ -f "$RUN/state" ] && cat "$RUN/state"
    for f in "$RUN"/*.pid; do [ -f "$f" ] || continue; if alive "$f"; then echo "$(basename "$f" .pid): running"; else echo "$(basename "$f" .pid): stopped"; fi; done ;;
  *) echo "usage: scripts/cluster.sh up [--nodes 3] [--storage postgres|sqlite] [--data-dir DIR] | down | status" >&2; exit 2 ;;
esac
