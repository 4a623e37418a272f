-- POST /oauth/v2/introspect by a BASIC API app (HTTP Basic): app authentication, token verification, revocation and
-- user checks (cached). Needs APP_BASIC (base64 of "clientId:secret") and ACCESS_TOKEN (an opaque token meant for the
-- app's project); introspected_token, when set, takes its place (oauth_introspect_jwt.lua sets a JWT).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
-- an inactive answer is a 200 too: only an active one counts as expected
expected_body = '"active":true'
wrk.method = "POST"
wrk.path = "/oauth/v2/introspect"
wrk.headers["Authorization"] = "Basic " .. os.getenv("APP_BASIC")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "token=" .. (introspected_token or os.getenv("ACCESS_TOKEN"))

