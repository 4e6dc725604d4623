# Shared by the benchmark scripts (sourced; ROOT, OUT and DB set by the caller where the functions need them).

# the services' own JVM options (jvm.options), unless BENCH_JAVA_OPTS says otherwise
SERVICE_JAVA_OPTS=${BENCH_JAVA_OPTS-$(sed -e 's/#.*//' "$ROOT/jvm.options" | xargs)}
PSQL=(psql -h 127.0.0.1 -U postgres -X -v ON_ERROR_STOP=1 -qAt)

# fresh_database: (re)creates $DB, and on exit stops the processes in PIDS and drops it
PIDS=()
fresh_database() {
  trap stop_and_drop EXIT
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
}
stop_and_drop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}

# wait_healthy <base url>: until its actuator health answers, at most 120 s
wait_healthy() {
  local deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null "$1/actuator/health"; do
    [[ $SECONDS -lt $deadline ]] || { echo "$1 not healthy; see $OUT" >&2; exit 1; }
    sleep 0.5
  done
}

# create_superuser: creates a superuser as an operator would (createsuperuser --no-input, in the database of
# SPRING_DATASOURCE_*), with a random password; SUPERUSER_EMAIL and SUPERUSER_PASSWORD hold its credentials
create_superuser() {
  SUPERUSER_EMAIL=bench-root@example.com
  SUPERUSER_PASSWORD="bench-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-Q7!"
  ACCOUNTS_SUPERUSER_PASSWORD="$SUPERUSER_PASSWORD" java -jar "$ROOT/command-side/target/command-side.jar" \
    createsuperuser --no-input --email "$SUPERUSER_EMAIL" --username benchroot > "$OUT/createsuperuser.log" 2>&1
}

# superuser_token <command-side port>: creates a superuser (create_superuser), logs it in and prints its access token
superuser_token() {
  create_superuser
  curl -sf "http://127.0.0.1:$1/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$SUPERUSER_EMAIL\",\"password\":\"$SUPERUSER_PASSWORD\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])'
}

# command_side_jar: the command side's jar to measure: BENCH_JAR (another build, to compare two A/B) or this tree's
command_side_jar() {
  if [[ -n "${BENCH_JAR:-}" ]]; then
    [[ -f "$BENCH_JAR" ]] || { echo "BENCH_JAR: no such file: $BENCH_JAR" >&2; return 2; }
    realpath "$BENCH_JAR"
  else
    echo "$ROOT/command-side/target/command-side.jar"
  fi
}

# jars_built: builds the two sides' jars when either is missing
jars_built() {
  [[ -f "$ROOT/command-side/target/command-side.jar" && -f "$ROOT/query-side/target/query-side.jar" ]] \
    || (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests package)
}

# hash_cpu <base url>: "<computations> <CPU seconds>" so far, from the command side's metric accounts.password.hash.cpu
# (its metrics endpoint must be exposed: MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE=health,metrics)
hash_cpu() {
  curl -sf "$1/actuator/metrics/accounts.password.hash.cpu" | python3 -c '
import json, sys
m = {x["statistic"]: x["value"] for x in json.load(sys.stdin)["measurements"]}
print(int(m["COUNT"]), m["TOTAL_TIME"])'
}

# hash_cpu_line <before> <after>: the mean CPU time of a hash computation between two hash_cpu readings
hash_cpu_line() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); n = y[1] - x[1];
    printf "HASH_IN_SERVICE computations=%d cpu_ms_per_hash=%.2f\n", n, (n > 0 ? 1000 * (y[2] - x[2]) / n : 0) }'
}

# cpu_ticks <pid>|-: "<service ticks> <postgres ticks> <machine busy ticks> <machine total ticks>" so far: the CPU
# time (user + system, in clock ticks) of the process <pid> (- for none), of PostgreSQL, and of the whole machine.
# PostgreSQL's counts its live processes and, through the postmaster's reaped children, those that have ended.
cpu_ticks() {
  local service=- postgres
  [[ "$1" == - ]] || service=$(sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }')
  [[ -n "$service" ]] || { echo "cpu_ticks: no process $1" >&2; return 1; }
  postgres=$(cat /proc/[0-9]*/stat 2>/dev/null \
    | awk '/ \(postgres\) / { sub(/.*\) /, ""); sum += $12 + $13 + $14 + $15 } END { print sum + 0 }')
  echo "$service $postgres $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
}

# cpu_per_request_line <label> <requests> <before> <after>: the CPU time a request took, in the service and in
# PostgreSQL, between two cpu_ticks readings; these vary less than requests/s on a machine whose speed drifts
cpu_per_request_line() {
  awk -v label="$1" -v n="$2" -v a="$3" -v b="$4" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a, x, " "); split(b, y, " ");
    service = x[1] == "-" ? "" : sprintf(" service_ms=%.3f", (y[1] - x[1]) * 1000 / hz / n);
    printf "CPU_PER_%s%s postgres_ms=%.3f machine_busy=%.0f%%\n", label, service,
      (y[2] - x[2]) * 1000 / hz / n, 100 * (y[3] - x[3]) / (y[4] - x[4]) }'
}

# meter_count <base url> <meter> [tag:value]...: a counter's COUNT from the actuator's metrics endpoint
meter_count() {
  local url="$1/actuator/metrics/$2?" tag
  shift 2
  for tag in "$@"; do url+="tag=$tag&"; done
  curl -sf "$url" | python3 -c 'import json, sys; print(int(json.load(sys.stdin)["measurements"][0]["value"]))'
}
