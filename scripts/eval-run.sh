#!/usr/bin/env bash
# Runs `vigil evaluate` end to end on a fresh embedded database: simulate (if needed), serve, evaluate.
# Usage: scripts/eval-run.sh PROFILES SEED [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
profiles=$1 seed=$2 port=${3:-8095}
work=$(mktemp -d /tmp/vigil-eval-XXXX)
sim=/tmp/vigil-sim-$profiles-$seed
[ -f "$sim/manifest.json" ] || node bin/vigil.js simulate --profiles "$profiles" --months 12 --seed "$seed" --out "$sim" >&2
export DATABASE_URL="file:$work/vigil.db" PORT=$port RATE_LIMIT_PRODUCTION_PER_MINUTE=1000000 LOG_LEVEL=warn
node bin/vigil.js serve > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
tenant=$(awk '/tenant ID/ {print $3}' "$work/serve.log")
key=$(awk '/production key/ {print $3}' "$work/serve.log")
node bin/vigil.js evaluate "$sim" --url "http://127.0.0.1:$port/v1" --tenant "$tenant" --key "$key" 2>/dev/null
echo "database: $work/vigil.db"
