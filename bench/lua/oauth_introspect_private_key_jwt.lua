-- POST /oauth/v2/introspect by a PRIVATE_KEY_JWT API app: oauth_introspect.lua with the app authenticated by an RS256
-- client assertion instead of a secret, signed once by bench/run.sh for an hour and sent by every request (no jti is
-- remembered): the app and its key found (cached), the signature checked with the stored public key, then the same
-- token checks. Needs CLIENT_ASSERTION and ACCESS_TOKEN (an opaque token meant for the app's project).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
-- an inactive answer is a 200 too: only an active one counts as expected
expected_body = '"active":true'
wrk.method = "POST"
wrk.path = "/oauth/v2/introspect"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
  .. "&client_assertion=" .. os.getenv("CLIENT_ASSERTION") .. "&token=" .. os.getenv("ACCESS_TOKEN")
