-- GET one API app. Needs PAT, PROJECT, APP.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
wrk.method = "GET"
wrk.path = "/management/v1/projects/" .. os.getenv("PROJECT") .. "/apps/" .. os.getenv("APP")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PAT")
