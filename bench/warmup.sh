#!/usr/bin/env bash
# How fast Keygate is from its first second:
#   bench/warmup.sh [--duration SECONDS] [--rounds N] [--no-build] [--only keygate|baseline] [--out FILE]
#                   [--variant NAME 'VAR=value;VAR=value'...]
#
# Per round: launches the baseline (bench/BaselineServer.java, started as bench/run.sh starts it), then Keygate on
# the memory store as README.md says (bin/keygate, KEYGATE_SYSTEM_TOKEN, KEYGATE_HTTP_PORT, KEYGATE_MANAGEMENT_PORT=0;
# any KEYGATE_* of the caller's environment, e.g. KEYGATE_JAVA_EXTRA_OPTS or KEYGATE_WARMUP, reaches it). For each:
# the time from launch to its first HTTP answer (polled every 10 ms through bash's /dev/tcp), its RSS and the CPU time
# it had used then, and for Keygate the tenant
# (instance with a PAT, project) created right after with two curl calls; then at once the create-API-app load
# (wrk -t1 -c64, lua/create_api_app.lua, the baseline gets the same requests) for --duration seconds, counted per
# 1-second window by lua/per_second.lua, from the first request of the load ("windows") and from the first answer
# ("answer_windows", the issue's windows: the first full one is the first that begins after the load began).
# The warmed rate is the median of windows 15-19 of the load; the ratio that matters is the load's first window over
# it. Several rounds give the median of each figure (and of each window).
# Prints a table and writes bench/out/warmup.json:
#   {"rounds": N, "load": "...", "servers": {"keygate"|"baseline"|NAME: {"start_to_first_answer_s",
#    "cpu_to_first_answer_s", "rss_mb",
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
VARIANT_NAMES=()
VARIANT_ENVS=()
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
    --variant) VARIANT_NAMES+=("$2"); VARIANT_ENVS+=("$3"); shift 3 ;;
    *) usage ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "warmup: --rounds takes a positive number" >&2; exit 2; }
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] && [ "$DURATION" -ge 20 ] \
  || { echo "warmup: --duration takes a number of seconds, at least 20 (the warmed rate is seconds 15-19)" >&2; exit 2; }
case "$ONLY" in ""|keygate|baseline) ;; *) usage ;; esac
SERVERS="baseline keygate ${VARIANT_NAMES[*]:-}"
[ -n "$ONLY" ] && SERVERS="$ONLY ${VARIANT_NAMES[*]:-}"
# env_of SERVER: the VAR=value words of a variant (none for keygate)
env_of() {
  local i
  for i in "${!VARIANT_NAMES[@]}"; do
    if [ "${VARIANT_NAMES[$i]}" = "$1" ]; then
      local IFS=';'
      # shellcheck disable=SC2086 # split on ; only
      printf '%s\n' ${VARIANT_ENVS[$i]}
    fi
  done
}
# servers_of_round R: every server, the list turned by R - 1 places
servers_of_round() {
  local list=($SERVERS) n i
  n=${#list[@]}
  for i in $(seq 0 $((n - 1))); do printf '%s ' "${list[$(( (i + $1 - 1) % n ))]}"; done
}

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

now() { echo "$EPOCHREALTIME"; }
# field NAME: the first "NAME":"value" of the JSON on standard input (no python start-up between the calls)
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | sed 's/.*:"\(.*\)"/\1/'; }

# answers PORT: whether an HTTP answer comes from PORT, asked without starting a process (bash's /dev/tcp): a curl
# every 10 ms took so much of this 2-core machine that a starting JVM ran several times slower
answers() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  read -r -t 5 line <&3 || true
  exec 3<&- 3>&-
  [[ "$line" == HTTP/* ]]
}
# pause: 10 ms without starting a process (sleep is one): a read that times out on a pipe nobody writes to
mkfifo "$OUT/warmup.fifo.$$"
exec 4<> "$OUT/warmup.fifo.$$"
rm -f "$OUT/warmup.fifo.$$"
pause() { read -r -t 0.01 -u 4 || true; }

# launch NAME PORT COMMAND...: starts COMMAND in the background, polls the port every 10 ms until it answers HTTP,
# and sets LAUNCHED, FIRST_ANSWER (seconds since the epoch), RSS_KB and CPU_S (the process's RSS and the CPU time it
# had used, then)
launch() {
  local name=$1 port=$2 deadline=$((SECONDS + 120)); shift 2
  LAUNCHED=$(now)
  "$@" >> "$OUT/warmup-$name.log" 2>&1 &
  PID=$!
  until answers "$port"; do
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "warmup: $name ended before it answered (see $OUT/warmup-$name.log)" >&2; PID=""; exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "warmup: $name did not answer on port $port within 120 s" >&2; exit 1
    fi
    pause
  done
  FIRST_ANSWER=$(now)
  RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status")
  # utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks
  CPU_S=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$PID/stat")
}

# measure NAME PORT PAT PROJECT: the load, then stops the server; appends NAME <json> to $OUT/warmup-raw.txt
measure() {
  local name=$1 port=$2 pat=$3 project=$4 setup_done line
  setup_done=$(now)
  SCENARIO=create_api_app PAT=$pat PROJECT=$project RUN_ID=warmup-$RANDOM FIRST_ANSWER=$FIRST_ANSWER \
    wrk -t1 -c64 -d"${DURATION}s" -s "$BENCH_LUA/per_second.lua" "http://127.0.0.1:$port" > "$OUT/warmup-$name.wrk" \
    2> "$OUT/warmup-$name.stderr" &
  local wrk_pid=$! stat cpu=()
  # the server's CPU time (utime + stime, in clock ticks) once a second while the load runs: on a shared machine the
  # requests per CPU second of a window say how fast the code was, whatever share of the cores the server got
  while kill -0 $wrk_pid 2>/dev/null; do
    read -r stat < "/proc/$PID/stat" || break
    stat=${stat##*) } # the fields after the command name; utime and stime are the 12th and 13th of them
    read -r -a fields <<< "$stat"
    cpu+=("$EPOCHREALTIME:$((fields[11] + fields[12]))")
    read -r -t 1 -u 4 || true
  done
  wait $wrk_pid || true
  line=$(grep '^WARMUP_JSON ' "$OUT/warmup-$name.wrk" | sed 's/^WARMUP_JSON //')
  CPU_SAMPLES=$(IFS=,; echo "${cpu[*]}")
  kill "$PID"; wait "$PID" 2>/dev/null || true
  PID=""
  printf '%s {"launched":%s,"first_answer":%s,"rss_kb":%s,"cpu_s":%s,"setup_done":%s,"load_average":"%s","cpu_samples":"%s","hz":%s,"load":%s}\n' \
    "$name" "$LAUNCHED" "$FIRST_ANSWER" "$RSS_KB" "$CPU_S" "$setup_done" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$CPU_SAMPLES" "$(getconf CLK_TCK)" "$line" \
    >> "$OUT/warmup-raw.txt"
}

: > "$OUT/warmup-raw.txt"
for s in $SERVERS; do : > "$OUT/warmup-$s.log"; done
echo "warmup: load before the run: $(uptime)" >&2
for round in $(seq 1 "$ROUNDS"); do
  for server in $(servers_of_round "$round"); do
    echo "warmup: round $round: $server" >&2
    if [ "$server" = baseline ]; then
      launch baseline $BASE_PORT java -cp "$JAR" "$ROOT/bench/BaselineServer.java" $BASE_PORT "$INSTANCES"
      measure baseline $BASE_PORT unused 1 # the very request of create_api_app
    else
      mapfile -t extra < <(env_of "$server")
      launch "$server" "$PORT" env KEYGATE_STORE=memory KEYGATE_HTTP_PORT="$PORT" KEYGATE_MANAGEMENT_PORT=0 \
        KEYGATE_SYSTEM_TOKEN=$TOKEN KEYGATE_JAR="$JAR" "${extra[@]}" "$ROOT/bin/keygate"
      K=http://127.0.0.1:$PORT
      J='Content-Type: application/json'
      PAT=$(curl -sf -X POST "$K/system/v1/instances/_create" -H "Authorization: Bearer $TOKEN" -H "$J" \
        -d '{"instanceName":"bench","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | field pat)
      PROJECT=$(curl -sf -X POST "$K/management/v1/projects" -H "Authorization: Bearer $PAT" -H "$J" \
        -d '{"name":"bench"}' | field id)
      measure "$server" "$PORT" "$PAT" "$PROJECT"
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
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
def cpu_at(samples, t):
    """the server's CPU seconds at time t, interpolated between the samples (time, seconds)"""
    for (t0, c0), (t1, c1) in zip(samples, samples[1:]):
        if t0 <= t <= t1:
            return c0 + (c1 - c0) * (t - t0) / (t1 - t0) if t1 > t0 else c0
    return None
def one(r):
    load = r["load"]
    windows = load["windows"][:duration]  # the last window may be cut short by wrk's end
    warmed = median(windows[15:20])
    samples = [(float(a), int(b) / r["hz"]) for a, b in (x.split(":") for x in r["cpu_samples"].split(",") if x)]
    # requests per CPU second of the server, per window (None where the samples do not cover it)
    per_cpu = []
    for k, n in enumerate(windows):
        c0, c1 = cpu_at(samples, load["start"] + k), cpu_at(samples, load["start"] + k + 1)
        per_cpu.append(round(n / (c1 - c0)) if c0 is not None and c1 is not None and c1 > c0 else None)
    warmed_cpu = median([x for x in per_cpu[15:20] if x is not None])
    # the issue's windows, from the first answer: the first full one is the first to begin once the load had begun
    first_full = next(k for k in range(len(load["answer_windows"])) if r["first_answer"] + k >= load["start"])
    answer = load["answer_windows"]
    return {"start_to_first_answer_s": round(r["first_answer"] - r["launched"], 3), "cpu_to_first_answer_s": r["cpu_s"],
            "rss_mb": round(r["rss_kb"] / 1024), "setup_s": round(load["start"] - r["first_answer"], 3),
            "windows": windows, "answer_windows": answer[:duration], "first_full_answer_window": first_full,
            "warmed_rps": warmed, "first_window_ratio": round(windows[0] / warmed, 3),
            "first_full_answer_window_ratio": round(answer[first_full] / warmed, 3) if first_full < len(answer) else 0,
            "errors": load["unexpected"] + load["transport_errors"], "load_average": r["load_average"],
            "requests_per_cpu_s": per_cpu, "warmed_requests_per_cpu_s": warmed_cpu,
            "first_window_cpu_ratio": round(per_cpu[0] / warmed_cpu, 3) if per_cpu[0] and warmed_cpu else None}
result = {"rounds": max(len(v) for v in runs.values()),
          "load": f"wrk -t1 -c64 -d{duration}s, lua/create_api_app.lua, counted by lua/per_second.lua",
          "servers": {}}
for name, rs in runs.items():
    per = [one(r) for r in rs]
    med = {k: median([p[k] for p in per]) for k in ("start_to_first_answer_s", "cpu_to_first_answer_s", "rss_mb", "setup_s", "warmed_rps",
                                                     "first_window_ratio", "first_full_answer_window_ratio",
                                                     "first_window_cpu_ratio")}
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
print(f"{'server':<12}{'start->answer s':>16}{'CPU s':>7}{'RSS MB':>8}{'setup s':>9}{'warmed/s':>10}{'first/warmed':>14}"
      f"{'issue first full/warmed':>25}{'per CPU s':>11}{'errors':>8}")
for name, m in result["servers"].items():
    print(f"{name:<12}{m['start_to_first_answer_s']:>16.2f}{m['cpu_to_first_answer_s']:>7.2f}{m['rss_mb']:>8.0f}{m['setup_s']:>9.3f}"
          f"{m['warmed_rps']:>10.0f}{m['first_window_ratio']:>14.2f}{m['first_full_answer_window_ratio']:>25.2f}"
          f"{m['first_window_cpu_ratio'] or 0:>11.2f}{m['errors']:>8}")
for name, m in result["servers"].items():
    print(f"{name} per second: " + " ".join(f"{w:.0f}" for w in m["windows"]))
    for i, p in enumerate(m["per_round"]):
        print(f"  round {i + 1} (load {p['load_average']}): first/warmed {p['first_window_ratio']:.2f}, "
              f"start->answer {p['start_to_first_answer_s']:.2f} s: " + " ".join(str(w) for w in p["windows"]))
        print(f"    per CPU s (first/warmed {p['first_window_cpu_ratio']}): "
              + " ".join(str(w) for w in p["requests_per_cpu_s"]))
sys.exit(1 if any(m["errors"] for n, m in result["servers"].items() if n != "baseline") else 0)
PY
