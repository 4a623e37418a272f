-- oauth_token.lua for a machine user with accessTokenType ACCESS_TOKEN_TYPE_JWT: every grant signs an ES256 JWT.
-- Needs MACHINE_JWT_BASIC (base64 of "clientId:secret" of that user).
token_user_basic = os.getenv("MACHINE_JWT_BASIC")
dofile(os.getenv("BENCH_LUA") .. "/oauth_token.lua")
