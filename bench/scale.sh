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
# at exit).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
APPS=10000000
STORES="postgres memory"
DURATION=15
BUILD=1
usage() {
  echo "usage: bench/scale.sh [--apps N] [--store postgres|memory|postgres,memory] [--duration SECONDS] [--no-build]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --apps) APPS=$2; shift 2 ;;
    --store) STORES=${2//,/ }; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) usage ;;
  esac
done
[[ "$APPS" =~ ^[0-9]+$ ]] && [ "$APPS" -ge 20000 ] || { echo "scale: --apps takes a number of at least 20000" >&2; exit 2; }
for s in $STORES; do case "$s" in memory|postgres) ;; *) usage ;; esac; done

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
K=http://127.0.0.1:$PORT
J='Content-Type: application/json'
LIST_OFFSET=10000
export LIST_OFFSET
READS="get_api_app list_api_apps list_api_apps_offset oauth_token oauth_introspect"
FAILED=0
fail() { echo "SCALE FAILURE: $*" >&2; FAILED=1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$PG_URI" "$@"; }
say() { echo "scale: $*" >&2; }
GATEWAY=""
cleanup() {
  if [ -n "$GATEWAY" ]; then kill "$GATEWAY" 2>/dev/null || true; wait "$GATEWAY" 2>/dev/null || true; fi
  "$ROOT/bench/postgres.sh" stop "$PG_DIR" "$PG_PORT" 2>/dev/null || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
: > "$OUT/raw.txt"
: > "$OUT/facts.txt"
# fact STORE KEY VALUE: a figure for the report (numbers, or JSON)
fact() { echo "$1 $2 $3" >> "$OUT/facts.txt"; }

# gateway_up STORE [VAR=value...]: starts Keygate as README.md says (bin/keygate) and waits for it; on a first start
# (no $OUT/env-STORE yet) creates the tenant bench/run.sh's gateway_up creates, as far as these calls need it: an
# instance with a PAT, a project with an app, a machine user with a secret and a token meant for the project, and a
# BASIC app of the project that introspects it; writes them to $OUT/env-STORE.
gateway_up() {
  local store=$1; shift
  say "Keygate on the $store store, started as README.md says (bin/keygate)"
  local env_store=(KEYGATE_STORE=$store)
  if [ "$store" = postgres ]; then
    env_store+=(KEYGATE_PG_URI=$PG_URI KEYGATE_PG_POOL_SIZE=${KEYGATE_PG_POOL_SIZE:-16}
      KEYGATE_MASTER_KEY=KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=)
  fi
  env KEYGATE_HTTP_PORT=$PORT KEYGATE_MANAGEMENT_PORT=0 KEYGATE_SYSTEM_TOKEN=$TOKEN "${env_store[@]}" "$@" \
    KEYGATE_JAR="$JAR" "$ROOT/bin/keygate" >> "$OUT/keygate-$store.log" 2>&1 &
  GATEWAY=$!
  local up=0
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null "$K/healthz"; then up=1; break; fi
    kill -0 "$GATEWAY" 2>/dev/null || break
    sleep 0.2
  done
  [ "$up" = 1 ] || { echo "scale: Keygate did not start (see $OUT/keygate-$store.log)" >&2; exit 1; }
  [ -f "$OUT/env-$store" ] && return 0
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
  for v in PAT PROJECT APP MACHINE_BASIC APP_BASIC ACCESS_TOKEN; do
    printf '%s=%q\n' "$v" "${!v}"
  done > "$OUT/env-$store"
}
gateway_down() {
  kill "$GATEWAY"; wait "$GATEWAY" 2>/dev/null || true
  GATEWAY=""
}
# load_env STORE: the tenant's variables in this shell (PAT, PROJECT, ...)
load_env() { set -a; . "$OUT/env-$1"; set +a; }

# apps_in_project: the project's total as ListApps answers it
apps_in_project() {
  curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/_search -H "Authorization: Bearer $PAT" -H "$J" \
    -d '{"query":{"limit":1}}' | json "['details']['totalResult']"
}

# fill_round STORE SECONDS THREADS CONNECTIONS LIMIT-PER-THREAD: creates apps in the project with fill_create.lua
# (each thread stops at its limit, 0: none); sets CREATED and REFUSED, counts other answers as failures
fill_round() {
  local store=$1 seconds=$2 threads=$3 conns=$4 limit=$5 line
  line=$(RUN_ID=fill-$RANDOM$RANDOM FILL_LIMIT=$limit wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s \
    -s "$BENCH_LUA/fill_create.lua" "$K" 2>>"$OUT/fill-$store.stderr" | grep '^FILL_JSON ' | sed 's/^FILL_JSON //')
  [ -n "$line" ] || { fail "fill_create.lua printed no summary (see $OUT/fill-$store.stderr)"; CREATED=0; REFUSED=1; return; }
  CREATED=$(echo "$line" | json "['created']")
  REFUSED=$(echo "$line" | json "['refused']")
  local other transport
  other=$(echo "$line" | json "['other']"); transport=$(echo "$line" | json "['transport_errors']")
  [ "$other" = 0 ] && [ "$transport" = 0 ] || fail "filling: $other unexpected answers, $transport transport errors"
}

# fill_project_to STORE N: creates apps over HTTP until the measured project holds at least N
fill_project_to() {
  local store=$1 target=$2 have
  for _ in $(seq 1 100); do
    have=$(apps_in_project)
    [ "$have" -lt "$target" ] || return 0
    fill_round "$store" 3 1 16 $((target - have))
  done
  fail "the project holds $have apps, not $target"
}

# measure STORE PHASE SCENARIO: wrk -t1 -c64 for WARMUP s, then DURATION s with --latency; appends one line to raw.txt
measure() {
  local store=$1 phase=$2 scenario=$3 line name=$1-$2-$3
  say "$store, $phase store: $scenario"
  RUN_ID=$name-$RANDOM-warm wrk -t1 -c64 -d"${WARMUP}s" --timeout 10s -s "$BENCH_LUA/$scenario.lua" "$K" >/dev/null 2>&1 || true
  line=$(RUN_ID=$name-$RANDOM-run wrk -t1 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$BENCH_LUA/$scenario.lua" "$K" \
    2> "$OUT/$name.stderr" | tee "$OUT/$name.wrk.txt" | grep '^BENCH_JSON ' | sed 's/^BENCH_JSON //' || true)
  if [ -z "$line" ]; then
    fail "$name printed no BENCH_JSON (see $OUT/$name.wrk.txt)"
    line='{"requests":0,"duration_us":1,"p50_us":0,"p99_us":0,"unexpected":1,"transport_errors":0}'
  fi
  # the machine's load (1-minute average) at the end of the run: the machine is shared, a busy neighbour shows here
  echo "$store $phase $scenario ${line%\}},\"load\":$(cut -d' ' -f1 /proc/loadavg)}" >> "$OUT/raw.txt"
}

# ---------------------------------------------------------------- PostgreSQL
postgres_run() {
  say "PostgreSQL on port $PG_PORT, data in $PG_DIR"
  "$ROOT/bench/postgres.sh" start "$PG_DIR" "$PG_PORT"
  # logged only: what autovacuum and checkpoints did while measuring (in $OUT/postgres-server.log at the end)
  sql -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "SELECT pg_reload_conf()" >/dev/null
  rm -f "$OUT/env-postgres"
  : > "$OUT/keygate-postgres.log"
  gateway_up postgres
  load_env postgres
  fill_project_to postgres $((LIST_OFFSET + 100))
  fact postgres empty_project_apps "$(apps_in_project)"
  for s in $READS create_api_app; do measure postgres empty "$s"; done
  fact postgres empty_apps "$(sql -c 'SELECT count(*) FROM api_apps')"
  gateway_down

  # the seed: Keygate stopped, checkpoints spaced out while it runs (reset afterwards)
  local inst org actor have pseq ext need avail
  IFS='|' read -r inst org pseq <<< "$(sql -c "SELECT instance_id, org_id, sequence FROM projects WHERE id = '$PROJECT'")"
  actor=$(sql -c "SELECT id FROM users WHERE instance_id = '$inst' AND user_name = 'admin'")
  have=$(sql -c "SELECT n FROM counters WHERE instance_id = '$inst' AND scope = 'apps/$PROJECT'")
  ext=$(sql -c "SELECT substr(name, strpos(name, '.') + 1) FROM instance_domains WHERE instance_id = '$inst' AND generated")
  need=$((APPS * 2)) # KiB: about 1.3 KB per app stored, WAL up to max_wal_size while seeding, room to spare
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
    -v org="$org" -v proj="$PROJECT" -v actor="$actor" -v have="$have" -v pseq="$pseq" -v ext="$ext" \
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
  local apps projects instances
  apps=$(sql -c 'SELECT count(*) FROM api_apps')
  projects=$(sql -c 'SELECT count(*) FROM projects')
  instances=$(sql -c 'SELECT count(*) FROM instances')
  fact postgres full_apps "$apps"
  fact postgres full_projects "$projects"
  fact postgres full_instances "$instances"
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

  gateway_up postgres
  fact postgres full_project_apps "$(apps_in_project)"
  for s in $READS create_api_app; do measure postgres full "$s"; done
  gateway_down
  explain_postgres "$inst" "$org"
  cp "$PG_DIR/server.log" "$OUT/postgres-server.log" 2>/dev/null || true
  "$ROOT/bench/postgres.sh" stop "$PG_DIR" "$PG_PORT"
}

# explain_postgres INSTANCE ORG: the SQL behind the measured calls on the full store, with EXPLAIN (ANALYZE, BUFFERS),
# into $OUT/explain.txt (the statements as store-postgres sends them, prepared, with the measured tenant's values)
explain_postgres() {
  local inst=$1 org=$2 client
  client=$(sql -c "SELECT client_id FROM api_apps WHERE instance_id = '$inst' AND name = 'bench-rs'")
  {
    echo "-- get_api_app: PgApiAppStore.BY_ID"
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM api_apps WHERE instance_id = '$inst' AND project_id = '$PROJECT' AND id = '$APP' AND org_id = '$org';"
    echo "PREPARE list(text, text, bigint, bigint) AS SELECT * FROM api_apps WHERE instance_id = \$1 AND project_id = \$2 ORDER BY length(id) DESC, id DESC LIMIT \$3 OFFSET \$4;"
    for mode in custom generic; do
      echo "SET plan_cache_mode = force_${mode}_plan;"
      for offset in 0 $LIST_OFFSET; do
        echo "-- list_api_apps, offset $offset: PgApiAppStore.OF_PROJECT (Listing), prepared as Keygate sends it, $mode plan"
        echo "EXPLAIN (ANALYZE, BUFFERS) EXECUTE list('$inst', '$PROJECT', 100, $offset);"
      done
    done
    echo "RESET plan_cache_mode;"
    echo "-- the page's total: PgExecutor.TOTAL"
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT n FROM counters WHERE instance_id = '$inst' AND scope = 'apps/$PROJECT';"
    echo "-- oauth_introspect: PgCredentialLookup.API_APP"
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM api_apps WHERE client_id = '$client';"
  } > "$OUT/explain.sql"
  sql -e -f "$OUT/explain.sql" > "$OUT/explain.txt" 2>&1 || fail "EXPLAIN failed (see $OUT/explain.txt)"
}

# ---------------------------------------------------------------- memory store
metric() { curl -sf "http://127.0.0.1:$MGMT_PORT/metrics" | awk -v m="$1" '$1 == m {printf "%.0f\n", $2}'; }
memory_run() {
  rm -f "$OUT/env-memory"
  : > "$OUT/keygate-memory.log"
  : > "$OUT/fill-memory.stderr"
  gateway_up memory KEYGATE_MANAGEMENT_PORT=$MGMT_PORT
  load_env memory
  local capacity used before after apps room target per_app start seconds=0 t
  capacity=$(metric keygate_store_capacity_bytes)
  fill_project_to memory $((LIST_OFFSET + 100))
  fact memory empty_project_apps "$(apps_in_project)"
  for s in $READS; do measure memory empty "$s"; done
  before=$(metric keygate_store_used_bytes)
  measure memory empty create_api_app
  after=$(metric keygate_store_used_bytes)
  fact memory empty_apps "$(apps_in_project)"
  # filled to leave the room the create measurement took on the empty store, and a fifth more
  room=$(( (after - before) * 6 / 5 ))
  target=$((capacity - room))
  say "memory store: capacity $((capacity >> 20)) MiB; filling to $((target >> 20)) MiB before measuring creates"
  start=$(date +%s)
  for _ in $(seq 1 200); do
    used=$(metric keygate_store_used_bytes); apps=$(apps_in_project)
    [ "$used" -lt "$target" ] || break
    per_app=$(( used / apps ))
    fill_round memory 10 2 32 $(( (target - used) / per_app / 2 + 1 ))
    [ "$REFUSED" = 0 ] || break
  done
  t=$(date +%s); seconds=$((seconds + t - start))
  fact memory full_create_from_percent "$(python3 -c "print(round(100 * $(metric keygate_store_used_bytes) / $capacity, 1))")"
  measure memory full create_api_app
  fact memory full_create_to_percent "$(python3 -c "print(round(100 * $(metric keygate_store_used_bytes) / $capacity, 1))")"
  say "memory store: filling until creates are refused"
  start=$(date +%s)
  REFUSED=0
  for _ in $(seq 1 100); do
    fill_round memory 10 2 32 0
    [ "$REFUSED" = 0 ] || break
  done
  t=$(date +%s); seconds=$((seconds + t - start))
  [ "$REFUSED" != 0 ] || fail "the memory store never refused a create"
  used=$(metric keygate_store_used_bytes); apps=$(apps_in_project)
  fact memory fill_seconds "$seconds"
  fact memory capacity_bytes "$capacity"
  fact memory used_bytes "$used"
  fact memory full_apps "$apps"
  fact memory full_project_apps "$apps"
  for s in $READS; do measure memory full "$s"; done
  kill -0 "$GATEWAY" 2>/dev/null || fail "Keygate (memory) died (see $OUT/keygate-memory.log)"
  jcmd "$GATEWAY" GC.run >/dev/null 2>&1 || true
  fact memory heap_used_after_gc_bytes "$(( $(jcmd "$GATEWAY" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*' || echo 0) * 1024 ))"
  gateway_down
}

for store in $STORES; do
  case "$store" in
    postgres) postgres_run ;;
    memory) memory_run ;;
  esac
done
for store in $STORES; do
  n=$(grep -c ' ERROR ' "$OUT/keygate-$store.log" || true)
  [ "$n" = 0 ] || fail "$n ERROR lines in $OUT/keygate-$store.log"
done

python3 - "$OUT/raw.txt" "$OUT/facts.txt" "$ROOT/bench/out/scale.json" "$APPS" "$DURATION" "$WARMUP" "$FAILED" <<'PY'
import json, sys
raw, facts, out, apps, duration, warmup, failed = sys.argv[1:8]
result = {"apps": int(apps), "duration_s": int(duration), "warmup_s": int(warmup), "stores": {}}
for line in open(facts):
    store, key, value = line.rstrip("\n").split(" ", 2)
    result["stores"].setdefault(store, {"facts": {}})["facts"][key] = json.loads(value) if value else None
errors = 0
for line in open(raw):
    store, phase, scenario, payload = line.split(" ", 3)
    r = json.loads(payload)
    bad = r["unexpected"] + r["transport_errors"]
    errors += bad
    s = result["stores"].setdefault(store, {"facts": {}}).setdefault("scenarios", {}).setdefault(scenario, {})
    s[phase] = {"rps": round(r["requests"] / (r["duration_us"] / 1e6)), "p50_ms": round(r["p50_us"] / 1000, 2),
                "p99_ms": round(r["p99_us"] / 1000, 2), "errors": bad, "load": r.get("load")}
def ratio(a, b):
    return round(a / b, 2) if b else None
flagged = []
print(f"{'store':<9}{'call':<22}{'p50 ms':>15}{'p99 ms':>17}{'req/s':>15}{'full/empty p50 p99 rps':>26}{'err':>5}"
      f"{'load':>11}")
for store, data in result["stores"].items():
    for scenario, s in data.get("scenarios", {}).items():
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
              f"{(e or {}).get('errors', 0) + (f or {}).get('errors', 0):>5}{cell('load'):>11}")
print("(cells: empty/full; load: the machine's 1-minute load average after the run, on 2 cores)")
pg = result["stores"].get("postgres", {}).get("facts", {})
if pg.get("full_apps"):
    pg["bytes_per_app"] = round(pg["database_bytes"] / pg["full_apps"])
    tables = pg.get("tables") or {}
    pg["api_apps_and_events_bytes_per_app"] = round((tables.get("api_apps", 0) + tables.get("events", 0)) / pg["full_apps"])
    print(f"postgres: {pg['full_apps']:,} apps in {pg['full_projects']:,} projects of {pg['full_instances']:,} instances "
          f"(measured project: {pg.get('full_project_apps', 0):,}); database {pg['database_bytes'] / 2**30:.2f} GiB, "
          f"{pg['bytes_per_app']} bytes per app ({pg['api_apps_and_events_bytes_per_app']} in api_apps and events); "
          f"seeded in {pg['seed_seconds']} s, VACUUM (ANALYZE) {pg['vacuum_analyze_seconds']} s")
    print("postgres tables (MiB): " + ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sorted(tables.items(), key=lambda kv: -kv[1])))
mem = result["stores"].get("memory", {}).get("facts", {})
if mem.get("full_apps"):
    mem["bytes_per_app"] = round(mem["used_bytes"] / mem["full_apps"])
    print(f"memory: {mem['full_apps']:,} apps, {mem['used_bytes'] / 2**20:.0f} of {mem['capacity_bytes'] / 2**20:.0f} MiB "
          f"counted ({mem['bytes_per_app']} bytes per app), filled in {mem['fill_seconds']} s; creates measured from "
          f"{mem['full_create_from_percent']} % to {mem['full_create_to_percent']} % full, reads at refusal")
result["worse_than_1_5x"] = flagged
print("worse than 1.5x of the empty store (p50 or p99): " + (", ".join(flagged) if flagged else "none"))
json.dump(result, open(out, "w"), indent=2)
sys.exit(1 if errors or failed != "0" else 0)
PY
