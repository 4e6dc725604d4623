#!/usr/bin/env bash
# Event feed benchmark (issue 6): one subscriber catching up from position 0 through GET /api/events, on PostgreSQL.
#
#   bench/feed.sh [EVENTS]        default 200000 UserRegistered events in the log
#
# The command side starts first (it creates the log and serves the keys), the events are inserted with SQL as the
# command side writes them, the query side starts and projects them (the benchmark waits until it has caught up,
# so the projection does not share the CPU with the measurement), a superuser created with createsuperuser gets a
# service token (scope events:read), and a client reads the whole feed in pages of BENCH_LIMIT (default 1000)
# events. Target: >= 20,000 events/s.
# Then live: a subscriber long-polls from the head while BENCH_LIVE_RATE registrations a second (default 50, for
# BENCH_LIVE_SECONDS, default 20; PBKDF2 x1000 so that the hash does not set the pace) go to the command side; for
# each, the time from its 201 to the subscriber holding its event. Target: p99 < 100 ms.
#
# Creates and drops its own database; ports BENCH_COMMAND_PORT (18491) and BENCH_QUERY_PORT (18492).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVENTS="${1:-200000}"
LIMIT=${BENCH_LIMIT:-1000}
HEAP=${BENCH_HEAP:-1g}
CPORT=${BENCH_COMMAND_PORT:-18491}
QPORT=${BENCH_QUERY_PORT:-18492}
DB=accounts_bench_feed
OUT="$ROOT/bench/results/feed-$(date -u +%Y%m%d-%H%M%S)"
source "$ROOT/bench/lib.sh"
mkdir -p "$OUT"
for jar in command-side query-side; do
  [[ -f "$ROOT/$jar/target/$jar.jar" ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
done

fresh_database

export SPRING_PROFILES_ACTIVE=postgres SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
       SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= AXONIQ_UPDATE_CHECKER_DISABLED=true
ACCOUNTS_PASSWORD_ALGORITHM=pbkdf2_sha256 ACCOUNTS_PASSWORD_ITERATIONS=1000 ACCOUNTS_RATE_LIMIT_ENABLED=false \
PORT=$CPORT java -Xms$HEAP -Xmx$HEAP $SERVICE_JAVA_OPTS -jar "$ROOT/command-side/target/command-side.jar" \
  > "$OUT/command-side.log" 2>&1 &
PIDS+=($!)
wait_healthy "http://127.0.0.1:$CPORT"

echo "seeding $EVENTS events..."
"${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                payload_type, payload_revision, payload, meta_data)
SELECT gen_random_uuid()::text, u::text, 0, 'User',
       to_char(now() AT TIME ZONE 'UTC' - interval '1 hour' + i * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'dev.accounts.events.UserRegistered', '1',
       convert_to(json_build_object('user_id', u, 'email', 'user' || i || '@bench.example.com',
                                    'username', 'user' || i, 'first_name', 'Bench', 'last_name', 'User')::text, 'UTF8'),
       convert_to(json_build_object('actor', u, 'correlation_id', u, 'causation_id', u)::text, 'UTF8')
FROM (SELECT i, gen_random_uuid() AS u FROM generate_series(1, $EVENTS) AS i) AS s;
ANALYZE domain_event_entry;
SQL

ACCOUNTS_COMMAND_URL="http://127.0.0.1:$CPORT" PORT=$QPORT \
  java -Xms$HEAP -Xmx$HEAP $SERVICE_JAVA_OPTS -jar "$ROOT/query-side/target/query-side.jar" > "$OUT/query-side.log" 2>&1 &
PIDS+=($!)
wait_healthy "http://127.0.0.1:$QPORT"

ACCESS=$(superuser_token "$CPORT")
SERVICE=$(curl -s "http://127.0.0.1:$CPORT/api/auth/service-token" -H "Authorization: Bearer $ACCESS" \
  -H 'Content-Type: application/json' -d '{"name":"bench"}' | tee "$OUT/service-token.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])')

echo "waiting for the projection to catch up..."
deadline=$((SECONDS + 600))
until curl -sf "http://127.0.0.1:$QPORT/api/projections" -H "Authorization: Bearer $ACCESS" \
    | python3 -c 'import json,sys; p=[x for x in json.load(sys.stdin)["projections"] if x["name"]=="users"][0]; sys.exit(0 if p["lag"]==0 and not p["replaying"] else 1)'; do
  [[ $SECONDS -lt $deadline ]] || { echo "the projection did not catch up; see $OUT" >&2; exit 1; }
  sleep 1
done

{
  echo "Feed benchmark, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, PostgreSQL $(psql --version | awk '{print $3}'), heap $HEAP"
  echo "machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
python3 - "http://127.0.0.1:$QPORT" "$SERVICE" "$EVENTS" "$LIMIT" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys, time, urllib.request
base, token, expected, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def page(after):
    request = urllib.request.Request(f"{base}/api/events?after={after}&limit={limit}&wait=1",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)
page(0)  # one page to warm the path
after, seen, positions, pages = 0, 0, set(), 0
start = time.monotonic()
while seen < expected:
    body = page(after)
    pages += 1
    if not body["events"]:
        break
    for event in body["events"]:
        positions.add(event["position"])
    seen += len(body["events"])
    after = body["next_after"]
elapsed = time.monotonic() - start
rate = seen / elapsed
print(f"FEED events={seen} distinct={len(positions)} pages={pages} limit={limit} seconds={elapsed:.2f} "
      f"events_per_s={rate:.0f} (target >= 20000: {'met' if rate >= 20000 and seen >= expected else 'NOT met'})")
PY

python3 - "http://127.0.0.1:$CPORT" "http://127.0.0.1:$QPORT" "$SERVICE" "${BENCH_LIVE_RATE:-50}" "${BENCH_LIVE_SECONDS:-20}" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys, threading, time, urllib.request, uuid
command, query, token, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def get(url):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)
head = 0
while True:  # the head: page to the end
    body = get(f"{query}/api/events?after={head}&limit=1000&wait=0")
    if not body["events"]:
        break
    head = body["next_after"]
seen, sent, stop = {}, {}, threading.Event()
def subscribe():
    after = head
    while not stop.is_set():
        body = get(f"{query}/api/events?after={after}&limit=1000&wait=5")
        now = time.monotonic()
        for event in body["events"]:
            seen.setdefault(event["user_id"], now)
        after = body["next_after"]
subscriber = threading.Thread(target=subscribe, daemon=True)
subscriber.start()
time.sleep(0.5)  # the subscriber is waiting before the first registration
run = uuid.uuid4().hex[:8]
start = time.monotonic()
for i in range(rate * seconds):
    due = start + i / rate
    pause = due - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    body = json.dumps({"email": f"live{i}.{run}@bench.example.com", "username": f"live{i}_{run}",
                       "password": "vq7-Mz2#rTx9&Lp-wBk"}).encode()
    request = urllib.request.Request(f"{command}/api/users", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answered = time.monotonic()
        sent[json.load(response)["id"]] = answered
deadline = time.monotonic() + 15
while time.monotonic() < deadline and not all(user in seen for user in sent):
    time.sleep(0.05)
stop.set()
# matched by account: X-Event-Position is the command's last event, an internal one the feed never serves
latencies = sorted((seen[user] - t) * 1000 for user, t in sent.items() if user in seen)
missing = sum(1 for user in sent if user not in seen)
def q(f): return latencies[min(len(latencies) - 1, max(0, int(f * len(latencies) + 0.999999) - 1))]
print(f"LIVE registrations={len(sent)} seen={len(latencies)} missing={missing} p50_ms={q(0.5):.1f} p90_ms={q(0.9):.1f} "
      f"p99_ms={q(0.99):.1f} max_ms={latencies[-1]:.1f} (target p99 < 100 ms: {'met' if q(0.99) < 100 and not missing else 'NOT met'})")
PY
