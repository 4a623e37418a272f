#!/usr/bin/env bash
# Fills the memory store of a Keygate with a small heap: bench/fill.sh [--heap 192m] [--capacity BYTES] [--no-build]
#
# Starts Keygate with bin/keygate (so with -XX:+ExitOnOutOfMemoryError) and KEYGATE_JAVA_OPTS="-Xmx<heap>", creates
# API apps with wrk (-t2 -c32) in rounds of 10 s until creates are refused, then checks that the full gateway still
# answers reads, a token grant, an introspection and deletes, that a delete makes room again and that creates are
# refused cleanly (429, ZITADEL code 8; anything else counts as a failure), and measures the live heap after a full GC.
# Prints one FILL line per figure and exits non-zero on any unexpected answer, transport error or a dead process.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
HEAP=192m
CAPACITY=
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --heap) HEAP=$2; shift 2 ;;
    --capacity) CAPACITY=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: bench/fill.sh [--heap 192m] [--capacity BYTES] [--no-build]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "fill: wrk is required (apt-get install wrk)" >&2; exit 2; }
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q -o package -DskipTests
fi
OUT=$ROOT/bench/out
mkdir -p "$OUT"
LOG=$OUT/fill-keygate.log
PORT=18190
TOKEN=fill-system-token
K=http://127.0.0.1:$PORT
J='Content-Type: application/json'
FAILED=0
fail() { echo "FILL FAILURE: $*" >&2; FAILED=1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

env KEYGATE_HTTP_PORT=$PORT KEYGATE_SYSTEM_TOKEN=$TOKEN KEYGATE_STORE=memory \
  ${CAPACITY:+KEYGATE_MEMORY_CAPACITY=$CAPACITY} \
  KEYGATE_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -XX:MaxTenuringThreshold=0" \
  KEYGATE_JAR="$ROOT/gateway/target/keygate.jar" "$ROOT/bin/keygate" > "$LOG" 2>&1 &
PID=$! # bin/keygate execs java: this is the JVM
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "$K/healthz" && break; sleep 0.2; done

export PAT=$(curl -sf -X POST $K/system/v1/instances/_create -H "Authorization: Bearer $TOKEN" -H "$J" \
  -d '{"instanceName":"fill","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | json "['pat']")
A="Authorization: Bearer $PAT"
export PROJECT=$(curl -sf -X POST $K/management/v1/projects -H "$A" -H "$J" -d '{"name":"fill"}' | json "['id']")
ROBOT=$(curl -sf -X POST $K/management/v1/users/machine -H "$A" -H "$J" -d '{"userName":"robot","name":"Robot"}' \
  | json "['userId']")
curl -sf -X POST $K/management/v1/orgs/me/members -H "$A" -H "$J" -d "{\"userId\":\"$ROBOT\",\"roles\":[\"ORG_OWNER\"]}" >/dev/null
SECRET=$(curl -sf -X PUT $K/management/v1/users/$ROBOT/secret -H "$A" | json "['clientSecret']")
ROBOT_BASIC=$(printf '%s' "robot:$SECRET" | base64 -w0)
APP_JSON=$(curl -sf -X POST $K/management/v1/projects/$PROJECT/apps/api -H "$A" -H "$J" -d '{"name":"resource-server"}')
APP=$(echo "$APP_JSON" | json "['appId']")
APP_BASIC=$(printf '%s' "$(echo "$APP_JSON" | json "['clientId']"):$(echo "$APP_JSON" | json "['clientSecret']")" | base64 -w0)

# fill: rounds of 10 s until refusals start
CREATED=0; REFUSED=0; OTHER=0; TRANSPORT=0; ROUNDS=0; START=$(date +%s)
while [ $REFUSED = 0 ] && [ $ROUNDS -lt 30 ]; do
  ROUNDS=$((ROUNDS + 1))
  LINE=$(RUN_ID=r$ROUNDS wrk -t2 -c32 -d10s -s "$ROOT/bench/lua/fill_create.lua" $K 2>>"$OUT/fill-wrk.stderr" \
    | grep '^FILL_JSON ' | sed 's/^FILL_JSON //')
  CREATED=$((CREATED + $(echo "$LINE" | json "['created']")))
  REFUSED=$((REFUSED + $(echo "$LINE" | json "['refused']")))
  OTHER=$((OTHER + $(echo "$LINE" | json "['other']")))
  TRANSPORT=$((TRANSPORT + $(echo "$LINE" | json "['transport_errors']")))
  kill -0 $PID 2>/dev/null || { fail "Keygate died while filling (see $LOG)"; break; }
done
FILLED_IN=$(( $(date +%s) - START ))
echo "FILL capacity reached: $CREATED apps created in ${FILLED_IN}s ($ROUNDS rounds of 10 s), then refusals began"
[ $REFUSED -gt 0 ] || fail "no create was refused"

# the full gateway: reads, a token, an introspection, deletes; a delete makes room; creates refused cleanly
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@"; }
READS=0; READS_OK=0
check() { # expected-status description curl-args...
  local want=$1 what=$2; shift 2
  local got; got=$(code "$@")
  READS=$((READS + 1))
  if [ "$got" = "$want" ]; then READS_OK=$((READS_OK + 1)); else fail "$what answered $got, not $want"; fi
}
check 200 "GET app" -H "$A" $K/management/v1/projects/$PROJECT/apps/$APP
check 200 "GET project" -H "$A" $K/management/v1/projects/$PROJECT
check 200 "list apps" -X POST -H "$A" -H "$J" -d '{"query":{"limit":10}}' $K/management/v1/projects/$PROJECT/apps/_search
check 200 "list instances" -X POST -H "Authorization: Bearer $TOKEN" -H "$J" -d '{}' $K/system/v1/instances/_search
check 200 "healthz" $K/healthz
SCOPE="grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A$PROJECT%3Aaud"
ACCESS=$(curl -s --max-time 5 -X POST $K/oauth/v2/token -H "Authorization: Basic $ROBOT_BASIC" -d "$SCOPE" \
  | json ".get('access_token', '')")
[ -n "$ACCESS" ] && READS_OK=$((READS_OK + 1)) || fail "no token while full"
READS=$((READS + 1))
ACTIVE=$(curl -s --max-time 5 -X POST $K/oauth/v2/introspect -H "Authorization: Basic $APP_BASIC" -d "token=$ACCESS" \
  | json ".get('active')")
[ "$ACTIVE" = True ] && READS_OK=$((READS_OK + 1)) || fail "introspection while full said active=$ACTIVE"
READS=$((READS + 1))
echo "FILL reads answered: $READS_OK of $READS (GET app, GET project, list apps, list instances, healthz, token, introspection)"

BEFORE=$(code -X POST -H "$A" -H "$J" -d '{"name":"after-full"}' $K/management/v1/projects/$PROJECT/apps/api)
[ "$BEFORE" = 429 ] || fail "a create on the full store answered $BEFORE, not 429"
# two filler apps removed: a removal gives back its record (its event stays), so two surely make room for one
IDS=$(curl -sf -X POST -H "$A" -H "$J" -d '{"query":{"limit":3}}' $K/management/v1/projects/$PROJECT/apps/_search \
  | python3 -c "import json,sys; print(' '.join([a['id'] for a in json.load(sys.stdin)['result'] if a['id'] != '$APP'][:2]))")
DELETED=0
for id in $IDS; do
  [ "$(code -X DELETE -H "$A" $K/management/v1/projects/$PROJECT/apps/$id)" = 200 ] && DELETED=$((DELETED + 1))
done
[ $DELETED = 2 ] || fail "deleted $DELETED of 2 apps"
AFTER=$(code -X POST -H "$A" -H "$J" -d '{"name":"after-delete"}' $K/management/v1/projects/$PROJECT/apps/api)
[ "$AFTER" = 200 ] || fail "a create after two deletes answered $AFTER, not 200"
echo "FILL deletes answered: $DELETED of 2; create after them: $AFTER (before them: $BEFORE)"

LINE=$(RUN_ID=refused wrk -t2 -c32 -d10s -s "$ROOT/bench/lua/fill_create.lua" $K 2>>"$OUT/fill-wrk.stderr" \
  | grep '^FILL_JSON ' | sed 's/^FILL_JSON //')
R_CREATED=$(echo "$LINE" | json "['created']"); R_REFUSED=$(echo "$LINE" | json "['refused']")
R_OTHER=$(echo "$LINE" | json "['other']"); R_TRANSPORT=$(echo "$LINE" | json "['transport_errors']")
echo "FILL creates refused: $R_REFUSED in 10 s of wrk on the full store (created $R_CREATED, other answers $R_OTHER, transport errors $R_TRANSPORT, p99 $(echo "$LINE" | json "['p99_us']") us)"
OTHER=$((OTHER + R_OTHER)); TRANSPORT=$((TRANSPORT + R_TRANSPORT))
[ $OTHER = 0 ] || fail "$OTHER answers other than 200 or 429"
[ $TRANSPORT = 0 ] || fail "$TRANSPORT transport errors"

if kill -0 $PID 2>/dev/null; then
  jcmd $PID GC.run >/dev/null
  USED=$(jcmd $PID GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
  echo "FILL live heap after full GC: $((USED / 1024)) MiB of $HEAP; Keygate alive"
else
  fail "Keygate is not running (see $LOG)"
fi
echo "FILL log lines: $(grep -c '% full' "$LOG" || true) at 80 %, $(grep -c 'memory store full' "$LOG" || true) when full, $(grep -c ' ERROR ' "$LOG" || true) at ERROR, $(grep -c 'OutOfMemoryError' "$LOG" || true) OutOfMemoryError"
grep -q ' ERROR ' "$LOG" && fail "ERROR lines in $LOG"
exit $FAILED
