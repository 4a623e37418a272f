-- POST /oauth/v2/token, client_credentials with HTTP Basic (a machine user's login name and secret): verifying the
-- (cached) secret and issuing an access token. Needs MACHINE_BASIC (base64 of "clientId:secret"); token_user_basic,
-- when set, takes its place (oauth_token_jwt.lua sets it to a user whose tokens are JWTs).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
wrk.method = "POST"
wrk.path = "/oauth/v2/token"
wrk.headers["Authorization"] = "Basic " .. (token_user_basic or os.getenv("MACHINE_BASIC"))
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A"
  .. os.getenv("PROJECT") .. "%3Aaud"
