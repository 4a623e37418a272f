-- create_api_app with a fresh Idempotency-Key on every request: the cost of claiming the key, sealing and storing
-- the answer (compare with create_api_app, which sends no header and must not be slower than before). Needs PAT,
-- PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
local path = "/management/v1/projects/" .. os.getenv("PROJECT") .. "/apps/api"
local prefix = os.getenv("RUN_ID") or "r"

function request()
  counter = counter + 1
  local name = 'idem-' .. prefix .. '-' .. id .. '-' .. counter
  local headers = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = '"' .. name .. '"' }
  return wrk.format("POST", path, headers, '{"name":"' .. name .. '","authMethodType":"API_AUTH_METHOD_TYPE_BASIC"}')
end
