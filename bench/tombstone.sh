#!/usr/bin/env bash
# The tombstone-only experiment (bench/README.md, "What the targets would
# take"): builds lintel as committed (HEAD) with bench/tombstone-only.patch
# applied — its delete stops right after the claim, so it authenticates,
# decodes, finds the user and writes the tombstone in a durable commit, and
# does none of the rest — and measures it against lintel as committed, the
# fake and the ceiling at C=16 (C), full work (WORK: full or equal),
# each server warmed with WARM (default 200) users created and deleted,
# alternating the two builds, RUNS times (default 2) each. With
# LINTEL_BENCH_DATABASE_URL set, PostgreSQL too; TARGETS replaces the list
# of servers (the suite's -targets).
#
#   bench/tombstone.sh
#   C=1 WORK=equal RUNS=3 bench/tombstone.sh
#   eval "$(bench/pg-durable.sh)"; bench/tombstone.sh; $PG_DURABLE_STOP
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=bench/out

BENCH_PREPARE_ONLY=1 bench/run.sh

tmp=$(mktemp -d /tmp/lintel-tombstone.XXXXXX)
cleanup() { git worktree remove --force "$tmp/src" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
git worktree add --detach "$tmp/src" HEAD >/dev/null
git -C "$tmp/src" apply "$root/bench/tombstone-only.patch"
(cd "$tmp/src" && go build -o "$root/$out/bin/lintel-tombstone" ./cmd/lintel)
echo "built $out/bin/lintel-tombstone (HEAD $(git rev-parse --short HEAD) + bench/tombstone-only.patch)"

pg=${LINTEL_BENCH_DATABASE_URL:-}
targets=lintel-sqlite,fake,ceiling
[ -n "$pg" ] && targets=lintel-sqlite,lintel-postgres,fake,ceiling
targets=${TARGETS:-$targets}
preload=${BENCH_PRELOAD:-bench/loopback.mjs}
for r in $(seq 1 "${RUNS:-2}"); do
  for build in lintel-tombstone lintel; do
    work="$out/tombstone/$build-$r"
    mkdir -p "$work"
    timeout -s INT -k 60 "${BENCH_TIMEOUT:-1800}" "$out/bin/suite" -only table -c "${C:-16}" -runs 1 -deletes "${WORK:-full}" -reads 0 -warm "${WARM:-200}" \
      -targets "$targets" -work "$work" -lintel "$out/bin/$build" -ceiling "$out/bin/ceiling" \
      -seedusers "$out/bin/seedusers" -fake-dir "$out/fake" -preload "$preload" -pg "$pg" >"$work/suite.txt" 2>&1 ||
      { cat "$work/suite.txt"; exit 1; }
    echo "== $build, round $r"
    grep -E "^${C:-16} +" "$work/suite.txt"
  done
done
