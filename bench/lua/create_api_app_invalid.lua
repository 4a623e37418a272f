-- The same POST, rejected by contract validation (empty name, unknown enum): 400 expected.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 400
wrk.method = "POST"
wrk.path = "/management/v1/projects/" .. os.getenv("PROJECT") .. "/apps/api"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PAT")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"","authMethodType":"NOPE"}'
