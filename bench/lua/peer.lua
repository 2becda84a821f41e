-- The Python peer's own script (BENCH_PEER_SCRIPT: its post_order.lua, get_order.lua or
-- list_orders.lua, unchanged), with this harness's setup() and done(): the same tid numbering,
-- plus the DIST line. Arguments after "--" go to the peer's init() as they are.
dofile(os.getenv("BENCH_PEER_SCRIPT"))
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")
