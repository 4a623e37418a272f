-- PUT .../users/{userId}/secret with no body, as ZITADEL's own load test does. Needs PAT, MACHINE_USER.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
wrk.method = "PUT"
wrk.path = "/management/v1/users/" .. os.getenv("MACHINE_USER") .. "/secret"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PAT")
