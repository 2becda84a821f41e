-- GET /api/v1/orders?symbol=X&limit=50: a random key and a random listed symbol per request.
-- usage: wrk ... -s list_orders.lua URL -- <keys-file: one API key per line>
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")

local symbols = { "BTC-USD", "ETH-USD", "SOL-USD" }
local keys

function init(args)
  keys = read_rows(args[1])
  math.randomseed(3000 + (tid or 0))
end

function request()
  local path = "/api/v1/orders?symbol=" .. symbols[math.random(#symbols)] .. "&limit=50"
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. keys[math.random(#keys)][1] })
end
