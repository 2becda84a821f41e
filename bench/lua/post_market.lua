-- POST /api/v1/orders: market orders of 1-10 minimum sizes, random symbol and side, keys rotated
-- round-robin; each fills at once against the venue's liquidity provider (the lifecycle scenario).
-- usage: wrk ... -s post_market.lua URL -- <keys-file: one API key per line>
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")

local instruments = {
  { symbol = "BTC-USD", min = "0.0001" },
  { symbol = "ETH-USD", min = "0.001" },
  { symbol = "SOL-USD", min = "0.1" },
}

local keys, idx

function init(args)
  keys = read_rows(args[1])
  idx = tid or 0
  math.randomseed(4000 + (tid or 0))
end

function request()
  idx = idx % #keys + 1
  local ins = instruments[math.random(#instruments)]
  local body = string.format(
    '{"symbol":"%s","side":"%s","order_type":"market","quantity":"%s"}',
    ins.symbol, (math.random(2) == 1) and "buy" or "sell", string.format("%g", ins.min * math.random(1, 10)))
  return wrk.format("POST", "/api/v1/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. keys[idx][1],
  }, body)
end
