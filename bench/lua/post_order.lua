-- POST /api/v1/orders: valid resting limit orders, keys rotated round-robin, random symbol and side,
-- price within +-1% of the reference, 10-1,000 lots (bench/lib/api.ts randomOrder does the same).
-- usage: wrk ... -s post_order.lua URL -- <keys-file: one API key per line>
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")

-- price and quantity as integers of tick and lot; pdp/qdp = their decimal places
local instruments = {
  { symbol = "BTC-USD", ref = 5000000, pdp = 2, qdp = 5 }, -- tick 0.01, lot 0.00001, min 0.0001
  { symbol = "ETH-USD", ref = 300000, pdp = 2, qdp = 4 },  -- tick 0.01, lot 0.0001, min 0.001
  { symbol = "SOL-USD", ref = 150000, pdp = 3, qdp = 2 },  -- tick 0.001, lot 0.01, min 0.1
}

local function decimal(units, places)
  local scale = 10 ^ places
  local whole = math.floor(units / scale)
  return string.format("%d.%0" .. places .. "d", whole, units - whole * scale)
end

local keys, idx

function init(args)
  keys = read_rows(args[1])
  idx = tid or 0
  math.randomseed(1000 + (tid or 0))
end

function request()
  idx = idx % #keys + 1
  local ins = instruments[math.random(#instruments)]
  local spread = math.floor(ins.ref / 100)
  local body = string.format(
    '{"symbol":"%s","side":"%s","order_type":"limit","quantity":"%s","price":"%s"}',
    ins.symbol, (math.random(2) == 1) and "buy" or "sell",
    decimal(math.random(10, 1000), ins.qdp), decimal(ins.ref + math.random(-spread, spread), ins.pdp))
  return wrk.format("POST", "/api/v1/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. keys[idx][1],
  }, body)
end
