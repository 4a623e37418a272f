-- The soak's mix, paced: each connection waits SOAK_DELAY_MS between requests, so the whole run offers about the
-- rate bench/soak.sh computed. Of every 10 requests: 4 create an API app, 4 delete the app created before (the store
-- stays the same size, so a growing heap would be a leak), 2 are hostile (malformed JSON, a body on GET, an unknown
-- token, a NUL escape in the path, an over-long name, multipart, a 20 KiB header, an odd Transfer-Encoding, an
-- Expect other than 100-continue). Any 5xx or other unexpected answer is counted.
-- Needs PAT, PROJECT, SOAK_DELAY_MS.
local threads = {}
local delay_ms = tonumber(os.getenv("SOAK_DELAY_MS") or "1")
local project = os.getenv("PROJECT")
local apps = "/management/v1/projects/" .. project .. "/apps"
local auth = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/json" }
local prefix = os.getenv("RUN_ID") or "soak"

local hostile = {
  { "POST", apps .. "/api", auth, '{"name":' },
  { "GET", apps .. "/1", auth, '{"a":1}' },
  { "POST", apps .. "/api", { ["Authorization"] = "Bearer nope", ["Content-Type"] = "application/json" },
    '{"name":"x"}' },
  { "GET", "/management/v1/projects/%00", auth, nil },
  { "POST", apps .. "/api", auth, '{"name":"' .. string.rep("n", 300) .. '"}' },
  { "POST", apps .. "/api", { ["Authorization"] = auth["Authorization"],
    ["Content-Type"] = "multipart/form-data; boundary=b" }, '--b--' },
  { "GET", apps .. "/1", { ["Authorization"] = auth["Authorization"], ["X-Filler"] = string.rep("z", 20000) },
    nil },
  { "POST", apps .. "/api", { ["Authorization"] = auth["Authorization"], ["Content-Type"] = "application/json",
    ["Expect"] = "fuzz" }, '{"name":"x"}' },
}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  unexpected = 0
  server_errors = 0
  creates = 0
  deletes = 0
  refusals = 0
  created = {}
end

function delay()
  return delay_ms
end

function request()
  counter = counter + 1
  local slot = counter % 10
  if slot >= 8 then
    local h = hostile[math.floor(counter / 10) % #hostile + 1]
    return wrk.format(h[1], h[2], h[3], h[4])
  end
  if slot % 2 == 1 and #created > 0 then
    local app = table.remove(created, 1)
    return wrk.format("DELETE", apps .. "/" .. app, auth)
  end
  return wrk.format("POST", apps .. "/api", auth,
    '{"name":"' .. prefix .. '-' .. id .. '-' .. counter .. '","authMethodType":"API_AUTH_METHOD_TYPE_BASIC"}')
end

local function note(status, body)
  unexpected = unexpected + 1
  if unexpected <= 5 then
    io.stderr:write("unexpected " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
  end
end

function response(status, headers, body)
  -- classified by the answer itself: wrk's response() does not say which connection (so which request) it was
  if status >= 500 then
    server_errors = server_errors + 1
    note(status, body)
  elseif status == 200 and body and string.find(body, '"appId"', 1, true) then
    creates = creates + 1
    local app = string.match(body, '"appId":"(%d+)"')
    if app then table.insert(created, app) end
  elseif status == 200 then
    deletes = deletes + 1
  elseif status >= 400 and status < 500 and status ~= 429 then
    refusals = refusals + 1
  else
    note(status, body)
  end
end

function done(summary, latency, requests)
  local t = { unexpected = 0, server_errors = 0, creates = 0, deletes = 0, refusals = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"creates":%d,"deletes":%d,"refusals":%d,' ..
    '"server_errors":%d,"unexpected":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), t.creates, t.deletes,
    t.refusals, t.server_errors, t.unexpected, e.connect, e.read, e.write, e.timeout, e.status))
end
