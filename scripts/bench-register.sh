#!/usr/bin/env bash
# Register benchmark: imports COUNT generated initiatives (100,000 by
# default) and measures search latency, on SQLite and on a throwaway
# PostgreSQL, each beside a baseline run in the same command.
# Usage: scripts/bench-register.sh [COUNT] [--passes N]. With --passes, the
# searches run N times and each query's fastest time is reported as well.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/with-postgres.sh cargo bench -p wsis-store --bench register -- "${1:-100000}" "${@:2}"
