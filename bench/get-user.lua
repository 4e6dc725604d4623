-- wrk script for GET /api/users/{id}: each request asks for a random existing user, from the file of ids
-- named by env BENCH_IDS (one UUID a line), with the staff access token in env BENCH_TOKEN. Counts statuses; done() prints a machine-readable line.
local ids = {}
thread_id = 0
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + #ids)
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
end

function request()
  return wrk.format("GET", "/api/users/" .. ids[math.random(#ids)])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local ok, other = 0, 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for code, n in pairs(s) do
        if code == 200 then ok = ok + n else other = other + n end
      end
    end
  end
  io.write(string.format("GET_USER requests=%d rps=%.0f ok=%d other=%d socket_errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.requests / (summary.duration / 1e6), ok, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
