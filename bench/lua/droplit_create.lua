-- POST /api/clients (Droplit's seed) with the raw account token. Needs PAT, ECOSYSTEM.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 201
wrk.method = "POST"
wrk.path = "/api/clients"
wrk.headers["authorization"] = os.getenv("PAT")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"ecosystemId":"' .. os.getenv("ECOSYSTEM") .. '","type":"server","name":"bench"}'
