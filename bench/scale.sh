#!/usr/bin/env bash
# Keygate with many API apps: bench/scale.sh [--apps 10000000] [--store postgres,memory] [--duration SECONDS]
#                                           [--no-build]
#
# Measures six calls with wrk (-t1 -c64, a short warm-up, then --latency) on an empty store and again on a full one,
# in one run: get an API app, list a project's apps (first page, and at ZITADEL offset 10,000), create an API app,
# a client-credentials token grant and an introspection (bench/lua/*.lua). The tenant is made over HTTP as
# bench/run.sh makes it; its project holds 10,100 apps for the empty measurements (so offset 10,000 has a page).
#   * PostgreSQL (bench/postgres.sh, a private server): after the empty measurements Keygate is stopped and the
#     database seeded with SQL (bench/scale-seed.sql) to --apps apps over apps/100 projects and apps/10000 instances,
#     the measured project among them with apps/100 apps; then VACUUM (ANALYZE) as autovacuum would have done, Keygate
#     is started again and the same tenant measured again.
#   * Memory store: one gateway at the default capacity for bin/keygate's heap; after the empty measurements it is
#     filled with creates over HTTP (lua/fill_create.lua) to leave just the room the create measurement needs, the
#     creates are measured, then it is filled until creates are refused (429) and the reads are measured full.
# Prints a table (empty, full, full/empty per call and store), the database's bytes per app and the seeding time,
# and writes bench/out/scale.json. Exits non-zero on any unexpected answer, transport error or failed check.
# BENCH_WARMUP=SECONDS sets the warm-up (10), SCALE_PORT the gateway's port (18290; the memory store's management
# port is the next), SCALE_PG_PORT PostgreSQL's (15442), SCALE_PG_PARENT the directory of its data (/tmp; removed
# at exit unless SCALE_KEEP_PG is set, which leaves the server running for a closer look).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
APPS=10000000
STORES="postgres memory"
DURATION=15
ROUNDS=1
BUILD=1
usage() {
  echo "usage: bench/scale.sh [--apps N] [--store postgres|memory|postgres,memory] [--duration SECONDS]" \
    "[--rounds N] [--no-build]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --apps) APPS=$2; shift 2 ;;
    --store) STORES=${2//,/ }; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) usage ;;
  esac
done
[[ "$APPS" =~ ^[0-9]+$ ]] && [ "$APPS" -ge 20000 ] || { echo "scale: --apps takes a number of at least 20000" >&2; exit 2; }
for s in $STORES; do case "$s" in memory|postgres) ;; *) usage ;; esac; done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || usage

command -v wrk >/dev/null || { echo "scale: installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v python3 >/dev/null || { echo "scale: python3 is required" >&2; exit 2; }
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests
fi
JAR=$ROOT/gateway/target/keygate.jar
OUT=$ROOT/bench/out/scale
mkdir -p "$OUT"
export BENCH_LUA=$ROOT/bench/lua
WARMUP=${BENCH_WARMUP:-10}
PORT=${SCALE_PORT:-18290}
MGMT_PORT=$((PORT + 1))
PG_PORT=${SCALE_PG_PORT:-15442}
PG_DIR=$(mktemp -d "${SCALE_PG_PARENT:-/tmp}/keygate-scale-pg.XXXXXX")
PG_URI=postgresql://postgres@127.0.0.1:$PG_PORT/postgres
TOKEN=scale-system-token
EMPTY_PORT=$((PORT + 2))
J='Content-Type: application/json'
LIST_OFFSET=10000
export LIST_OFFSET
READS="get_api_app list_api_apps list_api_apps_offset oauth_token oauth_introspect"
# fail MESSAGE: the run goes on and exits non-zero (written down, so that a failure in a subshell counts too)
fail() { echo "SCALE FAILURE: $*" >&2; echo "$*" >> "$OUT/failures.txt"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$PG_URI" "$@"; }
say() { echo "scale: $(date +%T) $*" >&2; }
declare -A GATEWAYS=() # side -> pid of its bin/keygate (which execs the JVM)
cleanup() {
  local side
  for side in "${!GATEWAYS[@]}"; do kill "${GATEWAYS[$side]}" 2>/dev/null || true; done
  if [ -n "${SCALE_KEEP_PG:-}" ] && [ -d "$PG_DIR/data" ]; then
    echo "scale: PostgreSQL keeps running on port $PG_PORT (SCALE_KEEP_PG); stop it and remove its data with:" \
      "bench/postgres.sh stop $PG_DIR $PG_PORT" >&2
    return
  fi
  "$ROOT/bench/postgres.sh" stop "$PG_DIR" "$PG_PORT" 2>/dev/null || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
: > "$OUT/raw.txt"
: > "$OUT/facts.txt"
: > "$OUT/failures.txt"
# fact STORE KEY VALUE: a figure for the report (numbers, or JSON)
fact() { echo "$1 $2 $3" >> "$OUT/facts.txt"; }

# gateway_up SIDE PORT STORE [VAR=value...]: starts Keygate as README.md says (bin/keygate) on PORT and waits for it;
# when $OUT/env-SIDE is missing, creates the tenant bench/run.sh's gateway_up creates, as far as these calls need it:
# an instance with a PAT, a project with an app, a machine user with a secret and a token meant for the project, and a
# BASIC app of the project that introspects it, and writes them to $OUT/env-SIDE (with K, the gateway's URL).
gateway_up() {
  local side=$1 port=$2 store=$3; shift 3
  say "Keygate ($side) on the $store store, port $port, started as README.md says (bin/keygate)"
  local env_store=(KEYGATE_STORE=$store)
  if [ "$store" = postgres ]; then
    env_store+=(KEYGATE_PG_URI=$PG_URI KEYGATE_PG_POOL_SIZE=${KEYGATE_PG_POOL_SIZE:-16}
      KEYGATE_MASTER_KEY=KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=)
  fi
  env KEYGATE_HTTP_PORT=$port KEYGATE_MANAGEMENT_PORT=0 KEYGATE_SYSTEM_TOKEN=$TOKEN "${env_store[@]}" "$@" \
    KEYGATE_JAR="$JAR" "$ROOT/bin/keygate" >> "$OUT/keygate-$side.log" 2>&1 &
  GATEWAYS[$side]=$!
  local K=http://127.0.0.1:$port up=0
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null "$K/healthz"; then up=1; break; fi
    kill -0 "${GATEWAYS[$side]}" 2>/dev/null || break
    sleep 0.2
  done
  [ "$up" = 1 ] || { echo "scale: Keygate ($side) did not start (see $OUT/keygate-$side.log)" >&2; exit 1; }
  [ -f "$OUT/env-$side" ] && return 0
  local PAT PROJECT APP OAUTH_USER MACHINE_SECRET MACHINE_BASIC APP_JSON APP_BASIC SCOPE ACCESS_TOKEN
  PAT=$(curl -sf -X POST $K/system/v1/instances/_create -H "Authorization: Bearer $TOKEN" -H "$J" \
    -d '{"instanceName":"bench","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | json "['pat']")
  local A="Authorization: Bearer $PAT"
  PROJECT=$(curl -sf -X POST $K/management/v1/projects -H "$A" -H "$J" -d '{"name":"bench"}' | json "['id']")
  APP=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"probe"}' | json "['appId']")
  OAUTH_USER=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" \
    -d '{"userName":"bench-oauth","name":"Bench OAuth"}' | json "['userId']")
  MACHINE_SECRET=$(curl -sf -X PUT $K/management/v1/users/$OAUTH_USER/secret -H "$A" | json "['clientSecret']")
  MACHINE_BASIC=$(printf '%s' "bench-oauth:$MACHINE_SECRET" | base64 -w0)
  APP_JSON=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"bench-rs"}')
  APP_BASIC=$(printf '%s' "$(echo "$APP_JSON" | json "['clientId']"):$(echo "$APP_JSON" | json "['clientSecret']")" | base64 -w0)
  SCOPE="grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A$PROJECT%3Aaud"
  ACCESS_TOKEN=$(curl -sf -X POST $K/oauth/v2/token -H "Authorization: Basic $MACHINE_BASIC" -d "$SCOPE" \
    | json "['access_token']")
  local v
  for v in K PAT PROJECT APP MACHINE_BASIC APP_BASIC ACCESS_TOKEN; do
    printf '%s=%q\n' "$v" "${!v}"
  done > "$OUT/env-$side"
}
gateway_down() { # SIDE
  kill "${GATEWAYS[$1]}"; wait "${GATEWAYS[$1]}" 2>/dev/null || true
  unset "GATEWAYS[$1]"
}
side_url() { sed -n 's/^K=//p' "$OUT/env-$1"; }
# on SIDE COMMAND...: runs a command with the side's tenant in its environment (K, PAT, PROJECT, ...)
on() { local side=$1; shift; ( set -a; . "$OUT/env-$side"; set +a; "$@" ); }

# apps_in_project: the project's total as ListApps answers it (run with on SIDE)
apps_in_project() {
  curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/_search -H "Authorization: Bearer $PAT" -H "$J" \
    -d '{"query":{"limit":1}}' | json "['details']['totalResult']"
}

# fill_round SIDE SECONDS THREADS CONNECTIONS LIMIT-PER-THREAD: creates apps in the side's project with
# fill_create.lua (each thread stops at its limit, 0: none); prints "created refused", fails on any other answer
fill_round() {
  local side=$1 seconds=$2 threads=$3 conns=$4 limit=$5 line
  line=$(on "$side" env RUN_ID=fill-$RANDOM$RANDOM FILL_LIMIT="$limit" wrk -t"$threads" -c"$conns" -d"${seconds}s" \
    --timeout 10s -s "$BENCH_LUA/fill_create.lua" "$(side_url "$side")" 2>>"$OUT/fill-$side.stderr" \
    | grep '^FILL_JSON ' | sed 's/^FILL_JSON //' || true)
  if [ -z "$line" ]; then fail "fill_create.lua printed no summary (see $OUT/fill-$side.stderr)"; echo "0 1"; return; fi
  local other transport
  other=$(echo "$line" | json "['other']"); transport=$(echo "$line" | json "['transport_errors']")
  [ "$other" = 0 ] && [ "$transport" = 0 ] || fail "filling ($side): $other unexpected answers, $transport transport errors"
  echo "$(echo "$line" | json "['created']") $(echo "$line" | json "['refused']")"
}

# fill_project_to SIDE N: creates apps over HTTP until the side's project holds at least N
fill_project_to() {
  local side=$1 target=$2 have
  for _ in $(seq 1 100); do
    have=$(on "$side" apps_in_project)
    [ "$have" -lt "$target" ] || return 0
    fill_round "$side" 3 1 16 $((target - have)) >/dev/null
  done
  fail "the project ($side) holds $have apps, not $target"
}

# measure SIDE STORE PHASE SCENARIO [WARMUP DURATION]: wrk -t1 -c64 on the side's gateway for the warm-up, then the
# measured run with --latency; appends "STORE PHASE SCENARIO <json>" to raw.txt
measure() {
  local side=$1 store=$2 phase=$3 scenario=$4 warmup=${5:-$WARMUP} duration=${6:-$DURATION} line name
  name=$store-$phase-$scenario
  say "$store, $phase: $scenario"
  on "$side" env RUN_ID=$name-$RANDOM-warm wrk -t1 -c64 -d"${warmup}s" --timeout 10s -s "$BENCH_LUA/$scenario.lua" \
    "$(side_url "$side")" >/dev/null 2>&1 || true
  line=$(on "$side" env RUN_ID=$name-$RANDOM-run wrk -t1 -c64 -d"${duration}s" --timeout 10s --latency \
    -s "$BENCH_LUA/$scenario.lua" "$(side_url "$side")" 2>> "$OUT/$name.stderr" | tee -a "$OUT/$name.wrk.txt" \
    | grep '^BENCH_JSON ' | sed 's/^BENCH_JSON //' || true)
  if [ -z "$line" ]; then
    fail "$name printed no BENCH_JSON (see $OUT/$name.wrk.txt)"
    line='{"requests":0,"duration_us":1,"p50_us":0,"p99_us":0,"unexpected":1,"transport_errors":0}'
  fi
  # the machine's load (1-minute average) at the end of the run: the machine is shared, a busy neighbour shows here
  echo "$store $phase $scenario ${line%\}},\"load\":$(cut -d' ' -f1 /proc/loadavg)}" >> "$OUT/raw.txt"
}

# ---------------------------------------------------------------- PostgreSQL
# The tenant is made and its project filled to 10,100 apps, then the database is copied (keygate_empty, the empty
# store) before anything is measured. The six calls are measured on it (phase "before"), the database is seeded, and
# then Keygate on the full database and Keygate on the copy run side by side and each call is measured on both in
# turn (phases "full" and "empty", the order swapped every round): on a shared machine whose load drifts during the
# seed, only measurements made minutes apart compare well.
postgres_run() {
  say "PostgreSQL on port $PG_PORT, data in $PG_DIR"
  "$ROOT/bench/postgres.sh" start "$PG_DIR" "$PG_PORT"
  # logged only, into $OUT/postgres-server.log at the end: what autovacuum and checkpoints did while measuring, and
  # the plan of every statement that took longer than 250 ms (auto_explain, without ANALYZE: no cost when fast)
  sql -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "LOAD 'auto_explain'" \
    -c "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER SYSTEM SET auto_explain.log_min_duration = '250ms'" -c "SELECT pg_reload_conf()" >/dev/null
  rm -f "$OUT/env-pg" "$OUT/env-pg-empty"
  : > "$OUT/keygate-pg.log"; : > "$OUT/keygate-pg-empty.log"; : > "$OUT/fill-pg.stderr"
  gateway_up pg "$PORT" postgres
  fill_project_to pg $((LIST_OFFSET + 100))
  fact postgres empty_project_apps "$(on pg apps_in_project)"
  fact postgres empty_apps "$(sql -c 'SELECT count(*) FROM api_apps')"
  gateway_down pg
  # statistics as autovacuum would have gathered them a minute later (before its first ANALYZE the planner takes
  # api_apps for empty and lists a project's apps by sorting all of them: 100+ ms a page at 10,000 apps)
  sql -c "ANALYZE"
  sql -c "CREATE DATABASE keygate_empty TEMPLATE postgres"
  # the tenant's ids, for the seed: the measured project's instance, organization, owner, apps and sequence
  local inst org actor have pseq ext need avail
  IFS='|' read -r inst org <<< "$(sql -c "SELECT instance_id, org_id FROM projects WHERE id = '$(on pg printenv PROJECT)'")"
  actor=$(sql -c "SELECT id FROM users WHERE instance_id = '$inst' AND user_name = 'admin'")
  ext=$(sql -c "SELECT substr(name, strpos(name, '.') + 1) FROM instance_domains WHERE instance_id = '$inst' AND generated")

  gateway_up pg "$PORT" postgres
  for s in $READS create_api_app; do measure pg postgres before "$s"; done
  gateway_down pg

  # the seed: Keygate stopped, checkpoints spaced out while it runs (reset afterwards)
  local project; project=$(on pg printenv PROJECT)
  IFS='|' read -r have pseq <<< "$(sql -c "SELECT c.n, p.sequence FROM projects p JOIN counters c
    ON c.instance_id = p.instance_id AND c.scope = 'apps/' || p.id WHERE p.id = '$project'")"
  need=$((APPS * 2)) # KiB: about 1 KB per app stored, WAL up to max_wal_size while seeding, room to spare
  avail=$(df -Pk "$PG_DIR" | awk 'NR == 2 {print $4}')
  if [ "$avail" -lt "$need" ]; then
    echo "scale: $((avail / 1048576)) GiB free in $PG_DIR, about $((need / 1048576)) GiB needed; set SCALE_PG_PARENT" >&2
    exit 1
  fi
  say "seeding $APPS apps with SQL (bench/scale-seed.sql; $((avail / 1048576)) GiB free)"
  sql -c "ALTER SYSTEM SET max_wal_size = '16GB'" -c "ALTER SYSTEM SET checkpoint_timeout = '1h'" -c "SELECT pg_reload_conf()" >/dev/null
  local t0 t1 t2
  t0=$(date +%s.%N)
  psql -X -v ON_ERROR_STOP=1 "$PG_URI" -v apps="$APPS" -v min_project=$((LIST_OFFSET + 100)) -v inst="$inst" \
    -v org="$org" -v proj="$project" -v actor="$actor" -v have="$have" -v pseq="$pseq" -v ext="$ext" \
    -f "$ROOT/bench/scale-seed.sql" > "$OUT/seed.log" 2>&1 || { cat "$OUT/seed.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  say "VACUUM (ANALYZE)"
  sql -c 'VACUUM (ANALYZE)'
  t2=$(date +%s.%N)
  sql -c "ALTER SYSTEM RESET max_wal_size" -c "ALTER SYSTEM RESET checkpoint_timeout" -c "SELECT pg_reload_conf()" \
    -c "CHECKPOINT" >/dev/null
  fact postgres seed_seconds "$(python3 -c "print(round($t1 - $t0, 1))")"
  fact postgres vacuum_analyze_seconds "$(python3 -c "print(round($t2 - $t1, 1))")"

  # what the store holds now, its size, and the invariants Keygate keeps
  say "checking the seeded store"
  fact postgres full_apps "$(sql -c 'SELECT count(*) FROM api_apps')"
  fact postgres full_projects "$(sql -c 'SELECT count(*) FROM projects')"
  fact postgres full_instances "$(sql -c 'SELECT count(*) FROM instances')"
  fact postgres database_bytes "$(sql -c 'SELECT pg_database_size(current_database())')"
  fact postgres tables "$(sql -c "SELECT json_object_agg(relname, pg_total_relation_size(oid)) FROM pg_class
    WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND pg_total_relation_size(oid) > 1048576")"
  local bad
  bad=$(sql -c "
    SELECT (SELECT count(*) FROM (SELECT instance_id, project_id, count(*) AS n, max(sequence) AS s FROM api_apps
             GROUP BY 1, 2) a
           LEFT JOIN counters c ON c.instance_id = a.instance_id AND c.scope = 'apps/' || a.project_id
           JOIN projects p ON p.instance_id = a.instance_id AND p.id = a.project_id
           WHERE c.n IS DISTINCT FROM a.n OR p.sequence <> a.s)
         + (SELECT count(*) FROM (SELECT instance_id, aggregate_id, count(*) AS n, max(sequence) AS s FROM events
             WHERE aggregate_type = 'project' GROUP BY 1, 2) e
           JOIN projects p ON p.instance_id = e.instance_id AND p.id = e.aggregate_id
           WHERE e.n <> p.sequence OR e.s <> p.sequence)
         + (SELECT count(*) FROM counters c WHERE c.scope LIKE 'projects/%' AND c.n <> (SELECT count(*) FROM projects p
             WHERE p.instance_id = c.instance_id AND 'projects/' || p.org_id = c.scope))
         + (SELECT abs(n - (SELECT count(*) FROM instances)) FROM counters WHERE instance_id = '' AND scope = 'instances')")
  [ "$bad" = 0 ] || fail "the seeded store breaks Keygate's invariants in $bad places (counters, sequences, events)"

  # side by side: the full database and the copy of the empty one, the same tenant on both
  sed "s|^K=.*|K=http://127.0.0.1:$EMPTY_PORT|" "$OUT/env-pg" > "$OUT/env-pg-empty"
  gateway_up pg "$PORT" postgres
  PG_URI=${PG_URI%/*}/keygate_empty gateway_up pg-empty "$EMPTY_PORT" postgres
  fact postgres full_project_apps "$(on pg apps_in_project)"
  local round s
  for s in $READS create_api_app; do
    for round in $(seq 1 "$ROUNDS"); do
      if [ $((round % 2)) = 1 ]; then
        measure pg-empty postgres empty "$s"; measure pg postgres full "$s"
      else
        measure pg postgres full "$s"; measure pg-empty postgres empty "$s"
      fi
    done
  done
  gateway_down pg; gateway_down pg-empty
  explain_postgres "$inst" "$org" "$project"
  cp "$PG_DIR/server.log" "$OUT/postgres-server.log" 2>/dev/null || true
  [ -n "${SCALE_KEEP_PG:-}" ] || "$ROOT/bench/postgres.sh" stop "$PG_DIR" "$PG_PORT"
}

# explain_postgres INSTANCE ORG PROJECT: the SQL behind the measured calls on both stores, with EXPLAIN (ANALYZE,
# BUFFERS), into $OUT/explain.txt (the statements as store-postgres sends them, with the measured tenant's values;
# the listing prepared as Keygate prepares it, with PostgreSQL's custom and generic plans)
explain_postgres() {
  local inst=$1 org=$2 project=$3 app client
  app=$(on pg printenv APP)
  client=$(sql -c "SELECT client_id FROM api_apps WHERE instance_id = '$inst' AND name = 'bench-rs'")
  {
    echo "-- get_api_app: PgApiAppStore.BY_ID"
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM api_apps WHERE instance_id = '$inst' AND project_id = '$project' AND id = '$app' AND org_id = '$org';"
    echo "PREPARE list(text, text, bigint, bigint) AS SELECT * FROM api_apps WHERE instance_id = \$1 AND project_id = \$2 ORDER BY length(id) DESC, id DESC LIMIT \$3 OFFSET \$4;"
    for mode in custom generic; do
      echo "SET plan_cache_mode = force_${mode}_plan;"
      for offset in 0 $LIST_OFFSET; do
        echo "-- list_api_apps, offset $offset: PgApiAppStore.OF_PROJECT (Listing), prepared as Keygate sends it, $mode plan"
        echo "EXPLAIN (ANALYZE, BUFFERS) EXECUTE list('$inst', '$project', 100, $offset);"
      done
    done
    echo "RESET plan_cache_mode;"
    echo "-- the page's total: PgExecutor.TOTAL"
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT n FROM counters WHERE instance_id = '$inst' AND scope = 'apps/$project';"
    echo "-- oauth_introspect: PgCredentialLookup.API_APP"
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM api_apps WHERE client_id = '$client';"
  } > "$OUT/explain.sql"
  { echo "==== full store"; sql -e -f "$OUT/explain.sql"
    echo "==== empty store (keygate_empty)"; psql -X -q -At -v ON_ERROR_STOP=1 "${PG_URI%/*}/keygate_empty" -e -f "$OUT/explain.sql"
  } > "$OUT/explain.txt" 2>&1 || fail "EXPLAIN failed (see $OUT/explain.txt)"
}

# ---------------------------------------------------------------- memory store
# The gateway that is filled (mem) is measured first as it is (phase "before"), then filled. The empty store to
# compare with is a fresh gateway holding only the tenant and its 10,100 apps (mem-empty, started anew for each
# measurement, as bench/run.sh does on the memory store), measured in turn with the full one (phases "empty" and
# "full", the order swapped every round). Creates fill the store as they are measured (tens of thousands a second),
# so they are measured for 3 s after a 3 s warm-up (less when --duration or BENCH_WARMUP say so): mem is filled to
# leave twice the room its own create measurement took, its creates are measured between two of a fresh empty
# gateway, then it is filled until creates are refused, and the reads are measured.
metric() { # MANAGEMENT-PORT NAME
  curl -sf "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {printf "%.0f\n", $2}'
}
percent_full() { python3 -c "print(round(100 * $(metric "$MGMT_PORT" keygate_store_used_bytes) / $1, 1))"; }
measure_empty() { # SCENARIO [WARMUP DURATION]: on a fresh empty gateway
  rm -f "$OUT/env-mem-empty"
  gateway_up mem-empty "$EMPTY_PORT" memory
  fill_project_to mem-empty $((LIST_OFFSET + 100))
  measure mem-empty memory empty "$@"
  gateway_down mem-empty
}
memory_run() {
  rm -f "$OUT/env-mem"
  : > "$OUT/keygate-mem.log"; : > "$OUT/keygate-mem-empty.log"; : > "$OUT/fill-mem.stderr"; : > "$OUT/fill-mem-empty.stderr"
  gateway_up mem "$PORT" memory KEYGATE_MANAGEMENT_PORT=$MGMT_PORT
  local capacity used before after apps room target per_app start seconds=0 t cw cd created refused round s
  cw=$((WARMUP < 3 ? WARMUP : 3)); cd=$((DURATION < 3 ? DURATION : 3))
  capacity=$(metric "$MGMT_PORT" keygate_store_capacity_bytes)
  fill_project_to mem $((LIST_OFFSET + 100))
  fact memory empty_project_apps "$(on mem apps_in_project)"
  for s in $READS; do measure mem memory before "$s"; done
  before=$(metric "$MGMT_PORT" keygate_store_used_bytes)
  measure mem memory before create_api_app "$cw" "$cd"
  after=$(metric "$MGMT_PORT" keygate_store_used_bytes)
  fact memory empty_apps "$(on mem apps_in_project)"
  room=$(( (after - before) * 2 ))
  target=$((capacity - room))
  say "memory store: capacity $((capacity >> 20)) MiB; filling to $((target >> 20)) MiB before measuring creates"
  start=$(date +%s)
  for _ in $(seq 1 200); do
    used=$(metric "$MGMT_PORT" keygate_store_used_bytes); apps=$(on mem apps_in_project)
    [ "$used" -lt "$target" ] || break
    per_app=$((used / apps))
    read -r created refused <<< "$(fill_round mem 10 2 32 $(( (target - used) / per_app / 2 + 1 )))"
    [ "$refused" = 0 ] || break
  done
  t=$(date +%s); seconds=$((seconds + t - start))
  measure_empty create_api_app "$cw" "$cd"
  fact memory full_create_from_percent "$(percent_full "$capacity")"
  measure mem memory full create_api_app "$cw" "$cd"
  fact memory full_create_to_percent "$(percent_full "$capacity")"
  measure_empty create_api_app "$cw" "$cd"
  say "memory store: filling until creates are refused"
  start=$(date +%s)
  refused=0
  for _ in $(seq 1 100); do
    read -r created refused <<< "$(fill_round mem 10 2 32 0)"
    [ "$refused" = 0 ] || break
  done
  t=$(date +%s); seconds=$((seconds + t - start))
  [ "$refused" != 0 ] || fail "the memory store never refused a create"
  used=$(metric "$MGMT_PORT" keygate_store_used_bytes); apps=$(on mem apps_in_project)
  fact memory fill_seconds "$seconds"
  fact memory capacity_bytes "$capacity"
  fact memory used_bytes "$used"
  fact memory full_apps "$apps"
  fact memory full_project_apps "$apps"
  for s in $READS; do
    for round in $(seq 1 "$ROUNDS"); do
      if [ $((round % 2)) = 1 ]; then
        measure_empty "$s"; measure mem memory full "$s"
      else
        measure mem memory full "$s"; measure_empty "$s"
      fi
    done
  done
  local pid=${GATEWAYS[mem]}
  kill -0 "$pid" 2>/dev/null || fail "Keygate (memory) died (see $OUT/keygate-mem.log)"
  [ "$(metric "$MGMT_PORT" keygate_store_used_bytes)" -ge "$used" ] || fail "the full memory store lost apps"
  jcmd "$pid" GC.run >/dev/null 2>&1 || true
  fact memory heap_used_after_gc_bytes "$(( $(jcmd "$pid" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*' || echo 0) * 1024 ))"
  gateway_down mem
}

for store in $STORES; do
  case "$store" in
    postgres) postgres_run ;;
    memory) memory_run ;;
  esac
done
for log in "$OUT"/keygate-*.log; do
  n=$(grep -c ' ERROR ' "$log" || true)
  [ "$n" = 0 ] || fail "$n ERROR lines in $log"
done

python3 - "$OUT/raw.txt" "$OUT/facts.txt" "$ROOT/bench/out/scale.json" "$APPS" "$DURATION" "$WARMUP" "$ROUNDS" \
  "$OUT/failures.txt" <<'PY'
import json, sys
from collections import defaultdict
raw, facts, out, apps, duration, warmup, rounds, failures = sys.argv[1:9]
result = {"apps": int(apps), "duration_s": int(duration), "warmup_s": int(warmup), "rounds": int(rounds),
          "stores": {}}
def store_of(name):
    return result["stores"].setdefault(name, {"facts": {}, "scenarios": {}})
for line in open(facts):
    store, key, value = line.rstrip("\n").split(" ", 2)
    store_of(store)["facts"][key] = json.loads(value) if value else None
runs = defaultdict(list)  # (store, phase, scenario) -> one result per round
for line in open(raw):
    store, phase, scenario, payload = line.split(" ", 3)
    runs[(store, phase, scenario)].append(json.loads(payload))
errors = 0
for (store, phase, scenario), rs in runs.items():
    mean = lambda xs: sum(xs) / len(xs)
    bad = sum(r["unexpected"] + r["transport_errors"] for r in rs)
    errors += bad
    store_of(store)["scenarios"].setdefault(scenario, {})[phase] = {
        "rps": round(mean([r["requests"] / (r["duration_us"] / 1e6) for r in rs])),
        "p50_ms": round(mean([r["p50_us"] for r in rs]) / 1000, 2),
        "p99_ms": round(mean([r["p99_us"] for r in rs]) / 1000, 2),
        "errors": bad, "load": round(mean([r.get("load", 0) for r in rs]), 2), "runs": len(rs)}
def ratio(a, b):
    return round(a / b, 2) if b else None
flagged = []
print(f"{'store':<9}{'call':<22}{'p50 ms':>15}{'p99 ms':>17}{'req/s':>15}{'full/empty p50 p99 rps':>26}{'err':>5}"
      f"{'load':>11}")
for store, data in result["stores"].items():
    for scenario, s in data["scenarios"].items():
        e, f = s.get("empty"), s.get("full")
        if e and f:
            s["ratio"] = {"p50": ratio(f["p50_ms"], e["p50_ms"]), "p99": ratio(f["p99_ms"], e["p99_ms"]),
                          "rps": ratio(f["rps"], e["rps"])}
            worse = [k for k in ("p50", "p99") if s["ratio"][k] and s["ratio"][k] > 1.5]
            if worse:
                flagged.append(f"{store}:{scenario} ({', '.join(worse)})")
        cell = lambda k: f"{e[k] if e else '-':>7}/{f[k] if f else '-':<7}"
        r = s.get("ratio", {})
        print(f"{store:<9}{scenario:<22}{cell('p50_ms'):>15}{cell('p99_ms'):>17}{cell('rps'):>15}"
              f"{r.get('p50', '-'):>10}{r.get('p99', '-'):>7}{r.get('rps', '-'):>7}"
              f"{sum(x.get('errors', 0) for x in s.values() if 'errors' in x):>5}{cell('load'):>11}")
print("(cells: empty/full; load: the machine's 1-minute load average after the run, on 2 cores)")
for store, data in result["stores"].items():
    before = [f"{n} {s['before']['p50_ms']}/{s['before']['p99_ms']} ms {s['before']['rps']}/s"
              for n, s in data["scenarios"].items() if "before" in s]
    if before:
        what = "before the seed, on its empty database" if store == "postgres" else "before filling, the gateway then filled"
        print(f"{store} {what}: " + ", ".join(before))
pg = result["stores"].get("postgres", {})
pgf = pg.get("facts", {})
if pgf.get("full_apps"):
    pgf["bytes_per_app"] = round(pgf["database_bytes"] / pgf["full_apps"])
    tables = pgf.get("tables") or {}
    pgf["api_apps_and_events_bytes_per_app"] = round((tables.get("api_apps", 0) + tables.get("events", 0)) / pgf["full_apps"])
    print(f"postgres: {pgf['full_apps']:,} apps in {pgf['full_projects']:,} projects of {pgf['full_instances']:,} instances "
          f"(measured project: {pgf.get('full_project_apps', 0):,}; empty store: {pgf.get('empty_apps', 0):,} apps); "
          f"database {pgf['database_bytes'] / 2**30:.2f} GiB, {pgf['bytes_per_app']} bytes per app "
          f"({pgf['api_apps_and_events_bytes_per_app']} in api_apps and events); seeded in {pgf['seed_seconds']} s, "
          f"VACUUM (ANALYZE) {pgf['vacuum_analyze_seconds']} s")
    print("postgres tables (MiB): " + ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sorted(tables.items(), key=lambda kv: -kv[1])))
mem = result["stores"].get("memory", {}).get("facts", {})
if mem.get("full_apps"):
    mem["bytes_per_app"] = round(mem["used_bytes"] / mem["full_apps"])
    print(f"memory: {mem['full_apps']:,} apps, {mem['used_bytes'] / 2**20:.0f} of {mem['capacity_bytes'] / 2**20:.0f} MiB "
          f"counted ({mem['bytes_per_app']} bytes per app), filled in {mem['fill_seconds']} s; creates measured from "
          f"{mem['full_create_from_percent']} % to {mem['full_create_to_percent']} % full, reads once creates were refused")
result["worse_than_1_5x"] = flagged
print("worse than 1.5x of the empty store (p50 or p99): " + (", ".join(flagged) if flagged else "none"))
failed = [line.strip() for line in open(failures) if line.strip()]
result["failures"] = failed
for f in failed:
    print("FAILURE: " + f)
json.dump(result, open(out, "w"), indent=2)
sys.exit(1 if errors or failed else 0)
PY
