-- POST .../apps/api with a fresh name each time (BASIC: secret generation and hashing included). Needs PAT, PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
local path = "/management/v1/projects/" .. os.getenv("PROJECT") .. "/apps/api"
local headers = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/json" }
local prefix = os.getenv("RUN_ID") or "r"

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers,
    '{"name":"app-' .. prefix .. '-' .. id .. '-' .. counter .. '","authMethodType":"API_AUTH_METHOD_TYPE_BASIC"}')
end
