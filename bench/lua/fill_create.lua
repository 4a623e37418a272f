-- bench/fill.sh: POST .../apps/api with a fresh name each time, counting created (200), refused (429) and anything
-- else; prints FILL_JSON {"created","refused","other","transport_errors"}. Needs PAT, PROJECT, RUN_ID. With
-- FILL_LIMIT set, each thread stops once it created that many (bench/scale.sh fills to a count).
local threads = {}
local path = "/management/v1/projects/" .. os.getenv("PROJECT") .. "/apps/api"
local headers = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/json" }
local prefix = os.getenv("RUN_ID") or "r"
local limit = tonumber(os.getenv("FILL_LIMIT") or "0")

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter, created, refused, other = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers, '{"name":"fill-' .. prefix .. '-' .. id .. '-' .. counter .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    created = created + 1
    if limit > 0 and created >= limit then
      wrk.thread:stop()
    end
  elseif status == 429 and string.find(body or "", '"code":8', 1, true) then
    refused = refused + 1
  else
    other = other + 1
    if other <= 3 then
      io.stderr:write("unexpected " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + (thread:get("created") or 0)
    r = r + (thread:get("refused") or 0)
    o = o + (thread:get("other") or 0)
  end
  local e = summary.errors
  io.write(string.format('FILL_JSON {"created":%d,"refused":%d,"other":%d,"transport_errors":%d,"p99_us":%d}\n',
    c, r, o, e.connect + e.read + e.write + e.timeout, latency:percentile(99)))
end
