-- list_api_apps.lua at ZITADEL offset LIST_OFFSET (10000 unless set): the project must hold more apps than that.
list_offset = os.getenv("LIST_OFFSET") or "10000"
dofile(os.getenv("BENCH_LUA") .. "/list_api_apps.lua")
