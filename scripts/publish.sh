#!/usr/bin/env bash
# The hall server as a hall PC or a regional node runs it: a Release build, ReadyToRun (the framework-dependent
# assemblies compiled ahead of time, so a restart does not wait for the JIT: docs/operations.md "Restart time"), with the
# browser consoles in wwwroot beside it. Usage: scripts/publish.sh [DIR]   (default: dist/hall-server)
# Then: dotnet DIR/Session.HallServer.dll --urls … --data-dir …   (README "A real council"; systemd: docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-dist/hall-server}")"
./scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rid="linux-$(dpkg --print-architecture 2>/dev/null | sed 's/amd64/x64/' || echo x64)"
dotnet publish hall-server/Session.HallServer -c Release -r "$rid" --self-contained false \
  -p:PublishReadyToRun=true -o "$out" --verbosity quiet -nologo
rm -rf "$out/wwwroot"
cp -r deputy-console/dist "$out/wwwroot"
echo "Published to $out ($rid, ReadyToRun): dotnet $out/Session.HallServer.dll --urls http://127.0.0.1:5000 --data-dir /srv/session"
