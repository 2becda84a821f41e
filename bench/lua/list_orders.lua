-- GET /api/v1/orders?symbol=X&limit=50: a random key and a random listed symbol per request.
-- BENCH_LIST_MISS=1 adds a random cursor above every order id: the same rows, but a page never
-- asked before, so every request misses the page cache (what a list costs when its page is new).
-- usage: wrk ... -s list_orders.lua URL -- <keys-file: one API key per line>
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")

local symbols = { "BTC-USD", "ETH-USD", "SOL-USD" }
local keys
local miss = os.getenv("BENCH_LIST_MISS") == "1"

function init(args)
  keys = read_rows(args[1])
  math.randomseed(3000 + (tid or 0))
end

function request()
  local path = "/api/v1/orders?symbol=" .. symbols[math.random(#symbols)] .. "&limit=50"
  if miss then
    path = path .. string.format("&cursor=ffffffff-ffff-7fff-bfff-%06x%06x", math.random(0, 0xffffff), math.random(0, 0xffffff))
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. keys[math.random(#keys)][1] })
end
