-- Shared by every scenario: counts responses whose status is not the expected one (per wrk thread), and prints one
-- JSON summary line that bench/run.sh reads. Scenarios set `expected_status`, and `expected_body` (a text the answer
-- must contain) where the status alone does not tell success.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  counter = 0
end

function response(status, headers, body)
  if status ~= expected_status or (expected_body and not string.find(body or "", expected_body, 1, true)) then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write("unexpected " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("unexpected") or 0)
  end
  local e = summary.errors
  local transport = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"unexpected":%d,"transport_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad, transport))
end
