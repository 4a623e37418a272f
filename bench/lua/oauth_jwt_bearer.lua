-- POST /oauth/v2/token, jwt-bearer (RFC 7523): a machine user's RS256 assertion, signed once by bench/run.sh for the
-- hour the grant allows and sent by every request (Keygate remembers no jti, so an assertion may be reused while it
-- lives): the key found by its id (cached), the signature checked with the stored public key, the claims checked, an
-- access token issued. Comparable to oauth_token, which buys the same kind of token with a secret. Needs
-- JWT_ASSERTION and PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
wrk.method = "POST"
wrk.path = "/oauth/v2/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
  .. "&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A" .. os.getenv("PROJECT") .. "%3Aaud"
  .. "&assertion=" .. os.getenv("JWT_ASSERTION")
