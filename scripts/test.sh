#!/usr/bin/env bash
# The one command that runs every test of wsis-hub.
#
# It installs what the tests need and is missing (PostgreSQL, Chromium),
# checks formatting and lints, and runs the whole test suite once on SQLite
# and a throwaway PostgreSQL server that it starts and stops itself.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
  echo "test.sh: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== tests (SQLite and PostgreSQL)"
if cargo nextest --version >/dev/null 2>&1; then
  # Doc tests first, so that the run closes on nextest's summary of all tests.
  scripts/with-postgres.sh cargo test --workspace --locked --doc
  scripts/with-postgres.sh cargo nextest run --workspace --locked --no-fail-fast
else
  scripts/with-postgres.sh cargo test --workspace --locked --no-fail-fast
fi
