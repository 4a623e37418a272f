-- ZITADEL v2 over gRPC-Web on HTTP/1.1 (wrk speaks no h2c): ApplicationService/CreateApplication as a binary
-- protobuf message in a gRPC-Web frame, built here per request (a fresh name each time): the same create as
-- connect_create_application. Success is HTTP 200 with grpc-status 0 in the trailer frame. Needs PAT, PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
dofile(os.getenv("BENCH_LUA") .. "/grpc_web.lua")
expected_status = 200
expected_body = "grpc-status:0"
local path = "/zitadel.application.v2.ApplicationService/CreateApplication"
local headers = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/grpc-web+proto" }
local prefix = os.getenv("RUN_ID") or "r"
local project = os.getenv("PROJECT")

function request()
  counter = counter + 1
  local name = "app-" .. prefix .. "-" .. id .. "-" .. counter
  -- project_id = 1, name = 3, api_configuration = 6 (an empty message: auth_method_type BASIC is the zero value)
  return wrk.format("POST", path, headers, frame(field(1, project) .. field(3, name) .. field(6, "")))
end
