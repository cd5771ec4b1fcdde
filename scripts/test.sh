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
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if ((${#need[@]})); then
  echo "test.sh: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The browser tests' npm packages, exactly as locked, when missing or older
# than the lock file (npm ci downloads no browser: they drive Debian's).
if [[ ! -f browser/node_modules/.package-lock.json ||
      browser/package-lock.json -nt browser/node_modules/.package-lock.json ]]; then
  echo "== npm ci (browser tests)"
  npm ci --prefix browser --no-audit --no-fund
fi

# Each runner's output is kept, to close the run on one summary of all.
logs=$(mktemp -d /tmp/wsis-hub-test.XXXXXX)
trap 'rm -rf "$logs"' EXIT

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== tests (SQLite and PostgreSQL)"
if cargo nextest --version >/dev/null 2>&1; then
  # Doc tests first; nextest runs every other test.
  scripts/with-postgres.sh cargo test --workspace --locked --doc 2>&1 | tee "$logs/doc"
  scripts/with-postgres.sh cargo nextest run --workspace --locked --no-fail-fast 2>&1 | tee "$logs/rust"
  rust=$(grep -E 'tests? run:' "$logs/rust" | tail -n 1 | sed -E 's/^ *Summary *\[[^]]*\] *//' || true)
  rust+=$(awk '/^test result:/ { p += $4 } END { printf "; doc tests: %d passed", p }' "$logs/doc")
else
  scripts/with-postgres.sh cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$logs/rust"
  rust=$(awk '/^test result:/ { p += $4; f += $6; s += $8 } END { printf "%d passed, %d failed, %d ignored", p, f, s }' "$logs/rust")
fi

echo "== browser tests (Debian's Chromium, axe WCAG 2.1 A/AA)"
cargo build -p wsis-hub --locked
WSIS_HUB_BIN="$(realpath "${CARGO_TARGET_DIR:-target}/debug/wsis-hub")" \
  npm test --prefix browser 2>&1 | tee "$logs/browser"
browser=$(awk '/^# (pass|fail|skipped) / { n[$2] = $3 } END { printf "%d passed, %d failed, %d skipped", n["pass"], n["fail"], n["skipped"] }' "$logs/browser")

# N in "N WORD" of a summary line, 0 when absent.
count() { grep -oE "[0-9]+ $1" <<<"$2" | awk '{ n += $1 } END { print n + 0 }'; }
echo "== summary"
echo "Rust tests (SQLite and PostgreSQL): $rust"
echo "browser tests: $browser"
echo "total: $(( $(count passed "$rust") + $(count passed "$browser") )) passed," \
  "$(( $(count failed "$rust") + $(count failed "$browser") )) failed," \
  "$(( $(count skipped "$rust") + $(count ignored "$rust") + $(count skipped "$browser") )) skipped"
