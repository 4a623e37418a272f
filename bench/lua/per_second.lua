-- For bench/warmup.sh: runs the scenario SCENARIO (a file of this folder, e.g. create_api_app) and counts its
-- answers per 1-second window. Prints one line
--   WARMUP_JSON {"start":S,"windows":[N,...],"answer_windows":[N,...],"unexpected":U,"transport_errors":E}
-- S: when the first request was sent (seconds since the epoch, with a fraction); windows[k]: the answers received in
-- [S+k, S+k+1); answer_windows[k]: those received in [A+k, A+k+1), where A is FIRST_ANSWER (seconds since the epoch:
-- when the server first answered, as warmup.sh saw it); U: answers with another status than the scenario expects.
-- The clock is read with LuaJIT's ffi (os.time has whole seconds only).
dofile(os.getenv("BENCH_LUA") .. "/" .. os.getenv("SCENARIO") .. ".lua")
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } warmup_timespec;
  int clock_gettime(int clock, warmup_timespec *now);
]]
local timespec = ffi.new("warmup_timespec")
local function now()
  ffi.C.clock_gettime(0, timespec) -- CLOCK_REALTIME, as `date +%s.%N` in warmup.sh
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local scenario_setup, scenario_init, scenario_request, scenario_response = setup, init, request, response
local thread_of_run
first_answer = tonumber(os.getenv("FIRST_ANSWER") or "")

function setup(thread)
  scenario_setup(thread)
  thread_of_run = thread -- warmup.sh runs one thread (-t1), as bench/run.sh does
end

function init(args)
  scenario_init(args)
  windows = {}
  answer_windows = {}
  start = 0
end

function request()
  if start == 0 then
    start = now()
  end
  return scenario_request()
end

function response(status, headers, body)
  scenario_response(status, headers, body)
  local t = now()
  local k = math.floor(t - start) + 1 -- Lua tables count from 1
  windows[k] = (windows[k] or 0) + 1
  if first_answer then
    local a = math.floor(t - first_answer) + 1
    answer_windows[a] = (answer_windows[a] or 0) + 1
  end
end

-- "n1,n2,...": the counts of windows 1.. the last one with an answer, 0 where none came
local function list(counts)
  local last = 0
  for k, _ in pairs(counts) do
    if k > last then last = k end
  end
  local parts = {}
  for k = 1, last do
    parts[k] = tostring(counts[k] or 0)
  end
  return table.concat(parts, ",")
end

function done(summary, latency, requests)
  local thread = thread_of_run
  local e = summary.errors
  io.write(string.format(
    'WARMUP_JSON {"start":%.6f,"windows":[%s],"answer_windows":[%s],"unexpected":%d,"transport_errors":%d}\n',
    thread:get("start"), list(thread:get("windows")), list(thread:get("answer_windows")), thread:get("unexpected"),
    e.connect + e.read + e.write + e.timeout))
end
