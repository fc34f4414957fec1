#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the benchmark with its durability
# settings left at their defaults (fsync, synchronous_commit and
# full_page_writes on) — unlike .ci/pg-start.sh, whose server trades them
# away for test speed. lintel on SQLite commits with synchronous=FULL, so
# this is the fair comparison. Prints the URL for LINTEL_BENCH_DATABASE_URL
# and the command that stops it.
#
#   eval "$(bench/pg-durable.sh)"   # sets LINTEL_BENCH_DATABASE_URL and PG_DURABLE_STOP
#   bench/run.sh -only table
#   $PG_DURABLE_STOP
set -euo pipefail
port="${PGPORT:-54349}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
root=$(mktemp -d /tmp/pgbench.XXXXXX)
chown postgres:postgres "$root"
runuser -u postgres -- "$bin/initdb" -D "$root/data" -A trust -U postgres -E UTF8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$root/data" -l "$root/pg.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c max_connections=200" start >/dev/null
"$bin/psql" -q "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable" -c "CREATE DATABASE bench" >&2
echo "export LINTEL_BENCH_DATABASE_URL='postgres://postgres@127.0.0.1:$port/bench?sslmode=disable'"
echo "export PG_DURABLE_STOP='runuser -u postgres -- $bin/pg_ctl -D $root/data -m fast stop && rm -rf $root'"
