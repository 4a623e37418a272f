-- ZITADEL v2 over Connect's unary JSON, as ZITADEL's OpenAPI SDKs send it: POST
-- /zitadel.application.v2.ApplicationService/CreateApplication with a fresh name each time (a BASIC API app: secret
-- generation and hashing included, the same work as create_api_app). Needs PAT, PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
local path = "/zitadel.application.v2.ApplicationService/CreateApplication"
local headers = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/json",
  ["Accept"] = "application/json" }
local project = os.getenv("PROJECT")
local prefix = os.getenv("RUN_ID") or "r"

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers, '{"projectId":"' .. project .. '","name":"app-' .. prefix .. '-' .. id
    .. '-' .. counter .. '","apiConfiguration":{"authMethodType":"API_AUTH_METHOD_TYPE_BASIC"}}')
end
