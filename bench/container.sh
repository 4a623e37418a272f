#!/usr/bin/env bash
# Keygate in its container against Keygate on the host:
#   bench/container.sh [--duration SECONDS] [--rounds N] [--memory SIZE] [--no-build]
#
# Measures, in one run on this machine:
#   1. the image's size (and its base's), built from container/Containerfile with podman (--no-build: the jar and the
#      base as they are; the image is built in any case, in seconds);
#   2. start to ready: from `podman run` / the launch of bin/keygate to the first 200 of /health/ready;
#   3. create_api_app (bench/lua, wrk -t1 -c64 after a warm-up, a fresh gateway each time) on the memory store:
#      - host: bin/keygate as README.md says (fixed 2 GiB heap, the build's class-data archive);
#      - container: `podman run -p 127.0.0.1:PORT:8080 --memory SIZE` (the published port: the bridge and its NAT);
#      - container-host-net: the same with --network host, which takes the bridge out.
#    --memory (default 4g) is the container's limit: the image sizes its heap at 60 % of it, so 4g gives about the
#    host's 2 GiB heap (and G1, as on the host; below 1792 MiB the JVM picks its serial collector).
#    --rounds N repeats 2 and 3 with the order of the three rotated each round and reports the mean.
# Prints a table and writes bench/out/container.json:
#   {"image_bytes", "base_image", "base_bytes", "memory_limit", "rounds",
#    "runs": {"<host|container|container-host-net>": {"ready_ms", "rps", "p50_ms", "p99_ms", "errors", "memory_mb"}}}
# where ready_ms, rps, p50_ms, p99_ms and memory_mb (RSS on the host, the cgroup's usage in the container, after the
# load) are means over the rounds. Exits non-zero when any request got an unexpected answer.
# Podman runs with container/containers.conf (CONTAINERS_CONF); the base is container/build-base.sh's unless
# KEYGATE_BASE_IMAGE names another. Every container it starts, and its image, is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=15
ROUNDS=1
MEMORY=4g
BUILD=1
usage() {
  echo "usage: bench/container.sh [--duration SECONDS] [--rounds N] [--memory SIZE] [--no-build]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --memory) MEMORY=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) usage ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --rounds takes a positive number" >&2; exit 2; }

command -v wrk >/dev/null || { echo "bench: installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 2; }
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/container/containers.conf}
BASE=${KEYGATE_BASE_IMAGE:-localhost/keygate-base-jre17}
IMAGE=localhost/keygate:bench-$$
OUT=$ROOT/bench/out
mkdir -p "$OUT"
export BENCH_LUA=$ROOT/bench/lua
WARMUP=${BENCH_WARMUP:-10}
PORT=${BENCH_PORT:-18180}
MANAGEMENT=$((PORT + 1))
TOKEN=bench-system-token
NAME=keygate-bench-$$
HOST_PID=""
CONTEXT=$(mktemp -d /tmp/keygate-bench-image.XXXXXX)
cleanup() {
  if [ -n "$HOST_PID" ]; then kill "$HOST_PID" 2>/dev/null || true; fi
  podman rm --force --ignore "$NAME" >/dev/null 2>&1 || true
  podman rmi --force "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$CONTEXT"
}
trap cleanup EXIT

if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q package -DskipTests
fi
KEYGATE_BASE_IMAGE=$BASE container/build-base.sh
cp gateway/target/keygate.jar "$CONTEXT/"
echo "bench: building $IMAGE on $BASE" >&2
started=$(date +%s%N)
podman build --quiet --format docker --build-arg BASE="$BASE" -f container/Containerfile -t "$IMAGE" "$CONTEXT" >/dev/null
BUILD_MS=$(( ($(date +%s%N) - started) / 1000000 ))
IMAGE_BYTES=$(podman image inspect --format '{{.Size}}' "$IMAGE")
BASE_BYTES=$(podman image inspect --format '{{.Size}}' "$BASE")

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ready_after LAUNCHED_MS: waits (up to 120 s) for /health/ready; READY = the milliseconds since the launch
ready_after() {
  local launched=$1
  for _ in $(seq 1 2400); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MANAGEMENT/health/ready")" = 200 ]; then
      READY=$(( $(now_ms) - launched )); return 0
    fi
    sleep 0.05
  done
  echo "bench: not ready within 120 s" >&2; return 1
}

# up KIND: starts Keygate (host, container or container-host-net) on the memory store; READY = start to ready in ms
up() {
  local kind=$1 launched
  launched=$(now_ms)
  case "$kind" in
    host)
      KEYGATE_HTTP_PORT=$PORT KEYGATE_MANAGEMENT_PORT=$MANAGEMENT KEYGATE_SYSTEM_TOKEN=$TOKEN \
        "$ROOT/bin/keygate" >> "$OUT/container-host.log" 2>&1 &
      HOST_PID=$! ;;
    container)
      podman run --detach --name "$NAME" --memory "$MEMORY" --read-only \
        -p "127.0.0.1:$PORT:8080" -p "127.0.0.1:$MANAGEMENT:9000" -e KEYGATE_SYSTEM_TOKEN=$TOKEN "$IMAGE" \
        >/dev/null 2>> "$OUT/container-podman.log" ;;
    container-host-net)
      podman run --detach --name "$NAME" --memory "$MEMORY" --read-only --network host \
        -e KEYGATE_HTTP_HOST=127.0.0.1 -e KEYGATE_HTTP_PORT=$PORT \
        -e KEYGATE_MANAGEMENT_HOST=127.0.0.1 -e KEYGATE_MANAGEMENT_PORT=$MANAGEMENT \
        -e KEYGATE_SYSTEM_TOKEN=$TOKEN "$IMAGE" >/dev/null 2>> "$OUT/container-podman.log" ;;
  esac
  ready_after "$launched"
}

# memory_mb KIND: RSS of bin/keygate's JVM, or the container's memory use as its cgroup counts it
memory_mb() {
  if [ "$1" = host ]; then
    echo $(( $(ps -o rss= -p "$HOST_PID" | tr -d ' ') / 1024 ))
  else
    podman stats --no-stream --no-reset --format '{{.MemUsage}}' "$NAME" 2>/dev/null \
      | python3 -c "
import re, sys
m = re.match(r'([\d.]+)([kMG]?B)', sys.stdin.read().strip())
print(round(float(m.group(1)) * {'B': 1e-6, 'kB': 1e-3, 'MB': 1, 'GB': 1e3}[m.group(2)]) if m else 'null')"
  fi
}

down() {
  if [ "$1" = host ]; then
    kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true
    HOST_PID=""
  else
    podman logs "$NAME" >> "$OUT/container-$1.log" 2>&1 || true
    podman stop --time 30 "$NAME" >/dev/null
    podman rm "$NAME" >/dev/null
  fi
}

# measure KIND ROUND: a fresh gateway, its start, the create scenario after a warm-up; appends a line to raw
measure() {
  local kind=$1 round=$2 K PAT PROJECT line memory
  echo "bench: round $round: $kind" >&2
  up "$kind"
  K=http://127.0.0.1:$PORT
  PAT=$(curl -sf -X POST $K/system/v1/instances/_create -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d '{"instanceName":"bench","machine":{"userName":"admin","name":"Admin","personalAccessToken":{}}}' | json "['pat']")
  PROJECT=$(curl -sf -X POST $K/management/v1/projects -H "Authorization: Bearer $PAT" \
    -H 'Content-Type: application/json' -d '{"name":"bench"}' | json "['id']")
  export PAT PROJECT
  RUN_ID=$kind-$round-warm wrk -t1 -c64 -d"${WARMUP}s" -s "$BENCH_LUA/create_api_app.lua" "$K" >/dev/null 2>&1 || true
  line=$(RUN_ID=$kind-$round-run wrk -t1 -c64 -d"${DURATION}s" --latency -s "$BENCH_LUA/create_api_app.lua" "$K" \
    2> "$OUT/container-$kind.stderr" | tee "$OUT/container-$kind.wrk.txt" | grep '^BENCH_JSON ' | sed 's/^BENCH_JSON //')
  memory=$(memory_mb "$kind")
  down "$kind"
  echo "$kind $READY $memory $line" >> "$OUT/container-raw.txt"
}

: > "$OUT/container-raw.txt"
: > "$OUT/container-host.log"
: > "$OUT/container-podman.log"
KINDS=(host container container-host-net)
for round in $(seq 1 "$ROUNDS"); do
  # the order rotates each round, so that a drift of the machine favours none of them
  shift_by=$(( (round - 1) % 3 ))
  for i in 0 1 2; do
    measure "${KINDS[$(( (i + shift_by) % 3 ))]}" "$round"
  done
done

python3 - "$OUT/container-raw.txt" "$OUT/container.json" "$IMAGE_BYTES" "$BASE" "$BASE_BYTES" "$MEMORY" \
  "$ROUNDS" "$BUILD_MS" <<'EOF'
import json, sys
raw, out, image_bytes, base, base_bytes, memory, rounds, build_ms = sys.argv[1:]
runs = {}
for line in open(raw):
    kind, ready, mem, data = line.split(' ', 3)
    r = json.loads(data)
    e = runs.setdefault(kind, {"ready_ms": [], "rps": [], "p50_ms": [], "p99_ms": [], "errors": 0, "memory_mb": []})
    e["ready_ms"].append(int(ready))
    e["rps"].append(r["requests"] / (r["duration_us"] / 1e6))
    e["p50_ms"].append(r["p50_us"] / 1000)
    e["p99_ms"].append(r["p99_us"] / 1000)
    e["errors"] += r["unexpected"] + r["transport_errors"]
    if mem != "null":
        e["memory_mb"].append(int(mem))
mean = lambda xs: round(sum(xs) / len(xs), 2) if xs else None
summary = {k: {"ready_ms": mean(v["ready_ms"]), "rps": mean(v["rps"]), "p50_ms": mean(v["p50_ms"]),
               "p99_ms": mean(v["p99_ms"]), "errors": v["errors"], "memory_mb": mean(v["memory_mb"])}
           for k, v in runs.items()}
result = {"image_bytes": int(image_bytes), "image_build_ms": int(build_ms), "base_image": base,
          "base_bytes": int(base_bytes), "memory_limit": memory, "rounds": int(rounds), "runs": summary}
json.dump(result, open(out, "w"), indent=2)
print(f"image {int(image_bytes) / 1e6:.0f} MB (base {base} {int(base_bytes) / 1e6:.0f} MB), built in "
      f"{int(build_ms) / 1000:.1f} s; container memory limit {memory}; {rounds} round(s), means")
print(f"{'':20} {'ready ms':>9} {'create/s':>9} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'MB':>6} {'errors':>6}")
host = summary.get("host", {}).get("rps")
for kind in ("host", "container", "container-host-net"):
    s = summary.get(kind)
    if s:
        ratio = f"{s['rps'] / host:.2f}" if host else "-"
        print(f"{kind:20} {s['ready_ms']:>9.0f} {s['rps']:>9.0f} {ratio:>6} {s['p50_ms']:>7.2f} {s['p99_ms']:>7.2f} "
              f"{s['memory_mb'] if s['memory_mb'] is not None else '-':>6} {s['errors']:>6}")
sys.exit(1 if any(s["errors"] for s in summary.values()) else 0)
EOF
