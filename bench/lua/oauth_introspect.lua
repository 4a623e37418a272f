-- POST /oauth/v2/introspect by a BASIC API app (HTTP Basic): app authentication, ES256 verification, revocation and
-- user checks (cached). Needs APP_BASIC (base64 of "clientId:secret") and ACCESS_TOKEN (meant for the app's project).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
wrk.method = "POST"
wrk.path = "/oauth/v2/introspect"
wrk.headers["Authorization"] = "Basic " .. os.getenv("APP_BASIC")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "token=" .. os.getenv("ACCESS_TOKEN")

function response(status, headers, body)
  -- an inactive answer is a 200 too: only an active one counts as expected
  if status ~= 200 or not string.find(body or "", '"active":true', 1, true) then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write("unexpected " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end
