#!/usr/bin/env bash
# Keygate's benchmark:
#   bench/run.sh [--store memory|postgres|memory,postgres] [--duration SECONDS] [--no-build]
#                [--compare GIT-REV|JAR] [--rounds N] [--scenarios NAME,NAME...] [--tls]
#
# Measures, in one run on this machine: a minimal Vert.x router parsing the same JSON POST (the baseline), then each
# Keygate scenario with wrk (-t1 -c64) on each store asked for (scenarios on PostgreSQL are named pg:<scenario>; the
# server is a fresh local one, see bench/postgres.sh), and the memory store's heap per API app.
# --compare also measures an earlier Keygate (a git revision, built in a temporary worktree, or a jar) in the same run:
# each scenario on the reference and on this code alternately, against the same baseline, so "is it slower than
# before" is answered by two ratios of one run. --rounds repeats every measurement (baseline included) N times, with
# the order of reference and current code swapped each round, and reports the mean.
# Prints a table and writes bench/out/latest.json:
#   {"baseline_rps": N, "baseline_p99_ms": N,
#    "scenarios": {"<name>": {"rps","p50_ms","p99_ms","errors","ratio","p99_ratio"}}, "heap_bytes_per_app": N,
#    "reference": {"rev", "scenarios": {...}, "heap_bytes_per_app"}}   (reference only with --compare)
# BENCH_JFR=DIR records a JFR profile of every gateway started, as DIR/[pg:]<side>-<scenario>-<round>.jfr.
# Exits non-zero when any request of any scenario of the current code got an unexpected answer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STORE=memory
DURATION=15
BUILD=1
COMPARE=""
TLS=0
ROUNDS=1
ALL_SCENARIOS="create_api_app create_api_app_idempotent create_api_app_invalid get_api_app droplit_create oauth_token
  oauth_token_jwt oauth_jwt_bearer oauth_introspect oauth_introspect_jwt oauth_introspect_private_key_jwt machine_secret
  grpc_create_api_app connect_create_application grpc_create_application"
SCENARIOS=$ALL_SCENARIOS
usage() {
  echo "usage: bench/run.sh [--store memory|postgres|memory,postgres] [--duration SECONDS] [--no-build]" \
    "[--compare GIT-REV|JAR] [--rounds N] [--scenarios NAME,NAME...] [--tls]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --store) STORE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --compare) COMPARE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --scenarios) SCENARIOS=${2//,/ }; shift 2 ;;
    --tls) TLS=1; shift ;;
    *) usage ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --rounds takes a positive number" >&2; exit 2; }
# --tls: Keygate serves HTTPS (KEYGATE_TLS_CERT/KEY, a certificate made here) and wrk and curl speak it; the baseline
# stays plain HTTP. A reference older than TLS would not serve it, hence not with --compare.
if [ "$TLS" = 1 ] && [ -n "$COMPARE" ]; then echo "bench: --tls and --compare do not go together" >&2; exit 2; fi
for s in $SCENARIOS; do
  [ -f "bench/lua/$s.lua" ] && [[ " $(echo $ALL_SCENARIOS) " == *" $s "* ]] || { echo "bench: no scenario $s" >&2; exit 2; }
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
command -v openssl >/dev/null || { echo "bench: openssl is required (it signs the client assertions)" >&2; exit 2; }
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q package -DskipTests
fi
JAR=$ROOT/gateway/target/keygate.jar
OUT=$ROOT/bench/out
mkdir -p "$OUT"
export BENCH_LUA=$ROOT/bench/lua
INSTANCES=$(nproc)
# BENCH_PORT moves the three ports (gateway, baseline, reference) off their defaults, e.g. when another run holds them
PORT=${BENCH_PORT:-18180}
BASE_PORT=$((PORT + 1))
REF_PORT=$((PORT + 2))
TOKEN=bench-system-token
SCHEME=http
env_tls=()
if [ "$TLS" = 1 ]; then
  mkdir -p "$OUT"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$OUT/tls.key" -out "$OUT/tls.crt" 2> /dev/null
  SCHEME=https
  export CURL_CA_BUNDLE=$OUT/tls.crt # curl trusts the bench's own certificate (wrk checks none)
  env_tls=(KEYGATE_TLS_CERT=$OUT/tls.crt KEYGATE_TLS_KEY=$OUT/tls.key)
fi
# the scheme of a port: the baseline speaks plain HTTP whatever --tls says
scheme_of() { if [ "$1" = "$BASE_PORT" ]; then echo http; else echo $SCHEME; fi; }
WARMUP=${BENCH_WARMUP:-10} # a fresh gateway per memory-store scenario: long enough for the JIT to settle
PIDS=()
PG_DIR=$(mktemp -d /tmp/keygate-bench-pg.XXXXXX)
PG_PORT=15432
REF_TREE=""
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  "$ROOT/bench/postgres.sh" stop "$PG_DIR" $PG_PORT 2>/dev/null || true
  if [ -n "$REF_TREE" ]; then git -C "$ROOT" worktree remove --force "$REF_TREE" 2>/dev/null || true; fi
}
trap cleanup EXIT

# the reference: a jar as given, or the jar of a git revision built in a temporary worktree (whose own
# HeapPerApp.java then measures its heap per app)
SIDES="new"
REF_JAR=""
REF_HEAP_SRC=""
REF_REV=""
if [ -n "$COMPARE" ]; then
  if [ -f "$COMPARE" ]; then
    REF_JAR=$(cd "$(dirname "$COMPARE")" && pwd)/$(basename "$COMPARE")
    REF_REV=$COMPARE
  else
    REF_REV=$(git rev-parse --short "$COMPARE^{commit}") || { echo "bench: --compare $COMPARE is neither a jar nor a revision" >&2; exit 2; }
    REF_TREE=$(mktemp -d /tmp/keygate-bench-ref.XXXXXX)
    rmdir "$REF_TREE"
    echo "bench: building the reference $REF_REV in $REF_TREE" >&2
    git worktree add --detach "$REF_TREE" "$REF_REV" >/dev/null 2>&1
    (cd "$REF_TREE" && mvn -B -q package -DskipTests)
    REF_JAR=$REF_TREE/gateway/target/keygate.jar
    REF_HEAP_SRC=$REF_TREE/bench/HeapPerApp.java
  fi
  SIDES="ref new"
fi
jar_of() { if [ "$1" = ref ]; then echo "$REF_JAR"; else echo "$JAR"; fi; }
port_of() { if [ "$1" = ref ]; then echo $REF_PORT; else echo $PORT; fi; }
# the order of the sides in round R: swapped every round, so that a drift of the machine favours neither
sides_of_round() { if [ "$SIDES" = new ] || [ $(( $1 % 2 )) = 1 ]; then echo $SIDES; else echo new ref; fi; }

wait_for() { # port; up to 60 s: bin/keygate warms up for 3 s before it listens, longer on a busy machine
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null "$(scheme_of "$1")://127.0.0.1:$1/"; then return 0; fi
    sleep 0.2
  done
  echo "bench: nothing listening on port $1" >&2; return 1
}

# run_wrk NAME SCRIPT PORT [ENV-FILE] -> appends NAME <json> to $OUT/raw.txt
run_wrk() {
  local name=$1 script=$2 port=$3 envfile=${4:-/dev/null}
  (
    set -a
    # shellcheck disable=SC1090 # written by gateway_up
    . "$envfile"
    set +a
    # each wrk call creates its own app names: RUN_ID differs between the warm-up and the measured run
    RUN_ID=$name-$RANDOM-warm wrk -t1 -c64 -d${WARMUP}s -s "$BENCH_LUA/$script" "$(scheme_of "$port")://127.0.0.1:$port" > /dev/null 2>&1 || true
    local line
    line=$(RUN_ID=$name-$RANDOM-run wrk -t1 -c64 -d${DURATION}s --latency -s "$BENCH_LUA/$script" "$(scheme_of "$port")://127.0.0.1:$port" 2> "$OUT/${name//:/_}.stderr" \
      | tee "$OUT/${name//:/_}.wrk.txt" | grep '^BENCH_JSON ' | sed 's/^BENCH_JSON //')
    echo "$name $line" >> "$OUT/raw.txt"
  )
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# assertion KEY-FILE SUBJECT AUDIENCE: an RS256 JWT signed with the private key of a ZITADEL key file (as Keygate
# hands it out), iss = sub = SUBJECT, for AUDIENCE, valid from now for the hour the grant allows at most
assertion() {
  local keyfile=$1 subject=$2 audience=$3 now header payload
  now=$(date +%s)
  json "['key']" < "$keyfile" > "$keyfile.pem"
  header=$(printf '{"alg":"RS256","kid":"%s","typ":"JWT"}' "$(json "['keyId']" < "$keyfile")" | b64url)
  payload=$(printf '{"iss":"%s","sub":"%s","aud":"%s","iat":%d,"exp":%d}' "$subject" "$subject" "$audience" \
    "$now" $((now + 3600)) | b64url)
  printf '%s.%s.%s' "$header" "$payload" \
    "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$keyfile.pem" -binary | b64url)"
}
# fresh_assertions SIDE: signs the side's client assertions anew and adds them to $OUT/env-SIDE (the last value of a
# variable wins), so that a long run on one gateway (PostgreSQL) never sends an assertion older than its hour
fresh_assertions() {
  local side=$1 K
  K=$SCHEME://127.0.0.1:$(port_of "$side")
  {
    printf 'JWT_ASSERTION=%q\n' "$(assertion "$OUT/keys-$side/machine.json" "$(json "['userId']" \
      < "$OUT/keys-$side/machine.json")" "$K")"
    printf 'CLIENT_ASSERTION=%q\n' "$(assertion "$OUT/keys-$side/app.json" "$(json "['clientId']" \
      < "$OUT/keys-$side/app.json")" "$K")"
  } >> "$OUT/env-$side"
}

: > "$OUT/raw.txt"
baseline_round() {
  echo "bench: baseline (plain Vert.x router, $INSTANCES verticles)" >&2
  java -cp "$JAR" "$ROOT/bench/BaselineServer.java" $BASE_PORT "$INSTANCES" > "$OUT/baseline.log" 2>&1 &
  PIDS+=($!)
  wait_for $BASE_PORT
  printf 'PAT=unused\nPROJECT=1\n' > "$OUT/env-baseline"
  run_wrk baseline create_api_app.lua $BASE_PORT "$OUT/env-baseline" # the very request of create_api_app
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  unset 'PIDS[-1]'
}

for store in $STORES; do
prefix=""
env_store=(KEYGATE_STORE=$store)
if [ "$store" = postgres ]; then
  prefix="pg:"
  echo "bench: starting PostgreSQL on port $PG_PORT" >&2
  "$ROOT/bench/postgres.sh" start "$PG_DIR" $PG_PORT
  # a fixed master key: every gateway of the run (and the reference) shares the one database
  env_store+=(KEYGATE_PG_URI=postgresql://postgres@127.0.0.1:$PG_PORT/postgres KEYGATE_PG_POOL_SIZE=${KEYGATE_PG_POOL_SIZE:-16}
    KEYGATE_MASTER_KEY=KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=)
fi
# gateway_up SIDE [VAR=value...]: starts Keygate (SIDE new: this code; ref: the reference) on $store as README.md says
# (bin/keygate), with any extra VAR=value given, creates the tenant, project, users, apps and tokens the scenarios use,
# and writes them to $OUT/env-SIDE for run_wrk. On PostgreSQL the reference has a schema of its own.
gateway_up() {
  local side=$1; shift
  local port; port=$(port_of "$side")
  local schema=()
  if [ "$store" = postgres ] && [ "$side" = ref ]; then schema=(KEYGATE_PG_SCHEMA=bench_ref); fi
  echo "bench: Keygate ($side) on the $store store, started as README.md says (bin/keygate) $*" >&2
  local jfr=()
  if [ -n "${BENCH_JFR:-}" ]; then
    mkdir -p "$BENCH_JFR"
    jfr=(KEYGATE_JAVA_EXTRA_OPTS="-XX:StartFlightRecording=filename=$BENCH_JFR/$prefix$side-${JFR_NAME:-gateway}.jfr,settings=profile,dumponexit=true")
  fi
  # KEYGATE_MANAGEMENT_PORT=0: on PostgreSQL both sides run at once, and two gateways cannot share port 9000
  env KEYGATE_HTTP_PORT=$port KEYGATE_MANAGEMENT_PORT=0 KEYGATE_SYSTEM_TOKEN=$TOKEN "${env_store[@]}" "${env_tls[@]}" "${schema[@]}" "${jfr[@]}" "$@" KEYGATE_JAR="$(jar_of "$side")" \
    "$ROOT/bin/keygate" >> "$OUT/keygate-$store-$side.log" 2>&1 &
  PIDS+=($!)
  wait_for "$port"
  local K=$SCHEME://127.0.0.1:$port
  local J='Content-Type: application/json'
  local PAT PROJECT APP MACHINE_USER ECOSYSTEM OAUTH_USER MACHINE_SECRET APP_JSON JWT_USER JWT_SECRET
  PAT=$(curl -sf -X POST $K/system/v1/instances/_create -H "Authorization: Bearer $TOKEN" -H "$J" \
    -d '{"instanceName":"bench","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | json "['pat']")
  local A="Authorization: Bearer $PAT"
  PROJECT=$(curl -sf -X POST $K/management/v1/projects -H "$A" -H "$J" -d '{"name":"bench"}' | json "['id']")
  APP=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"probe"}' | json "['appId']")
  MACHINE_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-bot","name":"Bench bot"}' | json "['userId']")
  ECOSYSTEM=$(curl -sf -X POST $K/api/ecosystems -H "authorization: $PAT" | json "['id']")
  # OAuth: a machine user with a secret, a BASIC app of the project, and a token meant for that project
  OAUTH_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-oauth","name":"Bench OAuth"}' | json "['userId']")
  MACHINE_SECRET=$(curl -sf -X PUT $K/management/v1/users/$OAUTH_USER/secret -H "$A" | json "['clientSecret']")
  local MACHINE_BASIC APP_BASIC SCOPE ACCESS_TOKEN MACHINE_JWT_BASIC ACCESS_TOKEN_JWT
  MACHINE_BASIC=$(printf '%s' "bench-oauth:$MACHINE_SECRET" | base64 -w0)
  APP_JSON=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"bench-rs"}')
  APP_BASIC=$(printf '%s' "$(echo "$APP_JSON" | json "['clientId']"):$(echo "$APP_JSON" | json "['clientSecret']")" | base64 -w0)
  SCOPE="grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A$PROJECT%3Aaud"
  ACCESS_TOKEN=$(curl -sf -X POST $K/oauth/v2/token -H "Authorization: Basic $MACHINE_BASIC" -d "$SCOPE" \
    | json "['access_token']")
  # the same for a machine user whose access tokens are JWTs (accessTokenType ACCESS_TOKEN_TYPE_JWT)
  JWT_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-jwt","name":"Bench JWT","accessTokenType":"ACCESS_TOKEN_TYPE_JWT"}' | json "['userId']")
  JWT_SECRET=$(curl -sf -X PUT $K/management/v1/users/$JWT_USER/secret -H "$A" | json "['clientSecret']")
  MACHINE_JWT_BASIC=$(printf '%s' "bench-jwt:$JWT_SECRET" | base64 -w0)
  ACCESS_TOKEN_JWT=$(curl -sf -X POST $K/oauth/v2/token -H "Authorization: Basic $MACHINE_JWT_BASIC" -d "$SCOPE" \
    | json "['access_token']")
  # client-signed JWTs: a machine user with a key (jwt-bearer) and a PRIVATE_KEY_JWT app of the project with a key
  # (introspection by private_key_jwt); their key files go to $OUT/keys-SIDE, the assertions are signed by
  # fresh_assertions before each measurement
  local BEARER_USER PKJWT_APP
  mkdir -p "$OUT/keys-$side"
  BEARER_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-bearer","name":"Bench bearer"}' | json "['userId']")
  curl -sf -X POST $K/management/v1/users/$BEARER_USER/keys -H "$A" -H "$J" -d '{"type":"KEY_TYPE_JSON"}' \
    | json "['keyDetails']" | base64 -d > "$OUT/keys-$side/machine.json"
  PKJWT_APP=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" \
    -d '{"name":"bench-pkjwt","authMethodType":"API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"}' | json "['appId']")
  curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/$PKJWT_APP/keys -H "$A" -H "$J" \
    -d '{"type":"KEY_TYPE_JSON"}' | json "['keyDetails']" | base64 -d > "$OUT/keys-$side/app.json"
  local v
  : > "$OUT/env-$side"
  for v in PAT PROJECT APP MACHINE_USER ECOSYSTEM MACHINE_BASIC APP_BASIC ACCESS_TOKEN MACHINE_JWT_BASIC ACCESS_TOKEN_JWT; do
    printf '%s=%q\n' "$v" "${!v}" >> "$OUT/env-$side"
  done
}
# gateway_down: stops the gateway started last
gateway_down() {
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  unset 'PIDS[-1]'
}
# name_of SIDE NAME: the name a measurement is recorded under (the reference's start with ref:)
name_of() { if [ "$1" = ref ]; then echo "ref:$2"; else echo "$2"; fi; }

for side in $SIDES; do : > "$OUT/keygate-$store-$side.log"; done
if [ "$store" = postgres ]; then
  # one gateway per side for all scenarios, the other side's idle while one is measured
  for side in $SIDES; do gateway_up "$side"; done
fi
for round in $(seq 1 "$ROUNDS"); do
  # the baseline of the round, measured before the first store's scenarios
  if [ "$store" = "${STORES%% *}" ]; then baseline_round; fi
  # on the memory store each scenario gets a fresh gateway: what the create scenarios store (a million apps and more)
  # would otherwise fill the store's capacity and turn the next scenarios' creates into 429s
  for scenario in $SCENARIOS; do
    for side in $(sides_of_round "$round"); do
      JFR_NAME=$scenario-$round
      if [ "$store" = memory ]; then gateway_up "$side"; fi
      echo "bench: round $round: $prefix$(name_of "$side" "$scenario")" >&2
      fresh_assertions "$side"
      run_wrk "$prefix$(name_of "$side" "$scenario")" "$scenario.lua" "$(port_of "$side")" "$OUT/env-$side"
      if [ "$store" = memory ]; then gateway_down; fi
      if [ "$store" = memory ] && [ "$scenario" = create_api_app ]; then
        # the cost of metrics: the same scenario right after, with KEYGATE_METRICS=off (the runs above have them on,
        # the default); "create API app" may lose at most 5 % to them
        JFR_NAME=metrics-off-$scenario-$round
        gateway_up "$side" KEYGATE_METRICS=off
        echo "bench: round $round: $(name_of "$side" metrics-off:create_api_app)" >&2
        run_wrk "$(name_of "$side" metrics-off:create_api_app)" create_api_app.lua "$(port_of "$side")" "$OUT/env-$side"
        gateway_down
      fi
    done
  done
done
if [ "$store" = postgres ]; then
  for side in $SIDES; do gateway_down; done
  "$ROOT/bench/postgres.sh" stop "$PG_DIR" $PG_PORT
fi
done

heap_of() { # JAR SOURCE -> HEAP_JSON
  java -Xmx6g -cp "$1" "$2" 1000000 | grep '^HEAP_JSON ' | sed 's/^HEAP_JSON //'
}
HEAP='{"apps": 0, "heap_bytes_per_app": null}'
REF_HEAP='{"apps": 0, "heap_bytes_per_app": null}'
if [[ " $STORES " == *" memory "* ]] && [ "$SCENARIOS" = "$ALL_SCENARIOS" ]; then
  echo "bench: heap per API app (1,000,000 apps in the memory store)" >&2
  HEAP=$(heap_of "$JAR" "$ROOT/bench/HeapPerApp.java")
  if [ -n "$REF_HEAP_SRC" ]; then
    echo "bench: heap per API app of the reference" >&2
    REF_HEAP=$(heap_of "$REF_JAR" "$REF_HEAP_SRC")
  fi
fi

python3 - "$OUT/raw.txt" "$HEAP" "$REF_HEAP" "$OUT/latest.json" "$REF_REV" <<'PY'
import json, sys
from collections import defaultdict
raw, heap, ref_heap, out, ref_rev = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
runs = defaultdict(list)  # name -> one result per round
for line in open(raw):
    name, payload = line.split(" ", 1)
    runs[name].append(json.loads(payload))
def mean(xs):
    return sum(xs) / len(xs)
def summary(rs):
    return {"rps": mean([r["requests"] / (r["duration_us"] / 1e6) for r in rs]),
            "p50_ms": mean([r["p50_us"] for r in rs]) / 1000, "p99_ms": mean([r["p99_us"] for r in rs]) / 1000,
            "errors": sum(r["unexpected"] + r["transport_errors"] for r in rs), "rounds": len(rs)}
base = summary(runs.pop("baseline"))
baseline = base["rps"]
def scenarios(names):
    result = {}
    for name in names:
        s = summary(runs[name])
        s["ratio"] = round(s["rps"] / baseline, 3)
        s["p99_ratio"] = round(s["p99_ms"] / base["p99_ms"], 2) if base["p99_ms"] else None
        s["rps"] = round(s["rps"])
        result[name] = s
    return result
current = scenarios([n for n in runs if not n.startswith("ref:") and ":ref:" not in n])
reference = scenarios([n for n in runs if n.startswith("ref:") or ":ref:" in n])
def ref_name(name):
    return ("pg:ref:" + name[3:]) if name.startswith("pg:") else "ref:" + name
bad = base["errors"] + sum(s["errors"] for s in current.values())
result = {"baseline_rps": round(baseline), "baseline_p99_ms": base["p99_ms"], "rounds": base["rounds"],
          "scenarios": current,
          "heap_bytes_per_app": heap["heap_bytes_per_app"]}
if reference:
    result["reference"] = {"rev": ref_rev, "scenarios": reference, "heap_bytes_per_app": ref_heap["heap_bytes_per_app"]}
    print(f"reference: {ref_rev}; mean of {base['rounds']} round(s); 'ref errors' = answers the reference does not give")
    print(f"{'scenario':<34}{'ref ratio':>10}{'ratio':>8}{'new/ref':>9}{'req/s':>9}{'p99 ms':>8}{'ref p99':>8}{'errors':>7}{'ref errors':>11}")
    print(f"{'baseline':<34}{'':>10}{1.0:>8.2f}{'':>9}{baseline:>9.0f}{base['p99_ms']:>8.2f}{'':>8}{base['errors']:>7}{'':>11}")
    for name, s in current.items():
        r = reference.get(ref_name(name))
        if r is None:
            print(f"{name:<34}{'-':>10}{s['ratio']:>8.2f}{'-':>9}{s['rps']:>9}{s['p99_ms']:>8.2f}{'-':>8}{s['errors']:>7}{'-':>11}")
            continue
        print(f"{name:<34}{r['ratio']:>10.2f}{s['ratio']:>8.2f}{s['rps'] / r['rps']:>9.3f}{s['rps']:>9}"
              f"{s['p99_ms']:>8.2f}{r['p99_ms']:>8.2f}{s['errors']:>7}{r['errors']:>11}")
else:
    print(f"{'scenario':<34}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'p99 ratio':>10}{'errors':>8}")
    print(f"{'baseline':<34}{baseline:>10.0f}{1.0:>8.2f}{base['p50_ms']:>9.2f}{base['p99_ms']:>9.2f}{1.0:>10.2f}"
          f"{base['errors']:>8}")
    for name, s in current.items():
        print(f"{name:<34}{s['rps']:>10}{s['ratio']:>8.2f}{s['p50_ms']:>9.2f}{s['p99_ms']:>9.2f}"
              f"{s['p99_ratio'] if s['p99_ratio'] is not None else '-':>10}{s['errors']:>8}")
if heap["apps"]:
    print(f"heap per API app (memory store, {heap['apps']} apps): {heap['heap_bytes_per_app']} bytes"
          + (f"; reference: {ref_heap['heap_bytes_per_app']} bytes" if ref_heap["apps"] else ""))
json.dump(result, open(out, "w"), indent=2)
sys.exit(1 if bad else 0)
PY
