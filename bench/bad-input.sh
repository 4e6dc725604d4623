#!/usr/bin/env bash
# The bad-input suite (docs/RELIABILITY.md, "Bad input"): PostgresBadInputIT sends every request of the corpus
# (query-side/src/test/resources/bad-input/corpus.json) to the real command side and query side on a fresh PostgreSQL
# database, and the property tests (jqwik) check the email and username rules; then the counts are printed.
#
#   bench/bad-input.sh
#
# Needs what ./mvnw verify needs for it: Java 17 and PostgreSQL on 127.0.0.1:5432 (ACCOUNTS_TEST_PG_* to change).
# The Maven output goes to bench/results/bad-input-<time>/maven.log; exit status 1 when a case or a property failed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/results/bad-input-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
cd "$ROOT"

status=0
./mvnw -B -ntp -pl query-side -am verify -Dit.test=PostgresBadInputIT \
  -Dtest='EmailAddressPropertiesTest,UsernamePropertiesTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false > "$OUT/maven.log" 2>&1 || status=1

summary=query-side/target/bad-input/summary.txt
if [[ ! -f "$summary" ]] || [[ "$summary" -ot "$OUT" ]]; then
  echo "bad-input: the corpus did not run; see $OUT/maven.log" >&2
  exit 1
fi
cp "$summary" "$OUT/summary.txt"
cat "$summary"

# the property tests: jqwik tries each property on up to 1,000 generated inputs (its default)
python3 - "$ROOT/command-side/target/surefire-reports" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
properties = failed = 0
for name in ("EmailAddressPropertiesTest", "UsernamePropertiesTest"):
    for report in glob.glob(f"{sys.argv[1]}/TEST-*.{name}.xml"):
        suite = ET.parse(report).getroot()
        properties += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
print(f"properties: {properties} of the email and username rules, up to 1,000 generated inputs each, {failed} failed")
PY
[[ $status -eq 0 ]] || echo "bad-input: FAILED; see $OUT/maven.log" >&2
exit $status
