-- ManagementService/AddAPIApp over gRPC-Web on HTTP/1.1 (wrk speaks no h2c): the same create as create_api_app, as
-- a binary protobuf message in a gRPC-Web frame, built here per request (a fresh name each time). Success is HTTP 200
-- with grpc-status 0 in the trailer frame. Needs PAT, PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
dofile(os.getenv("BENCH_LUA") .. "/grpc_web.lua")
expected_status = 200
expected_body = "grpc-status:0"
local path = "/zitadel.management.v1.ManagementService/AddAPIApp"
local headers = { ["Authorization"] = "Bearer " .. os.getenv("PAT"), ["Content-Type"] = "application/grpc-web+proto" }
local prefix = os.getenv("RUN_ID") or "r"
local project = os.getenv("PROJECT")

function request()
  counter = counter + 1
  local name = "app-" .. prefix .. "-" .. id .. "-" .. counter
  return wrk.format("POST", path, headers, frame(field(1, project) .. field(2, name)))
end
