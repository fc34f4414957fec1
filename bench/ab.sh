#!/usr/bin/env bash
# ab.sh — two lintel binaries, or one binary with two sets of flags, measured
# against each other with loadgen: both servers are started once, each on a
# database of its own, and the runs alternate (A B, B A, …) so that a drift of
# the machine weighs on both. Prints, per phase, the median calls/s of each,
# the median of the per-round ratios B/A (with their range), the median p99
# of each, and the server's CPU per delete.
#
#   bench/ab.sh [-r ROUNDS] [-l "loadgen flags"] A B [-- serve flags for both]
#
# A and B are each a binary, optionally followed by serve flags after a colon:
#   bench/ab.sh -l "-n 1500 -c 1 -k 0 -g 0 -reads 800 -setup-c 1" \
#       bench/out/bin/lintel:--adaptive-cores=false bench/out/bin/lintel -- --durability=process
#
# Loopback only; every process it starts is stopped by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=8
lg="-n 1500 -c 1 -k 0 -g 0 -reads 800 -setup-c 1"
while getopts "r:l:" o; do
	case $o in
	r) rounds=$OPTARG ;;
	l) lg=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { sed -n 2,14p "$0"; exit 2; }
specs=("$1" "$2")
shift 2
[ "${1:-}" = "--" ] && shift
common=("$@")

bin=bench/out/bin
mkdir -p "$bin"
go build -o "$bin/" ./bench/cmd/seedusers ./bench/cmd/loadgen
work=$(mktemp -d bench/out/ab.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ports=()
for i in 0 1; do
	spec=${specs[$i]}
	exe=${spec%%:*}
	flags=()
	[ "$spec" != "$exe" ] && read -r -a flags <<<"${spec#*:}"
	"$bin/seedusers" -database "$work/$i.db" -create -n 2000 >/dev/null
	"$exe" serve --database "$work/$i.db" --addr 127.0.0.1:0 --log-level warn "${common[@]}" "${flags[@]}" >"$work/serve$i.out" 2>"$work/serve$i.log" &
	pids+=($!)
	for _ in $(seq 1 100); do
		grep -q 'listening on' "$work/serve$i.out" 2>/dev/null && break
		sleep 0.1
	done
	ports+=("$(sed -n 's/.*listening on http:\/\/\(127.0.0.1:[0-9]*\).*/\1/p' "$work/serve$i.out")")
	[ -n "${ports[$i]}" ] || { echo "server $i did not start; see $work/serve$i.log" >&2; exit 1; }
done

for r in $(seq 1 "$rounds"); do
	order="0 1"
	((r % 2)) || order="1 0"
	for i in $order; do
		# shellcheck disable=SC2086
		"$bin/loadgen" -url "http://${ports[$i]}" -pid "${pids[$i]}" -json $lg >"$work/out$i.$r.json"
	done
done

python3 - "$work" "$rounds" "${specs[0]}" "${specs[1]}" <<'PY'
import json, statistics as st, sys
work, rounds = sys.argv[1], int(sys.argv[2])
print(f"A = {sys.argv[3]}\nB = {sys.argv[4]}\n{rounds} alternated rounds; {work}")
def phases(i, r):
    return {p["name"]: p for p in json.load(open(f"{work}/out{i}.{r}.json"))["phases"]}
for name in [n for n in phases(0, 1) if n != "create"]:
    a = [phases(0, r)[name]["per_second"] for r in range(1, rounds + 1)]
    b = [phases(1, r)[name]["per_second"] for r in range(1, rounds + 1)]
    q = [y / x for x, y in zip(a, b)]
    p99 = [st.median(phases(i, r)[name]["p99_ms"] for r in range(1, rounds + 1)) for i in (0, 1)]
    line = f"{name:10s} A {st.median(a):7.0f}/s  B {st.median(b):7.0f}/s  B/A {st.median(q):.2f} ({min(q):.2f}–{max(q):.2f})"
    line += f"  p99 A {p99[0]:.2f} ms, B {p99[1]:.2f} ms"
    if name == "delete":
        cpu = [st.median(phases(i, r)[name].get("server_cpu_us_per_call", 0) for r in range(1, rounds + 1)) for i in (0, 1)]
        line += f"  server CPU per delete A {cpu[0]:.0f} µs, B {cpu[1]:.0f} µs"
    print(line)
PY
