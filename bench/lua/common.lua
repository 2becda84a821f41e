-- Shared by every bench script (loaded with dofile): thread ids, file reading, the RESULT and DIST
-- lines, and, when BENCH_SAMPLE=1, samples of failing responses (a diagnosis run; response() costs time).
-- BENCH_PORTS=8001,8002 sends thread i to 127.0.0.1 on port i mod n (one wrk run over several
-- processes that cannot share a port; -t2 with two ports gives each process one thread's connections).
local threads = {}
local ports = {}
for p in (os.getenv("BENCH_PORTS") or ""):gmatch("%d+") do ports[#ports + 1] = p end

function setup(thread)
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[#threads % #ports + 1])[1]
  end
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- Lines of a file, each split on spaces.
function read_rows(path)
  local rows = {}
  for line in io.lines(path) do
    if #line > 0 then
      local row = {}
      for word in line:gmatch("%S+") do row[#row + 1] = word end
      rows[#rows + 1] = row
    end
  end
  if #rows == 0 then error("no rows in " .. path) end
  return rows
end

if os.getenv("BENCH_SAMPLE") == "1" then
  ok_count = 0
  bad_counts = {}
  bad_text = ""
  samples = ""
  local kept = 0
  function response(status, headers, body)
    if status < 300 then
      ok_count = ok_count + 1
      return
    end
    bad_counts[status] = (bad_counts[status] or 0) + 1
    local parts = {}
    for s, n in pairs(bad_counts) do parts[#parts + 1] = s .. "=" .. n end
    bad_text = table.concat(parts, " ")
    if kept < 3 then
      kept = kept + 1
      local text = (string.gsub(string.sub(body or "", 1, 400), "%s+", " "))
      samples = samples .. status .. " " .. text .. "\n"
    end
  end
end

function done(summary, latency, requests)
  local s = summary
  local dur = s.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d\n",
    s.requests, dur, s.requests / dur,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, s.errors.status, s.errors.connect, s.errors.read, s.errors.write, s.errors.timeout))
  -- The latency distribution: 400 quantiles at equal steps (each stands for 0.25% of requests), in ms.
  local q = {}
  for i = 1, 400 do q[i] = string.format("%.2f", latency:percentile((i - 0.5) / 4) / 1000) end
  io.write("DIST " .. table.concat(q, " ") .. "\n")
  for _, t in ipairs(threads) do
    local ok = t:get("ok_count")
    if ok ~= nil then io.write(string.format("STATUS 2xx=%d %s\n", ok, t:get("bad_text") or "")) end
    local sm = t:get("samples")
    if sm ~= nil and #sm > 0 then
      for line in sm:gmatch("[^\n]+") do io.write("SAMPLE " .. line .. "\n") end
    end
  end
end
