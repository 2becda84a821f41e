-- GET /api/v1/orders/{id}, ids picked at random, each with its own account's key.
-- usage: wrk ... -s get_order.lua URL -- <orders-file: "<key> <order id>" per line>
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")

local rows

function init(args)
  rows = read_rows(args[1])
  math.randomseed(2000 + (tid or 0))
end

function request()
  local row = rows[math.random(#rows)]
  return wrk.format("GET", "/api/v1/orders/" .. row[2], { ["Authorization"] = "Bearer " .. row[1] })
end
