#!/usr/bin/env bash
# The console's budgets: bench/console.sh [--runs N] [--no-build]
#
# Starts Keygate as README.md says (bin/keygate, memory store, port 18080, management port off) and loads
# /console in Debian's Chromium with a cold cache N times (bench/console-load.mjs, playwright-core installed into
# bench/out/tools when missing): the bytes of a first visit as they crossed the wire (Keygate does not compress, so
# that is the raw size of the files plus headers), the number of requests, and the time from navigation start to the
# sign-in screen's first render. Budgets (issue #23): under 150 KB, under 1 s. Writes bench/out/console.json and
# exits non-zero when a budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=5
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: bench/console.sh [--runs N] [--no-build]" >&2; exit 2 ;;
  esac
done
command -v node >/dev/null || { echo "console: node is required" >&2; exit 1; }
if [ ! -x /usr/bin/chromium ]; then
  bash gateway/src/test/resources/browser/install-chromium.sh
fi
PLAYWRIGHT=$(sed -n 's:.*<playwright-core.version>\([^<$]*\)</playwright-core.version>.*:\1:p' pom.xml | head -1)
TOOLS=bench/out/tools
if [ ! -f "$TOOLS/node_modules/playwright-core/package.json" ]; then
  npm install --no-audit --no-fund --prefix "$TOOLS" "playwright-core@$PLAYWRIGHT" >/dev/null
fi
if [ "$BUILD" = 1 ]; then
  mvn -B -q package -DskipTests
fi
mkdir -p bench/out
PORT=18080
KEYGATE_HTTP_PORT=$PORT KEYGATE_MANAGEMENT_PORT=0 KEYGATE_SYSTEM_TOKEN=bench bin/keygate >bench/out/console-keygate.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then break; fi
  sleep 0.1
done
RESULT=$(node bench/console-load.mjs "$(pwd)/$TOOLS/node_modules/playwright-core" /usr/bin/chromium \
  "http://127.0.0.1:$PORT" "$RUNS")
echo "$RESULT" > bench/out/console.json
echo "$RESULT" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`first visit: ${(r.transferBytes / 1024).toFixed(1)} KB in ${r.requests} requests (budget 150 KB)`);
  console.log(`first render: median ${r.firstRenderMsMedian} ms, slowest ${r.firstRenderMsMax} ms of ${r.runs} (budget 1000 ms)`);
  process.exit(r.transferBytes < 150 * 1024 && r.firstRenderMsMax < 1000 ? 0 : 1);'
