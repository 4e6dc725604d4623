#!/usr/bin/env bash
# The fault scenarios of docs/RELIABILITY.md ("Faults"), each against the real processes (both sides from their
# jars) on PostgreSQL, one command:
#
#   bench/faults.sh [extra Maven arguments, e.g. -Dfaults.seeded-events=200000]
#
#   command-side-kill       kill -9 of the command side in the middle of a registration load, restarted
#   pool-exhaustion         the command side's connection pool held by blocked registrations, then those sessions
#                           ended by PostgreSQL
#   postgres-restart        PostgreSQL stopped (fast mode) under load for a few seconds and started again; a
#                           throwaway cluster of the test's own (initdb in a temporary directory, a free port),
#                           never the server on 5432, which is left alone
#   query-side-kill-live    kill -9 of the query side while it projects a registration load, restarted
#   query-side-kill-replay  kill -9 of the query side in the middle of a replay, restarted
#   disk-full               the disk under the command side's tables full (a tablespace on a 32 MB tmpfs of a
#                           throwaway cluster: mounting it needs root), then space freed
#
# The scenarios are the integration tests tagged "faults" (query-side/src/test/java/dev/accounts/query/faults/),
# run by Maven's profile "faults"; ./mvnw verify runs the first three too. Each prints and writes its
# counts (requests sent, acknowledged, errors by status, found in the event store and the users table, lost,
# duplicated) and PASS or FAIL; this script prints them all and exits non-zero when any scenario failed or did not
# report. Everything (Maven's output, each scenario's report, the processes' logs) is kept under
# bench/results/faults-<timestamp>/.
#
# Needs what ./mvnw verify needs (Java 17, PostgreSQL on 127.0.0.1:5432 as postgres, trust or
# ACCOUNTS_TEST_PG_PASSWORD) and PostgreSQL's server programs (initdb, pg_ctl under /usr/lib/postgresql/*/bin,
# or ACCOUNTS_TEST_PG_BIN) for the throwaway clusters; as root, they run as the postgres account. The disk-full
# scenario mounts a tmpfs, so it needs root (CI runs as root).
# Ports: free ones, chosen at run time. Databases: accounts_it_* on 5432, each dropped at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/results/faults-$(date +%Y%m%d-%H%M%S)"
REPORTS="$ROOT/query-side/target/faults"
SCENARIOS=(command-side-kill pool-exhaustion postgres-restart query-side-kill-live query-side-kill-replay disk-full)
mkdir -p "$OUT"
cd "$ROOT"

pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

rm -rf "$REPORTS"
touch "$OUT/.started"
echo "running the fault scenarios (a few minutes; Maven's output: $OUT/maven.log)..."
started=$SECONDS
maven=0
./mvnw -B -ntp -Pfaults -pl query-side -am verify "$@" > "$OUT/maven.log" 2>&1 || maven=$?
echo "done in $((SECONDS - started)) s"

# one line of a scenario's report: the value after "name: "
field() { sed -n "s/^$2: //p" "$1" | head -1; }
# a count, or "-" where the scenario has none (no query side, say)
count() { if [[ $1 =~ ^[0-9]+$ ]]; then echo "$1"; else echo -; fi; }

failed=0
echo
for scenario in "${SCENARIOS[@]}"; do
  report="$REPORTS/$scenario.txt"
  if [[ ! -f "$report" ]]; then
    echo "== $scenario: FAIL (no report: the scenario did not get as far as its counts; see $OUT/maven.log)"
    failed=1
    continue
  fi
  cp "$report" "$OUT/"
  echo "== $scenario: $(field "$report" result)"
  sed -e '/^scenario: /d' -e '/^result: /d' -e 's/^/   /' "$report"
  [[ "$(field "$report" result)" == PASS ]] || failed=1
done

# the consoles of the processes the scenarios ran (command-side-<port>.log, query-side-restarted-<port>.log, ...)
find query-side/target -maxdepth 1 -name '*.log' -newer "$OUT/.started" -exec cp {} "$OUT/" \;
echo
printf '%-24s %6s %6s %-34s %7s %7s %5s %5s  %s\n' scenario sent 201 "first-attempt errors" "in log" "in table" lost dup result
for scenario in "${SCENARIOS[@]}"; do
  report="$REPORTS/$scenario.txt"
  [[ -f "$report" ]] || { printf '%-24s %s\n' "$scenario" "no report: FAIL"; continue; }
  if [[ -n "$(field "$report" "requests sent")" ]]; then
    errors="$(field "$report" "errors at the first attempt")"
    printf '%-24s %6s %6s %-34s %7s %7s %5s %5s  %s\n' "$scenario" "$(field "$report" "requests sent")" \
      "$(field "$report" "acknowledged (201) at the first attempt")" "$errors" \
      "$(field "$report" "found in the event store")" "$(count "$(field "$report" "found in the users table")")" \
      "$(field "$report" "lost (acknowledged, missing from the log or the table)")" \
      "$(field "$report" "duplicated (an email in the log or the table twice)")" "$(field "$report" result)"
  else
    # the replay scenario sends no registrations of its own: its rows against an uninterrupted replay's
    printf '%-24s %6s %6s %-34s %7s %7s %5s %5s  %s\n' "$scenario" - - \
      "rows $(field "$report" "rows in the table after the killed replay"), differing $(field "$report" "rows that differ from it (either way)")" \
      - - - - "$(field "$report" result)"
  fi
done
echo

if [[ $maven -ne 0 || $failed -ne 0 ]]; then
  echo "FAIL: see the reports above and $OUT/maven.log" >&2
  exit 1
fi
echo "PASS: every fault scenario; reports and logs in $OUT"
