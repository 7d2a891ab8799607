#!/usr/bin/env bash
# Installs what Session needs on a fresh Debian machine, once: Debian packages, the .NET tools and packages,
# and the browser consoles' npm packages (built into deputy-console/dist). Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(ffmpeg chromium socat poppler-utils fonts-noto-core sqlite3 tzdata libfontconfig1 iproute2 nftables e2fsprogs util-linux oathtool afl++ postgresql redis-server nginx-light)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is required (dotnet on PATH)" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing Node.js and npm"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nodejs npm
fi

# Vite 8 needs Node.js 20.19 or newer (Debian 12's own nodejs is 18).
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)')
if [ "$node_ok" != "1" ]; then
  echo "setup: Node.js $(node --version) is too old for the console build; install Node.js 20.19+ (e.g. from nodesource) and run again" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -f deputy-console/package-lock.json ]; then
  if [ ! -d deputy-console/node_modules ] || [ deputy-console/package-lock.json -nt deputy-console/node_modules/.package-lock.json ]; then
    (cd deputy-console && npm ci --no-audit --no-fund)
  fi
  (cd deputy-console && npm run build --silent)
fi
dotnet tool restore >/dev/null
dotnet restore Session.sln --verbosity quiet
dotnet build Session.sln --no-restore --verbosity quiet -nologo -clp:ErrorsOnly
