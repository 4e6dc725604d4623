-- wrk script for POST /api/users: every request registers a new, unique account.
-- Emails/usernames are built from a run nonce (env BENCH_NONCE, else time+random),
-- the wrk thread id and a per-thread counter, so reruns against the same database never collide.
-- The password is fixed and strong (passes length, common, numeric and similarity checks).

-- thread_id and statuses are globals on purpose: wrk's thread:set/get only reach globals.
local threads = {}
local counter = 0
thread_id = 0
statuses = {}
local nonce = os.getenv("BENCH_NONCE")

function setup(thread)
  local id = #threads + 1
  thread:set("thread_id", id)
  table.insert(threads, thread)
end

function init(args)
  if nonce == nil or nonce == "" then
    math.randomseed(os.time() + thread_id * 7919)
    nonce = string.format("%x%04x", os.time(), math.random(0, 65535))
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

local password = "vq7-Mz2#rTx9&Lp-wBk"

function request()
  counter = counter + 1
  local tag = string.format("%s_t%d_%d", nonce, thread_id, counter)
  local body = string.format(
    '{"email":"u_%s@bench.example.com","username":"u_%s","password":"%s","first_name":"Bench","last_name":"User"}',
    tag, tag, password)
  return wrk.format(nil, "/api/users", nil, body)
end

-- count status codes per thread (global statuses); summarised in done()
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for code, n in pairs(s) do
        by_status[code] = (by_status[code] or 0) + n
      end
    end
  end
  local created = by_status[201] or 0
  local other = 0
  local codes = {}
  for code, n in pairs(by_status) do
    if code ~= 201 then other = other + n end
    table.insert(codes, string.format("%d=%d", code, n))
  end
  table.sort(codes)
  io.write(string.format("BENCH requests=%d created=%d non201=%d socket_errors=%d duration_s=%.3f rps=%.1f\n",
    summary.requests, created, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("BENCH latency_ms p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f mean=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000))
  io.write("BENCH status " .. table.concat(codes, " ") .. "\n")
end
