#!/usr/bin/env bash
# How fast Keygate is from its first second:
#   bench/warmup.sh [--duration SECONDS] [--rounds N] [--no-build] [--only keygate|baseline] [--out FILE]
#
# Per round: launches the baseline (bench/BaselineServer.java, started as bench/run.sh starts it), then Keygate on
# the memory store as README.md says (bin/keygate, KEYGATE_SYSTEM_TOKEN, KEYGATE_HTTP_PORT, KEYGATE_MANAGEMENT_PORT=0;
# any KEYGATE_* of the caller's environment, e.g. KEYGATE_JAVA_EXTRA_OPTS or KEYGATE_WARMUP, reaches it). For each:
# the time from launch to its first HTTP answer (curl polls every 10 ms), its RSS then, and for Keygate the tenant
# (instance with a PAT, project) created right after with two curl calls; then at once the create-API-app load
# (wrk -t1 -c64, lua/create_api_app.lua, the baseline gets the same requests) for --duration seconds, counted per
# 1-second window by lua/per_second.lua, from the first request of the load ("windows") and from the first answer
# ("answer_windows", the issue's windows: the first full one is the first that begins after the load began).
# The warmed rate is the median of windows 15-19 of the load; the ratio that matters is the load's first window over
# it. Several rounds give the median of each figure (and of each window).
# Prints a table and writes bench/out/warmup.json:
#   {"rounds": N, "load": "...", "servers": {"keygate"|"baseline": {"start_to_first_answer_s", "rss_mb",
#    "setup_s", "windows", "answer_windows", "warmed_rps", "first_window_ratio", "first_full_answer_window_ratio",
#    "errors", "per_round": [...]}}}
# Exits non-zero when any request of Keygate's load got an unexpected answer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=21
ROUNDS=3
BUILD=1
ONLY=""
OUT_FILE=""
usage() {
  echo "usage: bench/warmup.sh [--duration SECONDS] [--rounds N] [--no-build] [--only keygate|baseline] [--out FILE]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --out) OUT_FILE=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "warmup: --rounds takes a positive number" >&2; exit 2; }
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] && [ "$DURATION" -ge 20 ] \
  || { echo "warmup: --duration takes a number of seconds, at least 20 (the warmed rate is seconds 15-19)" >&2; exit 2; }
case "$ONLY" in ""|keygate|baseline) ;; *) usage ;; esac
SERVERS="baseline keygate"
[ -n "$ONLY" ] && SERVERS=$ONLY

command -v wrk >/dev/null || { echo "warmup: installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v python3 >/dev/null || { echo "warmup: python3 is required" >&2; exit 2; }
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q package -DskipTests
fi
JAR=$ROOT/gateway/target/keygate.jar
OUT=$ROOT/bench/out
mkdir -p "$OUT"
OUT_FILE=${OUT_FILE:-$OUT/warmup.json}
export BENCH_LUA=$ROOT/bench/lua
INSTANCES=$(nproc)
# BENCH_PORT moves the ports off their defaults (Keygate's, the baseline's next to it), as in bench/run.sh
PORT=${BENCH_PORT:-18180}
BASE_PORT=$((PORT + 1))
TOKEN=bench-system-token
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
# field NAME: the first "NAME":"value" of the JSON on standard input (no python start-up between the calls)
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | sed 's/.*:"\(.*\)"/\1/'; }

# launch NAME PORT COMMAND...: starts COMMAND in the background, polls the port until it answers HTTP, and sets
# LAUNCHED, FIRST_ANSWER (seconds since the epoch) and RSS_KB (of the process then)
launch() {
  local name=$1 port=$2; shift 2
  LAUNCHED=$(now)
  "$@" >> "$OUT/warmup-$name.log" 2>&1 &
  PID=$!
  until curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; do
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "warmup: $name ended before it answered (see $OUT/warmup-$name.log)" >&2; PID=""; exit 1
    fi
    if [ "$(echo "$(now) - $LAUNCHED > 120" | bc)" = 1 ]; then
      echo "warmup: $name did not answer on port $port within 120 s" >&2; exit 1
    fi
    sleep 0.01
  done
  FIRST_ANSWER=$(now)
  RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status")
}

# measure NAME PORT PAT PROJECT: the load, then stops the server; appends NAME <json> to $OUT/warmup-raw.txt
measure() {
  local name=$1 port=$2 pat=$3 project=$4 setup_done line
  setup_done=$(now)
  line=$(SCENARIO=create_api_app PAT=$pat PROJECT=$project RUN_ID=warmup-$RANDOM FIRST_ANSWER=$FIRST_ANSWER \
    wrk -t1 -c64 -d"${DURATION}s" -s "$BENCH_LUA/per_second.lua" "http://127.0.0.1:$port" 2> "$OUT/warmup-$name.stderr" \
    | grep '^WARMUP_JSON ' | sed 's/^WARMUP_JSON //')
  kill "$PID"; wait "$PID" 2>/dev/null || true
  PID=""
  printf '%s {"launched":%s,"first_answer":%s,"rss_kb":%s,"setup_done":%s,"load_average":"%s","load":%s}\n' \
    "$name" "$LAUNCHED" "$FIRST_ANSWER" "$RSS_KB" "$setup_done" "$(cut -d' ' -f1-3 /proc/loadavg)" "$line" \
    >> "$OUT/warmup-raw.txt"
}

: > "$OUT/warmup-raw.txt"
for s in baseline keygate; do : > "$OUT/warmup-$s.log"; done
echo "warmup: load before the run: $(uptime)" >&2
for round in $(seq 1 "$ROUNDS"); do
  for server in $SERVERS; do
    echo "warmup: round $round: $server" >&2
    if [ "$server" = baseline ]; then
      launch baseline $BASE_PORT java -cp "$JAR" "$ROOT/bench/BaselineServer.java" $BASE_PORT "$INSTANCES"
      measure baseline $BASE_PORT unused 1 # the very request of create_api_app
    else
      launch keygate "$PORT" env KEYGATE_STORE=memory KEYGATE_HTTP_PORT="$PORT" KEYGATE_MANAGEMENT_PORT=0 \
        KEYGATE_SYSTEM_TOKEN=$TOKEN KEYGATE_JAR="$JAR" "$ROOT/bin/keygate"
      K=http://127.0.0.1:$PORT
      J='Content-Type: application/json'
      PAT=$(curl -sf -X POST "$K/system/v1/instances/_create" -H "Authorization: Bearer $TOKEN" -H "$J" \
        -d '{"instanceName":"bench","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | field pat)
      PROJECT=$(curl -sf -X POST "$K/management/v1/projects" -H "Authorization: Bearer $PAT" -H "$J" \
        -d '{"name":"bench"}' | field id)
      measure keygate "$PORT" "$PAT" "$PROJECT"
    fi
  done
done
echo "warmup: load after the run: $(uptime)" >&2

python3 - "$OUT/warmup-raw.txt" "$OUT_FILE" "$DURATION" <<'PY'
import json, statistics, sys
raw, out, duration = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = {}
for line in open(raw):
    name, payload = line.split(" ", 1)
    runs.setdefault(name, []).append(json.loads(payload))
def median(xs):
    return statistics.median(xs) if xs else None
def one(r):
    load = r["load"]
    windows = load["windows"][:duration]  # the last window may be cut short by wrk's end
    warmed = median(windows[15:20])
    # the issue's windows, from the first answer: the first full one is the first to begin once the load had begun
    first_full = next(k for k in range(len(load["answer_windows"])) if r["first_answer"] + k >= load["start"])
    answer = load["answer_windows"]
    return {"start_to_first_answer_s": round(r["first_answer"] - r["launched"], 3),
            "rss_mb": round(r["rss_kb"] / 1024), "setup_s": round(load["start"] - r["first_answer"], 3),
            "windows": windows, "answer_windows": answer[:duration], "first_full_answer_window": first_full,
            "warmed_rps": warmed, "first_window_ratio": round(windows[0] / warmed, 3),
            "first_full_answer_window_ratio": round(answer[first_full] / warmed, 3) if first_full < len(answer) else 0,
            "errors": load["unexpected"] + load["transport_errors"], "load_average": r["load_average"]}
result = {"rounds": max(len(v) for v in runs.values()),
          "load": f"wrk -t1 -c64 -d{duration}s, lua/create_api_app.lua, counted by lua/per_second.lua",
          "servers": {}}
for name, rs in runs.items():
    per = [one(r) for r in rs]
    med = {k: median([p[k] for p in per]) for k in ("start_to_first_answer_s", "rss_mb", "setup_s", "warmed_rps",
                                                     "first_window_ratio", "first_full_answer_window_ratio")}
    n = min(len(p["windows"]) for p in per)
    med["windows"] = [median([p["windows"][k] for p in per]) for k in range(n)]
    n = min(len(p["answer_windows"]) for p in per)
    med["answer_windows"] = [median([p["answer_windows"][k] for p in per]) for k in range(n)]
    med["errors"] = sum(p["errors"] for p in per)
    med["per_round"] = per
    result["servers"][name] = med
json.dump(result, open(out, "w"), indent=2)
print(f"median of {result['rounds']} round(s); windows of 1 s from the load's first request; warmed = median of "
      "windows 15-19")
print(f"{'server':<10}{'start->answer s':>16}{'RSS MB':>8}{'setup s':>9}{'warmed/s':>10}{'first/warmed':>14}"
      f"{'issue first full/warmed':>25}{'errors':>8}")
for name, m in result["servers"].items():
    print(f"{name:<10}{m['start_to_first_answer_s']:>16.2f}{m['rss_mb']:>8.0f}{m['setup_s']:>9.3f}"
          f"{m['warmed_rps']:>10.0f}{m['first_window_ratio']:>14.2f}{m['first_full_answer_window_ratio']:>25.2f}"
          f"{m['errors']:>8}")
for name, m in result["servers"].items():
    print(f"{name} per second: " + " ".join(f"{w:.0f}" for w in m["windows"]))
    for i, p in enumerate(m["per_round"]):
        print(f"  round {i + 1} (load {p['load_average']}): first/warmed {p['first_window_ratio']:.2f}, "
              f"start->answer {p['start_to_first_answer_s']:.2f} s: " + " ".join(str(w) for w in p["windows"]))
keygate = result["servers"].get("keygate")
sys.exit(1 if keygate and keygate["errors"] else 0)
PY
