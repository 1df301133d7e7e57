#!/usr/bin/env bash
# The whole test suite: static checks, then every vitest suite on SQLite and PostgreSQL.
# Ends with one line `N passed, N failed, N skipped` summed over all suites (CI reads it).
set -uo pipefail
cd "$(dirname "$0")/.."

rm -rf .vitest-results
status=0
step() {
  echo "==> $*"
  "$@" || status=1
}

step bash scripts/ensure-postgres.sh
[ "$status" -eq 0 ] || { echo "PostgreSQL is required for the test suite and could not be started" >&2; echo "0 passed, 1 failed"; exit 1; }
step npx tsc --noEmit -p tsconfig.json
# e2e tests start bin/vigil.js, which runs the compiled dist/ as production does.
step npm run build
step npx tsc --noEmit -p web/tsconfig.json
step npx eslint .
step npx prettier --check . --log-level warn
VIGIL_SUITE=api step npx vitest run --reporter=default --reporter=./scripts/summary-reporter.ts
# The console: component tests in happy-dom, then end to end in Debian's chromium (web/e2e).
VIGIL_SUITE=web step npx vitest run --config web/vitest.config.ts --reporter=default --reporter="$PWD/scripts/summary-reporter.ts"
# No browser downloads exist here: the e2e suite drives Debian's chromium, installed if missing.
if ! command -v chromium >/dev/null 2>&1; then
  step bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'
fi
step npm run build:web --silent
VIGIL_SUITE=console step npx vitest run --config web/vitest.e2e.config.ts --reporter=default --reporter="$PWD/scripts/summary-reporter.ts"

node -e '
const fs = require("fs");
const dir = ".vitest-results";
const total = { passed: 0, failed: 0, skipped: 0 };
for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const c = JSON.parse(fs.readFileSync(dir + "/" + f, "utf8"));
  for (const k of Object.keys(total)) total[k] += c[k];
}
if (process.argv[1] === "1" && total.failed === 0) total.failed = 1;
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
' "$status"
exit "$status"
