-- ZITADEL v1 ListApps: POST /management/v1/projects/{id}/apps/_search with a ListQuery of 100, first page (newest
-- first, ZITADEL's default order); list_offset, when set, asks for the page that far in (list_api_apps_offset.lua).
-- Only a page with a result counts as expected. Needs PAT, PROJECT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
expected_status = 200
expected_body = '"result":[{'
wrk.method = "POST"
wrk.path = "/management/v1/projects/" .. os.getenv("PROJECT") .. "/apps/_search"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PAT")
wrk.headers["Content-Type"] = "application/json"
if list_offset then
  wrk.body = '{"query":{"offset":"' .. list_offset .. '","limit":100}}'
else
  wrk.body = '{"query":{"limit":100}}'
end
