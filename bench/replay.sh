#!/usr/bin/env bash
# Replay benchmark (issue 3): how fast the query side rebuilds the users table from a large log on
# PostgreSQL, beside the raw bulk-insert (COPY) rate into the same table as the ceiling, and a COPY into the
# table with its primary key only followed by building its other indexes (what a replay does, done by hand).
#
#   bench/replay.sh [EVENTS]        default 1000000; every event is a UserRegistered the projection handles
#
# Creates and drops its own database; needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Java 17.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVENTS="${1:-1000000}"
DB="accounts_bench_replay"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
OUT="$ROOT/bench/results/replay-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

[[ -f "$ROOT/query-side/target/query-side.jar" ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package)

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
trap '"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

# the event log, exactly as the command side's migrations create it
for f in "$ROOT"/command-side/src/main/resources/db/command/postgresql/V1__*.sql \
         "$ROOT"/command-side/src/main/resources/db/command/common/V2__*.sql; do
  "${PSQL[@]}" -d "$DB" -f "$f"
done

echo "seeding $EVENTS events..."
seed_start=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                payload_type, payload_revision, payload, meta_data)
SELECT gen_random_uuid()::text, u::text, 0, 'User',
       to_char(now() AT TIME ZONE 'UTC' + i * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'dev.accounts.events.UserRegistered', '1',
       convert_to(json_build_object('user_id', u, 'email', 'user' || i || '@bench.example.com',
                                    'username', 'user' || i, 'first_name', 'Bench', 'last_name', 'User')::text, 'UTF8'),
       convert_to(json_build_object('actor', u, 'correlationId', u, 'traceId', u)::text, 'UTF8')
FROM (SELECT i, gen_random_uuid() AS u FROM generate_series(1, $EVENTS) AS i) AS s;
ANALYZE domain_event_entry;
SQL
echo "seeded in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

export SPRING_PROFILES_ACTIVE=postgres SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
       SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= AXONIQ_UPDATE_CHECKER_DISABLED=true

# the query side's schema: run the one-shot replay once on an empty log would do it, but the log is
# full, so that first run is the measured one: migrations take well under a second of it
echo "replaying..."
replay_start=$(date +%s.%N)
java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS-$(sed -e 's/#.*//' "$ROOT/jvm.options" | xargs)} -jar "$ROOT/query-side/target/query-side.jar" replay users > "$OUT/replay.log" 2>&1
replay_s=$(echo "$(date +%s.%N) - $replay_start" | bc)
rows=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM users")
replay_rate=$(echo "$EVENTS / $replay_s" | bc)

# ceiling: COPY the same rows into a table shaped like users
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE users_ceiling (LIKE users INCLUDING ALL)"
"${PSQL[@]}" -d "$DB" -c "\\copy (SELECT * FROM users) TO '$OUT/users.csv' WITH (FORMAT csv)"
copy_start=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" -c "\\copy users_ceiling FROM '$OUT/users.csv' WITH (FORMAT csv)"
copy_s=$(echo "$(date +%s.%N) - $copy_start" | bc)
copy_rate=$(echo "$rows / $copy_s" | bc)
# the same load done the way a replay does it: COPY into the table with its primary key only, then the other
# indexes built (two at a time, as the query side builds them)
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE users_deferred (LIKE users INCLUDING DEFAULTS INCLUDING CONSTRAINTS)" \
  -c "ALTER TABLE users_deferred ADD PRIMARY KEY (id)"
deferred_start=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" -c "\\copy users_deferred FROM '$OUT/users.csv' WITH (FORMAT csv)"
"${PSQL[@]}" -d "$DB" -c "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisprimary" \
  | sed -e 's/^CREATE INDEX \([a-z_0-9]*\) ON public\.users /CREATE INDEX deferred_\1 ON users_deferred /' \
  | xargs -d '\n' -P 2 -I{} "${PSQL[@]}" -d "$DB" -c {}
deferred_s=$(echo "$(date +%s.%N) - $deferred_start" | bc)
deferred_rate=$(echo "$rows / $deferred_s" | bc)
rm -f "$OUT/users.csv"
cli_s=$(tr '\r' '\n' < "$OUT/replay.log" | sed -n 's/^Replayed the users projection: [0-9]* events in \([0-9.]*\) s.*/\1/p')

{
  echo "Replay benchmark, $(date -u +%Y-%m-%d) - $EVENTS events, $(nproc) cores, $(psql --version | awk '{print $3}')"
  echo "  replay: ${replay_s} s for $EVENTS events -> ${replay_rate} events/s, from the JVM's start; users rows: $rows"
  echo "  replay as the command reports it (reset to caught up, indexes built again): ${cli_s} s"
  echo "  COPY ceiling: ${copy_s} s for $rows rows -> ${copy_rate} rows/s (into the table with all its indexes)"
  echo "  COPY with the indexes built afterwards: ${deferred_s} s for $rows rows -> ${deferred_rate} rows/s"
  echo "  target >= 30000 events/s: $([[ $replay_rate -ge 30000 ]] && echo yes || echo NO)"
} | tee "$OUT/summary.txt"
[[ "$rows" -eq "$EVENTS" ]] || { echo "replay left $rows rows for $EVENTS events" >&2; exit 1; }
