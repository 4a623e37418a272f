#!/usr/bin/env bash
# Keygate's benchmark: bench/run.sh [--store memory|postgres|memory,postgres] [--duration SECONDS] [--no-build]
#
# Measures, in one run on this machine: a minimal Vert.x router parsing the same JSON POST (the baseline), then each
# Keygate scenario with wrk (-t1 -c64) on each store asked for (scenarios on PostgreSQL are named pg:<scenario>; the
# server is a fresh local one, see bench/postgres.sh), and the memory store's heap per API app. Prints a table and
# writes bench/out/latest.json:
#   {"baseline_rps": N, "scenarios": {"<name>": {"rps","p50_ms","p99_ms","errors","ratio"}}, "heap_bytes_per_app": N}
# Exits non-zero when any request of any scenario got an unexpected answer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STORE=memory
DURATION=15
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --store) STORE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: bench/run.sh [--store memory|postgres|memory,postgres] [--duration SECONDS] [--no-build]" >&2; exit 2 ;;
  esac
done
STORES=${STORE//,/ }
for s in $STORES; do
  case "$s" in
    memory|postgres) ;;
    *) echo "bench: --store takes memory, postgres or memory,postgres" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "bench: installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 2; }
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q package -DskipTests
fi
JAR=$ROOT/gateway/target/keygate.jar
OUT=$ROOT/bench/out
mkdir -p "$OUT"
export BENCH_LUA=$ROOT/bench/lua
INSTANCES=$(nproc)
BASE_PORT=18181
PORT=18180
TOKEN=bench-system-token
WARMUP=10 # a fresh gateway per memory-store scenario: long enough for the JIT to settle
PIDS=()
PG_DIR=$(mktemp -d /tmp/keygate-bench-pg.XXXXXX)
PG_PORT=15432
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  "$ROOT/bench/postgres.sh" stop "$PG_DIR" $PG_PORT 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # port
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
    sleep 0.2
  done
  echo "bench: nothing listening on port $1" >&2; return 1
}

# run_wrk NAME SCRIPT PORT -> appends NAME <json> to $OUT/raw.txt
run_wrk() {
  local name=$1 script=$2 port=$3
  # each wrk call creates its own app names: RUN_ID differs between the warm-up and the measured run
  RUN_ID=$name-$RANDOM-warm wrk -t1 -c64 -d${WARMUP}s -s "$BENCH_LUA/$script" "http://127.0.0.1:$port" > /dev/null 2>&1 || true
  local line
  line=$(RUN_ID=$name-$RANDOM-run wrk -t1 -c64 -d${DURATION}s --latency -s "$BENCH_LUA/$script" "http://127.0.0.1:$port" 2> "$OUT/$name.stderr" \
    | tee "$OUT/$name.wrk.txt" | grep '^BENCH_JSON ' | sed 's/^BENCH_JSON //')
  echo "$name $line" >> "$OUT/raw.txt"
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

: > "$OUT/raw.txt"
echo "bench: baseline (plain Vert.x router, $INSTANCES verticles)" >&2
java -cp "$JAR" "$ROOT/bench/BaselineServer.java" $BASE_PORT "$INSTANCES" > "$OUT/baseline.log" 2>&1 &
PIDS+=($!)
wait_for $BASE_PORT
PAT=unused PROJECT=1 run_wrk baseline create_api_app.lua $BASE_PORT # the very request of create_api_app
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

for store in $STORES; do
prefix=""
env_store=(KEYGATE_STORE=$store)
if [ "$store" = postgres ]; then
  prefix="pg:"
  echo "bench: starting PostgreSQL on port $PG_PORT" >&2
  "$ROOT/bench/postgres.sh" start "$PG_DIR" $PG_PORT
  env_store+=(KEYGATE_PG_URI=postgresql://postgres@127.0.0.1:$PG_PORT/postgres KEYGATE_PG_POOL_SIZE=${KEYGATE_PG_POOL_SIZE:-16})
fi
# starts Keygate on $store as README.md says (bin/keygate), with any extra VAR=value given, and creates the tenant,
# project, users, apps and tokens the scenarios use
gateway_up() {
  echo "bench: Keygate on the $store store, started as README.md says (bin/keygate) $*" >&2
  env KEYGATE_HTTP_PORT=$PORT KEYGATE_SYSTEM_TOKEN=$TOKEN "${env_store[@]}" "$@" KEYGATE_JAR="$JAR" \
    "$ROOT/bin/keygate" >> "$OUT/keygate-$store.log" 2>&1 &
  PIDS+=($!)
  wait_for $PORT
  K=http://127.0.0.1:$PORT
  J='Content-Type: application/json'
  export PAT=$(curl -sf -X POST $K/system/v1/instances/_create -H "Authorization: Bearer $TOKEN" -H "$J" \
    -d '{"instanceName":"bench","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | json "['pat']")
  A="Authorization: Bearer $PAT"
  export PROJECT=$(curl -sf -X POST $K/management/v1/projects -H "$A" -H "$J" -d '{"name":"bench"}' | json "['id']")
  export APP=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"probe"}' | json "['appId']")
  export MACHINE_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-bot","name":"Bench bot"}' | json "['userId']")

  export ECOSYSTEM=$(curl -sf -X POST $K/api/ecosystems -H "authorization: $PAT" | json "['id']")
  # OAuth: a machine user with a secret, a BASIC app of the project, and a token meant for that project
  OAUTH_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-oauth","name":"Bench OAuth"}' | json "['userId']")
  MACHINE_SECRET=$(curl -sf -X PUT $K/management/v1/users/$OAUTH_USER/secret -H "$A" | json "['clientSecret']")
  export MACHINE_BASIC=$(printf '%s' "bench-oauth:$MACHINE_SECRET" | base64 -w0)
  APP_JSON=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"bench-rs"}')
  export APP_BASIC=$(printf '%s' "$(echo "$APP_JSON" | json "['clientId']"):$(echo "$APP_JSON" | json "['clientSecret']")" | base64 -w0)
  SCOPE="grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A$PROJECT%3Aaud"
  export ACCESS_TOKEN=$(curl -sf -X POST $K/oauth/v2/token -H "Authorization: Basic $MACHINE_BASIC" -d "$SCOPE" \
    | json "['access_token']")
  # the same for a machine user whose access tokens are JWTs (accessTokenType ACCESS_TOKEN_TYPE_JWT)
  JWT_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-jwt","name":"Bench JWT","accessTokenType":"ACCESS_TOKEN_TYPE_JWT"}' | json "['userId']")
  JWT_SECRET=$(curl -sf -X PUT $K/management/v1/users/$JWT_USER/secret -H "$A" | json "['clientSecret']")
  export MACHINE_JWT_BASIC=$(printf '%s' "bench-jwt:$JWT_SECRET" | base64 -w0)
  export ACCESS_TOKEN_JWT=$(curl -sf -X POST $K/oauth/v2/token -H "Authorization: Basic $MACHINE_JWT_BASIC" -d "$SCOPE" \
    | json "['access_token']")
}
gateway_down() {
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
}

: > "$OUT/keygate-$store.log"
# on the memory store each scenario gets a fresh gateway: what the create scenarios store (a million apps and more)
# would otherwise fill the store's capacity and turn the next scenarios' creates into 429s
if [ "$store" = postgres ]; then gateway_up; fi
for scenario in create_api_app create_api_app_idempotent create_api_app_invalid get_api_app droplit_create oauth_token \
    oauth_token_jwt oauth_introspect oauth_introspect_jwt machine_secret grpc_create_api_app; do
  if [ "$store" = memory ]; then gateway_up; fi
  echo "bench: $prefix$scenario" >&2
  run_wrk $prefix$scenario $scenario.lua $PORT
  if [ "$store" = memory ]; then gateway_down; fi
  if [ "$store" = memory ] && [ "$scenario" = create_api_app ]; then
    # the cost of metrics: the same scenario right after, with KEYGATE_METRICS=off (the runs above have them on, the
    # default); "create API app" may lose at most 5 % to them
    gateway_up KEYGATE_METRICS=off
    echo "bench: metrics-off:create_api_app" >&2
    run_wrk metrics-off:create_api_app create_api_app.lua $PORT
    gateway_down
  fi
done
if [ "$store" = postgres ]; then gateway_down; fi
done

HEAP='{"apps": 0, "heap_bytes_per_app": null}'
if [[ " $STORES " == *" memory "* ]]; then
  echo "bench: heap per API app (1,000,000 apps in the memory store)" >&2
  HEAP=$(java -Xmx6g -cp "$JAR" "$ROOT/bench/HeapPerApp.java" 1000000 | grep '^HEAP_JSON ' | sed 's/^HEAP_JSON //')
fi

python3 - "$OUT/raw.txt" "$HEAP" "$OUT/latest.json" <<'PY'
import json, sys
raw, heap, out = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
runs = {}
for line in open(raw):
    name, payload = line.split(" ", 1)
    runs[name] = json.loads(payload)
def rps(r):
    return r["requests"] / (r["duration_us"] / 1e6)
baseline = rps(runs["baseline"])
result = {"baseline_rps": round(baseline), "scenarios": {}, "heap_bytes_per_app": heap["heap_bytes_per_app"]}
bad = runs["baseline"]["unexpected"] + runs["baseline"]["transport_errors"]
print(f"{'scenario':<24}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
print(f"{'baseline':<24}{baseline:>10.0f}{1.0:>8.2f}{runs['baseline']['p50_us']/1000:>9.2f}{runs['baseline']['p99_us']/1000:>9.2f}{bad:>8}")
for name, r in runs.items():
    if name == "baseline":
        continue
    errors = r["unexpected"] + r["transport_errors"]
    bad += errors
    s = {"rps": round(rps(r)), "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000, "errors": errors,
         "ratio": round(rps(r) / baseline, 3)}
    result["scenarios"][name] = s
    print(f"{name:<24}{s['rps']:>10}{s['ratio']:>8.2f}{s['p50_ms']:>9.2f}{s['p99_ms']:>9.2f}{errors:>8}")
if heap["apps"]:
    print(f"heap per API app (memory store, {heap['apps']} apps): {heap['heap_bytes_per_app']} bytes")
json.dump(result, open(out, "w"), indent=2)
sys.exit(1 if bad else 0)
PY
