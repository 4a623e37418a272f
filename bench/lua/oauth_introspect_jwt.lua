-- oauth_introspect.lua for a JWT access token (ES256 verification, cached under the token's keyed hash).
-- Needs ACCESS_TOKEN_JWT.
introspected_token = os.getenv("ACCESS_TOKEN_JWT")
dofile(os.getenv("BENCH_LUA") .. "/oauth_introspect.lua")
