#!/usr/bin/env bash
# Soak (issue 7, docs/RELIABILITY.md): both sides on PostgreSQL under SOAK_SECONDS (default 600) of mixed load,
# their memory, threads and connections sampled every SOAK_INTERVAL s (default 10); neither may grow without bound.
#
#   bench/soak.sh                       results in bench/results/soak-<UTC time>/ (gitignored); exit 1 if it fails
#   SOAK_SECONDS=120 bench/soak.sh      a short one
#
# The sides run as shipped (jvm.options, no heap size, argon2id) with two exceptions: the per-client limits on
# logins and registrations are off (the load comes from one address), and /actuator/metrics is exposed for the
# Hikari pool's figures (--management.endpoints.web.exposure.include=health,info,metrics on the command line).
# Each side's connections carry an ApplicationName, so that PostgreSQL counts them too (pg_stat_activity), and each
# side writes a GC log (-Xlog:gc), which the verdict sums up.
#
# Load: bench/Soak.java, open loop at fixed rates (SOAK_RATES, per second, default "register=5 login=5 patch=10
# get=100 me=50 list=10"): registrations, logins, profile changes (PATCH), and reads (GET /api/users/{id},
# /api/users/me, the list). Every write carries its own X-Request-Id.
# Samples (samples.csv), per side: heap after a full GC (jcmd GC.run, then the old generation's use: the live
# set), metaspace, RSS, threads and Tomcat's share of them, open file descriptors and sockets (/proc/<pid>),
# inbound HTTP connections established and in CLOSE_WAIT (ss), the Hikari pool (active, idle, total, max), and
# the side's backends in pg_stat_activity. The full GC every 10 s costs each side a pause (60-80 ms at the median
# on 2 cores); it is what makes the heap figure a live set rather than a point on the allocation sawtooth.
# Verdict (bench/soak_verdict.py): each figure's mean over the last 3 samples against its mean over the first 3
# after SOAK_WARMUP s (default 60), within the bounds that script states; and every acknowledged write found in
# the event store exactly once (by its X-Request-Id, the events' correlation_id), none lost, none duplicated, every
# registered account in the users table with its last profile change.
#
# Creates and drops its own database (accounts_soak); ports SOAK_COMMAND_PORT (28080) and SOAK_QUERY_PORT (28081).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION=${SOAK_SECONDS:-600}
INTERVAL=${SOAK_INTERVAL:-10}
WARMUP=${SOAK_WARMUP:-60}
CPORT=${SOAK_COMMAND_PORT:-28080}
QPORT=${SOAK_QUERY_PORT:-28081}
DB=accounts_soak
OUT="$ROOT/bench/results/soak-$(date -u +%Y%m%d-%H%M%S)"
source "$ROOT/bench/lib.sh"
mkdir -p "$OUT"
jars_built

fresh_database

export SPRING_PROFILES_ACTIVE=postgres SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
       AXONIQ_UPDATE_CHECKER_DISABLED=true SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
METRICS=--management.endpoints.web.exposure.include=health,info,metrics
# start_side <side> <port> [ENV=value...]: starts command-side or query-side, its pid in PID_<side>
start_side() {
  local side=$1 port=$2; shift 2
  env "$@" PORT="$port" SPRING_DATASOURCE_URL="$SPRING_DATASOURCE_URL?ApplicationName=soak-$side" \
    java $SERVICE_JAVA_OPTS -Xlog:gc:file="$OUT/$side-gc.log" -jar "$ROOT/$side/target/$side.jar" "$METRICS" \
    > "$OUT/$side.log" 2>&1 &
  PIDS+=($!)
  printf -v "PID_${side//-/_}" %s $!
  wait_healthy "http://127.0.0.1:$port"
}
start_side command-side "$CPORT" ACCOUNTS_RATE_LIMIT_ENABLED=false
start_side query-side "$QPORT" ACCOUNTS_COMMAND_URL="http://127.0.0.1:$CPORT"
create_superuser

{
  echo "Soak, $(date -u '+%Y-%m-%d %H:%M') UTC: $DURATION s, samples every $INTERVAL s, warm-up $WARMUP s"
  echo "machine: $(nproc) vCPU, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), load before $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "JVM options: ${SERVICE_JAVA_OPTS:-none}; rates: ${SOAK_RATES:-default}; git $(git -C "$ROOT" rev-parse --short HEAD)"
} | tee "$OUT/summary.txt"

# ---------------------------------------------------------------- sampling

printf 'GC.run\nGC.heap_info\n' > "$OUT/live-set.jcmd"
# live_set <pid>: "<heap MB> <metaspace MB>" after a full GC (the old generation holds the live set then; with G1
# the whole heap)
live_set() {
  jcmd "$1" -f "$OUT/live-set.jcmd" | awk '
    function used(   i, v) { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); return v / 1024 } }
    /ParOldGen|garbage-first heap|tenured generation/ { heap = used() }
    /Metaspace/ { meta = used() }
    END { printf "%.1f %.1f\n", heap, meta }'
}
# metric <port> <name>: an actuator metric's value, as an integer
metric() {
  curl -sf "http://127.0.0.1:$1/actuator/metrics/$2" | grep -o '"value":[-0-9.E]*' | head -1 | cut -d: -f2 \
    | awk '{printf "%d", $1}'
}
# sample <t> <side> <pid> <port>: one row of samples.csv. Tomcat's threads (named http-nio-<port>-...) and the
# inbound HTTP connections are counted apart: their number follows the clients' concurrency, not the work done.
sample() {
  local t=$1 side=$2 pid=$3 port=$4 heap meta rss threads tomcat fds sockets http close_wait backends
  read -r heap meta < <(live_set "$pid")
  read -r rss threads < <(awk '/^VmRSS/ {r = $2} /^Threads/ {t = $2} END {printf "%.1f %d\n", r / 1024, t}' "/proc/$pid/status")
  tomcat=$(cat "/proc/$pid/task/"*/comm 2>/dev/null | grep -c "^http-nio-$port" || true)
  fds=$(find "/proc/$pid/fd" -mindepth 1 | wc -l)
  sockets=$(find "/proc/$pid/fd" -mindepth 1 -lname 'socket:*' | wc -l)
  http=$(ss -tnH state established "( sport = :$port )" | wc -l)
  close_wait=$(ss -tnH state close-wait "( sport = :$port )" | wc -l)
  backends=$("${PSQL[@]}" -d postgres -c \
    "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'soak-$side'")
  echo "$t,$side,$heap,$meta,$rss,$threads,$tomcat,$fds,$sockets,$http,$close_wait,$(metric "$port" hikaricp.connections.active),$(metric "$port" hikaricp.connections.idle),$(metric "$port" hikaricp.connections),$(metric "$port" hikaricp.connections.max),$backends" \
    >> "$OUT/samples.csv"
}
sample_both() {
  sample "$1" command-side "$PID_command_side" "$CPORT"
  sample "$1" query-side "$PID_query_side" "$QPORT"
}
# snapshots <label>: each side's class histogram and threads (what grew, if anything did)
snapshots() {
  local side pid
  for side in command-side query-side; do
    pid=PID_${side//-/_}
    jcmd "${!pid}" GC.class_histogram > "$OUT/histogram-$side-$1.txt"
    jcmd "${!pid}" Thread.print > "$OUT/threads-$side-$1.txt"
  done
}

echo "time_s,side,heap_live_mb,metaspace_mb,rss_mb,threads,tomcat_threads,fds,sockets,http_connections,close_wait,hikari_active,hikari_idle,hikari_total,hikari_max,pg_backends" \
  > "$OUT/samples.csv"
sample_both 0

# ---------------------------------------------------------------- load, sampled every INTERVAL s

BENCH_SUPERUSER_EMAIL="$SUPERUSER_EMAIL" BENCH_SUPERUSER_PASSWORD="$SUPERUSER_PASSWORD" \
  java -Djdk.httpclient.keepalive.timeout=15 "$ROOT/bench/Soak.java" "http://127.0.0.1:$CPORT" \
  "http://127.0.0.1:$QPORT" "$DURATION" "$OUT" > "$OUT/load.txt" 2> "$OUT/load-errors.txt" &
LOAD=$!
PIDS+=($LOAD)
started=$(date +%s)
baseline_snapshots=$((WARMUP + 3 * INTERVAL))
shown=0
for ((k = 1; ; k++)); do
  next=$((started + k * INTERVAL))
  now=$(date +%s)
  if ((now < next)); then sleep $((next - now)); fi
  kill -0 "$LOAD" 2>/dev/null || break
  sample_both $((k * INTERVAL))
  if ((k * INTERVAL == baseline_snapshots)); then snapshots baseline; fi
  tail -n +$((shown + 1)) "$OUT/load.txt"
  shown=$(wc -l < "$OUT/load.txt")
done
wait "$LOAD" || { echo "the load driver failed; see $OUT/load-errors.txt" >&2; exit 1; }
snapshots end
grep '^SOAK ' "$OUT/load.txt" | tee -a "$OUT/summary.txt"

# ---------------------------------------------------------------- every acknowledged write, in the log and the read model

"${PSQL[@]}" -d "$DB" <<SQL
CREATE TABLE soak_writes (op text, request_id text, status int, user_id text);
\copy soak_writes FROM '$OUT/writes.csv' WITH (FORMAT csv, HEADER true)
ALTER TABLE soak_writes ADD COLUMN acknowledged boolean, ADD COLUMN event text;
UPDATE soak_writes SET acknowledged = status = CASE op WHEN 'register' THEN 201 ELSE 200 END,
                       event = CASE op WHEN 'register' THEN 'UserRegistered' WHEN 'patch' THEN 'ProfileChanged'
                                       ELSE 'UserLoggedIn' END;
CREATE TABLE soak_events AS
  SELECT convert_from(meta_data, 'UTF8')::json ->> 'correlation_id' AS request_id,
         substring(payload_type FROM '[^.]*$') AS event, aggregate_identifier AS user_id, global_index,
         convert_from(payload, 'UTF8')::json AS payload
  FROM domain_event_entry
  WHERE payload_type IN ('dev.accounts.events.UserRegistered', 'dev.accounts.events.UserLoggedIn',
                         'dev.accounts.events.ProfileChanged');
SQL
# the projection has caught up when every acknowledged account is in users with its last profile change
read_model_misses() {
  "${PSQL[@]}" -d "$DB" -F ' ' <<'SQL'
WITH last_change AS (
  SELECT DISTINCT ON (user_id) user_id, payload ->> 'last_name' AS last_name
  FROM soak_events WHERE event = 'ProfileChanged' ORDER BY user_id, global_index DESC)
SELECT count(*) FILTER (WHERE u.id IS NULL), count(*) FILTER (WHERE u.id IS NOT NULL AND c.user_id IS NOT NULL
                                                              AND u.last_name IS DISTINCT FROM c.last_name)
FROM soak_writes w LEFT JOIN users u ON u.id::text = w.user_id LEFT JOIN last_change c ON c.user_id = w.user_id
WHERE w.op = 'register' AND w.acknowledged
SQL
}
deadline=$((SECONDS + 60))
until read -r missing stale < <(read_model_misses) && ((missing + stale == 0)) || ((SECONDS >= deadline)); do sleep 1; done
{
  "${PSQL[@]}" -d "$DB" -F ' ' <<'SQL'
WITH per_request AS (SELECT request_id, event, count(*) AS n, min(user_id) AS user_id FROM soak_events GROUP BY 1, 2)
SELECT 'writes op=' || w.op, 'sent=' || count(*), 'acknowledged=' || count(*) FILTER (WHERE acknowledged),
       'found=' || count(*) FILTER (WHERE acknowledged AND e.n > 0),
       'lost=' || count(*) FILTER (WHERE acknowledged AND e.n IS NULL),
       'duplicated=' || count(*) FILTER (WHERE e.n > 1),
       'refused_but_stored=' || count(*) FILTER (WHERE status >= 400 AND e.n > 0),
       'unanswered_but_stored=' || count(*) FILTER (WHERE status = 0 AND e.n > 0),
       'other_account=' || count(*) FILTER (WHERE acknowledged AND w.user_id <> '' AND e.user_id <> w.user_id)
FROM soak_writes w LEFT JOIN per_request e USING (request_id, event)
GROUP BY w.op ORDER BY w.op;
SELECT 'registrations same_email_twice=' || count(*) FROM (
  SELECT lower(payload ->> 'email') FROM soak_events WHERE event = 'UserRegistered' GROUP BY 1 HAVING count(*) > 1) twice;
SQL
  echo "read_model registered=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM soak_writes WHERE op = 'register' AND acknowledged") missing=$missing last_change_not_applied=$stale"
  echo "store events=$("${PSQL[@]}" -d "$DB" -c 'SELECT count(*) FROM domain_event_entry') database_mb=$("${PSQL[@]}" -d "$DB" -c "SELECT pg_database_size('$DB') / 1048576")"
} | tee "$OUT/counts.txt" | tee -a "$OUT/summary.txt"

python3 "$ROOT/bench/soak_verdict.py" "$OUT" "$WARMUP" | tee -a "$OUT/summary.txt"
