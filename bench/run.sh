#!/usr/bin/env bash
# Runs the whole delete benchmark on this machine: lintel on SQLite and on
# PostgreSQL, Seam's fake (from npm, bound to 127.0.0.1) and the in-memory
# ceiling, then the scaling series on SQLite. Extra arguments go to the
# suite (go run ./bench/cmd/suite -h lists them), e.g.
#
#   bench/run.sh -runs 5 -only table
#
# Environment: LINTEL_BENCH_DATABASE_URL (else LINTEL_TEST_DATABASE_URL)
# names the PostgreSQL server; unset skips PostgreSQL. BENCH_TIMEOUT caps the
# whole run in seconds (default 3600). Everything goes to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=bench/out
mkdir -p "$out/bin" "$out/fake"

echo "building lintel, ceiling, seedusers, suite"
go build -o "$out/bin/" ./cmd/lintel ./bench/cmd/ceiling ./bench/cmd/seedusers ./bench/cmd/suite

fake_version=1.86.0
if [ ! -f "$out/fake/node_modules/@seamapi/fake-seam-connect/package.json" ] ||
   ! grep -q "\"version\": \"$fake_version\"" "$out/fake/node_modules/@seamapi/fake-seam-connect/package.json"; then
  echo "installing @seamapi/fake-seam-connect@$fake_version into $out/fake"
  [ -f "$out/fake/package.json" ] || echo '{"private": true}' > "$out/fake/package.json"
  (cd "$out/fake" && npm install --no-audit --no-fund --silent "@seamapi/fake-seam-connect@$fake_version")
fi

# BENCH_PREPARE_ONLY=1: build and install, run nothing (bench/tombstone.sh).
[ -n "${BENCH_PREPARE_ONLY:-}" ] && exit 0

preload=${BENCH_PRELOAD:-bench/loopback.mjs}
pg=${LINTEL_BENCH_DATABASE_URL:-${LINTEL_TEST_DATABASE_URL:-}}

# SIGINT lets the suite stop the servers it started; KILL only if it hangs.
exec timeout -s INT -k 60 "${BENCH_TIMEOUT:-3600}" "$out/bin/suite" \
  -work "$out" -lintel "$out/bin/lintel" -ceiling "$out/bin/ceiling" -seedusers "$out/bin/seedusers" \
  -fake-dir "$out/fake" -preload "$preload" -pg "$pg" "$@"
