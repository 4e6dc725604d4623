-- wrk script for POST /api/auth/login: each request logs in as a random one of the users registered by
-- bench/login.sh (emails login-<n>@bench.example.com, n = 1..BENCH_USERS, one shared password in BENCH_PASSWORD).
-- Counts statuses; done() prints a machine-readable line.
thread_id = 0
statuses = {}
local threads = {}
local users = tonumber(os.getenv("BENCH_USERS"))
local password = os.getenv("BENCH_PASSWORD")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = string.format('{"email":"login-%d@bench.example.com","password":"%s"}', math.random(users), password)
  return wrk.format(nil, "/api/auth/login", nil, body)
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
  io.write(string.format("LOGIN requests=%d rps=%.0f ok=%d other=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.requests / (summary.duration / 1e6), ok, other,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
