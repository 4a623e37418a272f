-- The baseline: the same JSON POST to a plain Vert.x router that parses the body and validates nothing.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
local path = "/management/v1/projects/" .. (os.getenv("PROJECT") or "1") .. "/apps/api"
local headers = { ["Authorization"] = "Bearer x", ["Content-Type"] = "application/json" }
local prefix = os.getenv("RUN_ID") or "r"

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers,
    '{"name":"app-' .. prefix .. '-' .. id .. '-' .. counter .. '","authMethodType":"API_AUTH_METHOD_TYPE_BASIC"}')
end
