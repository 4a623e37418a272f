#!/usr/bin/env bash
# A soak of Keygate under a paced mixed load: bench/soak.sh [--minutes 10] [--store memory|postgres] [--no-build]
#
# Starts Keygate as README.md says (bin/keygate), measures its create throughput (create_api_app, wrk -t1 -c64,
# 10 s), then offers about 80 % of that rate for --minutes with bench/lua/soak.lua: creates, deletes of the apps just
# created (so the store's size stays level) and 20 % hostile requests. Every 2 minutes, and at the start and the end,
# it runs a full GC in the gateway (jcmd GC.run) and reads the heap in use after it. Prints SOAK lines and exits
# non-zero on any 5xx, unexpected answer, transport error, dead process, or a heap after GC that grew by more than
# 10 % (plus 16 MiB of slack) from the first sample to the last.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MINUTES=10
STORE=memory
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --store) STORE=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: bench/soak.sh [--minutes 10] [--store memory|postgres] [--no-build]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "soak: installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q package -DskipTests
fi
OUT=$ROOT/bench/out
mkdir -p "$OUT"
export BENCH_LUA=$ROOT/bench/lua
PORT=18195
TOKEN=soak-system-token
K=http://127.0.0.1:$PORT
J='Content-Type: application/json'
PG_DIR=$(mktemp -d /tmp/keygate-soak-pg.XXXXXX)
PG_PORT=15433
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
env_store=(KEYGATE_STORE=$STORE)
if [ "$STORE" = postgres ]; then
  "$ROOT/bench/postgres.sh" start "$PG_DIR" $PG_PORT
  env_store+=(KEYGATE_PG_URI=postgresql://postgres@127.0.0.1:$PG_PORT/postgres
    KEYGATE_MASTER_KEY=KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=)
fi
env KEYGATE_HTTP_PORT=$PORT KEYGATE_SYSTEM_TOKEN=$TOKEN "${env_store[@]}" KEYGATE_JAR="$ROOT/gateway/target/keygate.jar" \
  "$ROOT/bin/keygate" > "$OUT/soak-keygate.log" 2>&1 &
PID=$! # bin/keygate execs java: this is the JVM
trap 'kill $PID 2>/dev/null || true; "$ROOT/bench/postgres.sh" stop "$PG_DIR" $PG_PORT 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "$K/healthz" && break; sleep 0.2; done

export PAT=$(curl -sf -X POST $K/system/v1/instances/_create -H "Authorization: Bearer $TOKEN" -H "$J" \
  -d '{"instanceName":"soak","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | json "['pat']")
export PROJECT=$(curl -sf -X POST $K/management/v1/projects -H "Authorization: Bearer $PAT" -H "$J" \
  -d '{"name":"soak"}' | json "['id']")

heap_after_gc() { # bytes in use after a full GC
  jcmd $PID GC.run > /dev/null
  jcmd $PID GC.heap_info | python3 -c "
import re, sys
text = sys.stdin.read()
m = re.search(r'used (\d+)K', text)
print(int(m.group(1)) * 1024)"
}

RUN_ID=soak-warm wrk -t1 -c64 -d5s -s "$BENCH_LUA/create_api_app.lua" $K > /dev/null 2>&1 || true
CREATE_RPS=$(RUN_ID=soak-measure wrk -t1 -c64 -d10s -s "$BENCH_LUA/create_api_app.lua" $K 2>/dev/null \
  | grep '^BENCH_JSON ' | sed 's/^BENCH_JSON //' | python3 -c "
import json, sys
r = json.load(sys.stdin)
print(round(r['requests'] / (r['duration_us'] / 1e6)))")
CONNECTIONS=512
TARGET=$((CREATE_RPS * 8 / 10))
# each connection waits this long between its requests (wrk's delay() is whole milliseconds); a first guess, then
# corrected twice by a 15 s run of the mix for the time each request itself takes
export SOAK_DELAY_MS=$(python3 -c "print(max(1, round($CONNECTIONS * 1000 / $TARGET)))")
for _ in 1 2; do
  CALIBRATED=$(RUN_ID=soak-calibrate-$RANDOM wrk -t2 -c$CONNECTIONS -d15s -s "$BENCH_LUA/soak.lua" $K 2>/dev/null \
    | grep '^SOAK_JSON ' | sed 's/^SOAK_JSON //' | python3 -c "
import json, sys
r = json.load(sys.stdin)
rps = r['requests'] / (r['duration_us'] / 1e6)
spent = $CONNECTIONS * 1000 / rps - $SOAK_DELAY_MS  # ms per request beyond the delay
print(max(1, round($CONNECTIONS * 1000 / $TARGET - spent)))")
  export SOAK_DELAY_MS=$CALIBRATED
done
echo "SOAK create throughput $CREATE_RPS req/s; offering about $TARGET req/s for $MINUTES min ($CONNECTIONS connections, ${SOAK_DELAY_MS} ms apart)"

HEAP_FIRST=$(heap_after_gc)
echo "SOAK heap after GC at 0 min: $HEAP_FIRST bytes"
RUN_ID=soak wrk -t2 -c$CONNECTIONS -d${MINUTES}m --timeout 10s --latency -s "$BENCH_LUA/soak.lua" $K \
  > "$OUT/soak.wrk.txt" 2> "$OUT/soak.stderr" &
WRK=$!
MINUTE=0
HEAP_LAST=$HEAP_FIRST
while kill -0 $WRK 2>/dev/null; do
  sleep 120 & wait $! || true
  MINUTE=$((MINUTE + 2))
  if kill -0 $WRK 2>/dev/null && kill -0 $PID 2>/dev/null; then
    HEAP_LAST=$(heap_after_gc)
    echo "SOAK heap after GC at $MINUTE min: $HEAP_LAST bytes"
  fi
done
wait $WRK || true
kill -0 $PID 2>/dev/null || { echo "SOAK FAILURE: the gateway died" >&2; exit 1; }
HEAP_LAST=$(heap_after_gc)
echo "SOAK heap after GC at the end: $HEAP_LAST bytes"
ERRORS_LOGGED=$(grep -c ' ERROR ' "$OUT/soak-keygate.log" || true)
grep '^SOAK_JSON ' "$OUT/soak.wrk.txt" | sed 's/^SOAK_JSON //' | python3 -c "
import json, sys
r = json.load(sys.stdin)
first, last, create_rps, errors_logged = $HEAP_FIRST, $HEAP_LAST, $CREATE_RPS, $ERRORS_LOGGED
rps = r['requests'] / (r['duration_us'] / 1e6)
transport = r['connect'] + r['read'] + r['write'] + r['timeout']
print(f'SOAK offered {rps:.0f} req/s = {rps / create_rps:.2f} of the create throughput; p50 {r[\"p50_us\"]/1000:.2f} ms, '
      f'p99 {r[\"p99_us\"]/1000:.2f} ms')
print(f'SOAK answers: {r[\"requests\"]} requests, {r[\"creates\"]} creates, {r[\"deletes\"]} deletes, '
      f'{r[\"refusals\"]} hostile requests refused with a 4xx, {r[\"server_errors\"]} 5xx, {r[\"unexpected\"]} unexpected, '
      f'{transport} transport errors; ERROR lines in the log: {errors_logged}')
print(f'SOAK heap after GC: {first} bytes at the start, {last} at the end ({last / first:.2f}x)')
bad = r['server_errors'] + r['unexpected'] + transport + errors_logged
grew = last > first * 1.10 + 16 * 1024 * 1024
if grew:
    print('SOAK FAILURE: the heap after GC grew', file=sys.stderr)
sys.exit(1 if bad or grew else 0)
"
