#!/usr/bin/env bash
# Login benchmark (issue 4): POST /api/auth/login for random registered users, wrk -t2 -c16, on PostgreSQL.
# Each login verifies the password, appends UserLoggedIn, signs an ES256 access token and stores a refresh token.
#
#   bench/login.sh [pipeline|production]     default pipeline
#     pipeline    PBKDF2-SHA256 x1000. Target: >= 2500 logins/s, p99 < 30 ms. After the run, with the service
#                 stopped, the floor: a login's statements alone through pgbench (bench/login.sql, 16 clients) and its
#                 cryptography alone (bench/LoginCryptoAlone.java, 2 threads); the cores divided by the CPU time of
#                 the two together estimate a bound on logins/s on this machine whatever the rest of a login costs
#                 (FLOOR_ESTIMATE).
#     production  the default argon2id; the hash alone (bench/HashAlone.java) is measured in the same run.
#                 Target: logins/s within 15 % of hashes/s.
#
# Besides requests/s it prints the CPU time a login took in the service and in PostgreSQL (CPU_PER_LOGIN), which
# drifts less than requests/s on a machine whose speed drifts, and how many accounts were read from the log rather
# than found in memory during the run (ACCOUNTS_READ_FROM_LOG, from the cache.gets meter).
#
# Settings: BENCH_USERS (default 500), BENCH_DURATION (30), BENCH_WARMUP (10 for pipeline, 150 for production: at
# about 75 logins/s the JIT is still compiling the request path after 90 s; bench/registration.sh's BENCH_PROD_WARMUP
# has the figures), BENCH_HEAP (1g),
# BENCH_PORT (18483), BENCH_JAR (another build of the command side, to compare two), BENCH_SERVICE_EXTRA_OPTS (JVM
# options for the command side only, not the hash-alone run: a JFR recording, say). Creates and drops its own database; results in bench/results/login-<UTC time>/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE=${1:-pipeline}
USERS=${BENCH_USERS:-500}
DURATION=${BENCH_DURATION:-30}
WARMUP=${BENCH_WARMUP:-$([[ "$MODE" == production ]] && echo 150 || echo 10)}
HEAP=${BENCH_HEAP:-1g}
source "$ROOT/bench/lib.sh"
PORT=${BENCH_PORT:-18483}
DB=accounts_bench_login
OUT="$ROOT/bench/results/login-$(date -u +%Y%m%d-%H%M%S)"
JAR=$(command_side_jar)
mkdir -p "$OUT"
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null 2>&1 || sudo apt-get install -y -q wrk >/dev/null
[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
case "$MODE" in
  pipeline) HASH_ENV=(ACCOUNTS_PASSWORD_ALGORITHM=pbkdf2_sha256 ACCOUNTS_PASSWORD_ITERATIONS=1000) ;;
  production) HASH_ENV=() ;;
  *) echo "usage: bench/login.sh [pipeline|production]" >&2; exit 2 ;;
esac

PID=
PGBENCH=
EXTRACT=
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  [[ -n "$PGBENCH" ]] && kill "$PGBENCH" 2>/dev/null && wait "$PGBENCH" 2>/dev/null || true
  [[ -n "$EXTRACT" ]] && rm -rf "$EXTRACT"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

# the load comes from one address: the per-client login and registration limits are off for the benchmark,
# and so is the lockout (no login here fails)
env SPRING_PROFILES_ACTIVE=postgres SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
    SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= AXONIQ_UPDATE_CHECKER_DISABLED=true \
    ACCOUNTS_RATE_LIMIT_ENABLED=false PORT=$PORT MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE=health,metrics "${HASH_ENV[@]}" \
    java -Xms$HEAP -Xmx$HEAP $SERVICE_JAVA_OPTS ${BENCH_SERVICE_EXTRA_OPTS:-} -jar "$JAR" > "$OUT/command-side.log" 2>&1 &
PID=$!
deadline=$((SECONDS + 120))
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health"; do
  [[ $SECONDS -lt $deadline ]] || { echo "command side not healthy; see $OUT" >&2; exit 1; }
  sleep 0.5
done

export BENCH_USERS=$USERS BENCH_PASSWORD="vq7-Mz2#rTx9&Lp-wBk"
echo "registering $USERS users..."
for n in $(seq 1 "$USERS"); do
  printf '{"email":"login-%d@bench.example.com","username":"login%d","password":"%s"}\n' "$n" "$n" "$BENCH_PASSWORD"
done | while read -r body; do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/users" -H 'Content-Type: application/json' -d "$body" \
    || { echo "registration failed" >&2; exit 1; }
done

{
  echo "Login benchmark ($MODE), $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, heap $HEAP, $USERS users"
  echo "machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
wrk -t2 -c16 -d"${WARMUP}s" -s "$ROOT/bench/login.lua" "http://127.0.0.1:$PORT" > "$OUT/warmup.txt"
hashed_before=$(hash_cpu "http://127.0.0.1:$PORT")
misses_before=$(meter_count "http://127.0.0.1:$PORT" cache.gets cache:accounts result:miss || true)
ticks_before=$(cpu_ticks "$PID")
wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/login.lua" "http://127.0.0.1:$PORT" \
  | tee "$OUT/wrk.txt" | grep LOGIN | tee -a "$OUT/summary.txt"
ticks_after=$(cpu_ticks "$PID")
logins=$(sed -n 's/^LOGIN requests=\([0-9]*\).*/\1/p' "$OUT/wrk.txt")
cpu_per_request_line LOGIN "$logins" "$ticks_before" "$ticks_after" | tee -a "$OUT/summary.txt"
# what one hash costs inside the service, to set beside the hash alone's cpu_ms_per_hash
hash_cpu_line "$hashed_before" "$(hash_cpu "http://127.0.0.1:$PORT")" | tee -a "$OUT/summary.txt"
# accounts not found in memory during the run, so read from the log (besides the snapshotter's own reads)
misses_after=$(meter_count "http://127.0.0.1:$PORT" cache.gets cache:accounts result:miss || true)
if [[ -n "$misses_before" && -n "$misses_after" ]]; then
  echo "ACCOUNTS_READ_FROM_LOG $((misses_after - misses_before))"
else
  echo "ACCOUNTS_READ_FROM_LOG unknown (this build has no cache.gets meter for accounts)"
fi | tee -a "$OUT/summary.txt"
echo "UserLoggedIn events: $("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%UserLoggedIn'")" \
  | tee -a "$OUT/summary.txt"

kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
EXTRACT=$(mktemp -d)
(cd "$EXTRACT" && jar xf "$JAR" BOOT-INF/classes BOOT-INF/lib)
alone() {
  env "${HASH_ENV[@]}" java -Xms$HEAP -Xmx$HEAP $SERVICE_JAVA_OPTS -cp "$EXTRACT/BOOT-INF/classes:$EXTRACT/BOOT-INF/lib/*" "$@"
}
if [[ "$MODE" == production ]]; then
  alone "$ROOT/bench/HashAlone.java" 2 20 5 | grep HASH_ALONE | tee -a "$OUT/summary.txt"
else
  # The floor, with the service stopped: what a login costs in PostgreSQL alone (its statements through pgbench,
  # bench/login.sql) and in cryptography alone (bench/LoginCryptoAlone.java). A login takes at least about the two
  # together, so the machine's cores divided by that sum estimate a bound on logins/s whatever the rest costs. An
  # estimate: pgbench sends BEGIN as a round trip of its own, and the server computes the ids pgjdbc would send.
  "${PSQL[@]}" -d "$DB" -c "CREATE TABLE login_floor_event AS SELECT type, payload_type, payload_revision, payload,
      meta_data FROM domain_event_entry WHERE payload_type LIKE '%UserLoggedIn' LIMIT 1"
  [[ $("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM login_floor_event") == 1 ]] \
    || { echo "no UserLoggedIn event to copy for the floor" >&2; exit 1; }
  # measured over pgbench's steady middle 14 of 20 seconds, while it runs, by the refresh tokens it stored
  floor_logins() { "${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM refresh_token WHERE user_id LIKE 'floor-%'"; }
  pgbench -n -M prepared -c16 -j2 -T20 -D users="$USERS" -f "$ROOT/bench/login.sql" -h 127.0.0.1 -U postgres "$DB" \
    > "$OUT/pgbench.txt" 2>&1 &
  PGBENCH=$!
  sleep 3
  ticks_before=$(cpu_ticks -) db_before=$(floor_logins)
  sleep 14
  ticks_after=$(cpu_ticks -) db_after=$(floor_logins)
  wait "$PGBENCH" || { PGBENCH=; echo "pgbench failed; see $OUT/pgbench.txt" >&2; exit 1; }
  PGBENCH=
  echo "DB_ALONE $(grep -o 'tps = [0-9.]*' "$OUT/pgbench.txt" | head -1 | tr -d ' ') (pgbench, 16 clients)" \
    | tee -a "$OUT/summary.txt"
  cpu_per_request_line DB_ALONE $((db_after - db_before)) "$ticks_before" "$ticks_after" | tee -a "$OUT/summary.txt"
  alone "$ROOT/bench/LoginCryptoAlone.java" 2 20 5 | grep LOGIN_CRYPTO_ALONE | tee -a "$OUT/summary.txt"
  awk -v cores="$(nproc)" '
    function value(name,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] + 0 } }
    /^CPU_PER_DB_ALONE/ { db = value("postgres_ms") }
    /^LOGIN_CRYPTO_ALONE/ { crypto = value("cpu_ms") }
    END { printf "FLOOR_ESTIMATE postgres_ms=%.3f crypto_ms=%.3f logins_per_s_bound=%.0f (%d cores / their sum)\n",
      db, crypto, cores * 1000 / (db + crypto), cores }' "$OUT/summary.txt" | tee -a "$OUT/summary.txt"
fi
