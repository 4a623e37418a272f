#!/usr/bin/env bash
# The contract fuzzer's check from outside the JVM: Specmatic's generated contract tests, negative ones included
# ("resiliency tests"), against each of Keygate's contracts on a running Keygate.
#
#   bench/fuzz-outside.sh [--no-build] [--contracts zitadel-system,droplit,...] [--port N]
#
# Builds Keygate (unless --no-build), starts it with bin/keygate on a free loopback port with its own system token,
# creates a tenant with curl (an instance with a machine owner and PAT, a project, a Droplit ecosystem, an Oracle
# Commerce instance with a human admin and a login), installs Specmatic from npm into bench/out/tools (once; the
# package ships specmatic.jar, run with java -jar), runs `specmatic test` per contract with the matching credential,
# and prints a summary: per contract the tests run, then the findings — 5xx answers, negative (contract-breaking)
# requests answered 2xx, statuses the contract does not document, answers Specmatic found breaking the contract, and
# requests that got no answer — and, apart, the positive tests Keygate refused (Specmatic fills ids and free strings
# at random, so a 404 there is expected and no finding). Everything stays on 127.0.0.1. Logs, Specmatic's output and
# JUnit reports go to bench/out/fuzz-outside/. Exits 1 when there is a finding, 0 when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SPECMATIC_VERSION=2.55.1
CONTRACTS=zitadel-system,zitadel-management,droplit,oauth,oracle-ccadmin
BUILD=1
PORT=
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --contracts) CONTRACTS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    *) echo "usage: bench/fuzz-outside.sh [--no-build] [--contracts a,b] [--port N]" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null || { echo "fuzz-outside: python3 is required" >&2; exit 2; }
command -v curl >/dev/null || { echo "fuzz-outside: curl is required" >&2; exit 2; }
command -v npm >/dev/null || { echo "fuzz-outside: npm is required (Specmatic comes from the npm registry)" >&2; exit 2; }

OUT=$ROOT/bench/out/fuzz-outside
TOOLS=$ROOT/bench/out/tools
rm -rf "$OUT"
mkdir -p "$OUT" "$TOOLS"

# ---- Specmatic: the npm package ships the jar; no install script is needed (or run)
JAR=$TOOLS/node_modules/specmatic/specmatic.jar
if [ ! -f "$JAR" ] || ! grep -q "\"version\": \"$SPECMATIC_VERSION\"" "$TOOLS/node_modules/specmatic/package.json" 2>/dev/null; then
  echo "fuzz-outside: installing specmatic@$SPECMATIC_VERSION from npm" >&2
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --ignore-scripts "specmatic@$SPECMATIC_VERSION" >/dev/null
fi
java -jar "$JAR" --version 2>/dev/null | grep -i version >&2 || true

# ---- Keygate on a free loopback port
if [ "$BUILD" = 1 ] || [ ! -f gateway/target/keygate.jar ]; then
  mvn -B -q package -DskipTests
fi
if [ -z "$PORT" ]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
TOKEN=fuzz-outside-$(python3 -c 'import secrets; print(secrets.token_hex(16))')
K=http://127.0.0.1:$PORT
KEYGATE_PID=
cleanup() { [ -z "$KEYGATE_PID" ] || { kill "$KEYGATE_PID" 2>/dev/null || true; wait "$KEYGATE_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
# Starts Keygate (again) on the same port with the same token and memory store; a restart starts empty, so the tenant
# below is created only once: a contract run after a restart reports its credentials refused.
start_keygate() {
  KEYGATE_SYSTEM_TOKEN=$TOKEN KEYGATE_HTTP_PORT=$PORT KEYGATE_HTTP_HOST=127.0.0.1 \
    KEYGATE_JAVA_OPTS=${KEYGATE_JAVA_OPTS:--Xmx512m} bin/keygate >> "$OUT/keygate.log" 2>&1 &
  KEYGATE_PID=$!
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$K/healthz" && return 0
    kill -0 "$KEYGATE_PID" 2>/dev/null || { echo "fuzz-outside: Keygate did not start:" >&2; cat "$OUT/keygate.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "fuzz-outside: Keygate did not answer /healthz" >&2; exit 1
}
start_keygate

# ---- a tenant, through the public API only
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { curl -sS -X POST "$K$1" -H "authorization: Bearer $2" -H 'content-type: application/json' -d "$3"; }
PAT=$(post /system/v1/instances/_create "$TOKEN" '{"instanceName": "Fuzz", "machine": {"userName": "owner",
  "name": "Owner", "personalAccessToken": {}}}' | json "['pat']")
PROJECT=$(post /management/v1/projects "$PAT" '{"name": "fuzz-project"}' | json "['id']")
post "/management/v1/projects/$PROJECT/apps/api" "$PAT" '{"name": "fuzz-app"}' > /dev/null
curl -sS -X POST "$K/api/ecosystems" -H "authorization: $PAT" > /dev/null
SHOP=$(post /system/v1/instances/_create "$TOKEN" '{"instanceName": "FuzzShop", "human": {"userName": "amber",
  "email": {"email": "amber@example.com"}, "profile": {"firstName": "Amber", "lastName": "Admin"},
  "password": {"password": "Correct-Horse-9"}}}' | json "['instanceId']")
SHOP_HOST=$(curl -sS "$K/system/v1/instances/$SHOP" -H "authorization: Bearer $TOKEN" \
  | json "['instance']['domains'][0]['domain']")
ADMIN=$(curl -sS -X POST "$K/ccadmin/v1/login" -H "x-zitadel-instance-host: $SHOP_HOST" \
  -d grant_type=password -d username=amber -d password=Correct-Horse-9 | json "['access_token']")
echo "fuzz-outside: Keygate on $K, tenant ready (project $PROJECT)" >&2

# ---- Specmatic per contract, with the credential its security scheme names (an environment variable of that name)
for contract in ${CONTRACTS//,/ }; do
  dir=$OUT/$contract
  mkdir -p "$dir"
  cp "api-spec/src/main/resources/openapi/$contract.yaml" "$dir/"
  cat > "$dir/specmatic.yaml" <<EOF
version: 2
contracts:
  - provides:
      - $contract.yaml
test:
  resiliencyTests:
    enable: all
  timeoutInMilliseconds: 10000
EOF
  filter=()
  case "$contract" in
    zitadel-system) export systemToken=$TOKEN ;;
    zitadel-management) export bearerAuth=$PAT ;;
    droplit) export droplitToken=$PAT ;;
    oracle-ccadmin)
      export bearerAuth=$ADMIN
      # logout ends the session every other test of this contract uses
      filter=(--filter "PATH!='/ccadmin/v1/logout'") ;;
    *) ;;
  esac
  echo "fuzz-outside: specmatic test $contract" >&2
  (cd "$dir" && timeout 900 java -jar "$JAR" test --testBaseURL="$K" --junitReportDir="$dir/junit" "${filter[@]}" \
    > "$dir/specmatic.txt" 2>&1) || true
  unset systemToken bearerAuth droplitToken
  if ! kill -0 "$KEYGATE_PID" 2>/dev/null; then
    echo "fuzz-outside: Keygate exited during the $contract tests; restarting it for the next contract" >&2
    echo "$contract" >> "$OUT/keygate-exits"
    start_keygate
  elif ! curl -s -o /dev/null "$K/healthz"; then
    echo "fuzz-outside: Keygate stopped answering after the $contract tests" >&2
    echo "$contract (no answer)" >> "$OUT/keygate-exits"
  fi
done
HEALTH=$(curl -s -o /dev/null -w '%{http_code}' "$K/healthz" || true)
ERRORS=$(grep -c " ERROR " "$OUT/keygate.log" || true)

python3 - "$OUT" "$CONTRACTS" "$ROOT/api-spec/src/main/resources/openapi" "$HEALTH" "$ERRORS" <<'PY'
import collections, os, re, sys

out, contracts, spec_dir, health, errors = sys.argv[1], sys.argv[2].split(','), sys.argv[3], sys.argv[4], sys.argv[5]

# what each surface documents where an operation has a default response (as ContractModel.genericStatuses)
GENERIC = {'zitadel-system': {413, 503}, 'zitadel-management': {413, 503},
           'droplit': {400, 401, 403, 404, 405, 413, 503}, 'oracle-ccadmin': {400, 401, 404, 405, 413, 415, 503},
           'oauth': set()}
try:
    import yaml
except ImportError:
    yaml = None

def documented(contract):
    """(method, path regex) -> set of documented statuses, or None without PyYAML."""
    if yaml is None:
        return None
    doc = yaml.safe_load(open(os.path.join(spec_dir, contract + '.yaml'), encoding='utf-8'))
    table = []
    for path, item in doc['paths'].items():
        regex = '^' + re.sub(r'\\\{[^}]+\\\}', '[^/]+', re.escape(path)) + '/?$'
        for method, op in item.items():
            if not isinstance(op, dict) or 'responses' not in op:
                continue
            codes = {int(c) for c in op['responses'] if c != 'default'}
            if 'default' in op['responses']:
                codes |= GENERIC[contract]
            table.append((method.upper(), re.compile(regex), codes, path))
    return table

def parse(text):
    tests = []
    for block in text.split('--------------------'):
        request = re.search(r'Request to \S+ at [^\n]*\n\s+([A-Z]+) (\S+)', block[:4000])
        if not request:
            continue
        scenario = re.search(r'([+-]ve)\s+Scenario: ([A-Z]+ \S+) -> (\S+)([^\n]*?) has (FAILED|SUCCEEDED)', block)
        if not scenario:
            continue
        response = re.search(r'Response at [^\n]*\n\s+(\d{3})[^\n]*\n(.*)', block, re.S)
        status, ctype, body = None, None, ''
        if response:
            status = int(response.group(1))
            head_body = re.split(r'\n[ \t]*\n', response.group(2), 1)
            m = re.search(r'(?im)^\s*content-type:\s*(\S+)', head_body[0])
            ctype = m.group(1) if m else None
            if len(head_body) > 1:
                body = re.split(r'\n\s*[+-]ve\s+Scenario', head_body[1])[0]
                body = ' '.join(body.split())[:110]
        rules = sorted({r for r in re.findall(r'(R\d{4}: [^\n]*)', block) if not r.startswith('R0002')})
        error = None
        if not response:
            m = re.search(r'(?i)([^\n]*(timed? ?out|refused|reset|closed|exception)[^\n]*)', block)
            error = ' '.join((m.group(1) if m else 'no answer').split())[:160]
        tests.append(dict(sign=scenario.group(1), op=scenario.group(2), what=' '.join(scenario.group(4).split()),
                          result=scenario.group(5), status=status, ctype=ctype, body=body, rules=rules,
                          error=error, method=request.group(1), path=request.group(2).split('?')[0]))
    return tests

findings = collections.OrderedDict()
refused = collections.Counter()
print('\n==== bench/fuzz-outside.sh: Specmatic contract tests (positive and generated negative) against Keygate')
total_tests = 0
for contract in contracts:
    path = os.path.join(out, contract, 'specmatic.txt')
    if not os.path.exists(path):
        continue
    text = open(path, encoding='utf-8', errors='replace').read()
    tests = parse(text)
    total_tests += len(tests)
    summary = re.search(r'Tests run: (\d+), Successes: (\d+), Failures: (\d+)[^\n]*', text)
    counts = collections.Counter((t['sign'], t['result']) for t in tests)
    print(f"{contract}: {summary.group(0) if summary else 'no summary (see ' + path + ')'}; "
          f"positive {counts[('+ve', 'SUCCEEDED')]} passed / {counts[('+ve', 'FAILED')]} failed, "
          f"negative {counts[('-ve', 'SUCCEEDED')]} passed / {counts[('-ve', 'FAILED')]} failed")
    refused_connections = len(re.findall(r'Cannot connect to server at', text))
    if refused_connections:
        findings.setdefault(('no answer', contract, '(any)', 'connection refused: Keygate was not listening'),
                            []).extend(['(Specmatic could not connect)'] * refused_connections)
    table = documented(contract)
    for t in tests:
        op = f"{t['method']} {t['op'].split(' ', 1)[1]}"
        sample = f"{t['sign']} {t['what'][:140] or '(the generated request)'} -> {t['status']} {t['body']}"
        def add(kind, detail):
            key = (kind, contract, op, detail)
            findings.setdefault(key, []).append(sample)
        if t['status'] is None:
            add('no answer', t['error'])
            continue
        s = t['status']
        if s >= 500:
            add('5xx', f"{s} {t['body'][:80]}")
        if t['sign'] == '-ve' and 200 <= s < 300:
            add('negative request accepted (2xx)', str(s))
        if table is not None:
            codes = next((c for m, rx, c, p in table if m == t['method'] and rx.match(t['path'])), None)
            if codes is not None and s not in codes and s < 500:
                add('status not documented', f"{s} {t['ctype'] or '(no content-type)'} {t['body'][:60]}")
        for rule in t['rules']:
            add('answer breaks the contract', rule[:120])
        if t['sign'] == '+ve' and t['result'] == 'FAILED' and 400 <= s < 500 and not t['rules']:
            refused[(contract, op, s)] += 1

print(f"\n{total_tests} tests; findings: {sum(len(v) for v in findings.values())} in {len(findings)} classes")
for (kind, contract, op, detail), samples in findings.items():
    print(f"  [{kind}] {contract} {op}: {detail}  ({len(samples)}×)")
    print(f"      e.g. {samples[0][:230]}")
if refused:
    print("\nnot findings — positive tests refused with a 4xx (Specmatic's random ids and values; no examples given):")
    for (contract, op, s), n in sorted(refused.items()):
        print(f"  {contract} {op}: {s} ({n}×)")
if yaml is None:
    print("\n(PyYAML is missing: statuses were not checked against the contracts)")
exits_file = os.path.join(out, 'keygate-exits')
exits = open(exits_file).read().split('\n') if os.path.exists(exits_file) else []
exits = [e for e in exits if e]
for e in exits:
    print(f"  [Keygate exited or hung] during the {e} tests (see bench/out/fuzz-outside/keygate.log)")
print(f"\nafter the run: GET /healthz {health}; ERROR lines in Keygate's log: {errors} (bench/out/fuzz-outside/keygate.log)")
bad = bool(findings) or bool(exits) or health != '200' or errors not in ('', '0')
open(os.path.join(out, 'verdict'), 'w').write('findings\n' if bad else 'clean\n')
PY
[ "$(cat "$OUT/verdict")" = clean ]
