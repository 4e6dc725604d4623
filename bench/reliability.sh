#!/usr/bin/env bash
# Every reliability scenario of docs/RELIABILITY.md, one after another: the fault scenarios, the bad-input
# suite and the 10-minute soak. Build first (./mvnw -DskipTests package); each part says what it checked.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/faults.sh
bench/bad-input.sh
bench/soak.sh
