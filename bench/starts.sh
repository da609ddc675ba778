#!/usr/bin/env bash
# Start to the first token, N times each way, as bench/run.sh measures it (bench/lib.sh start_jeton:
# launch of bin/jeton serve to the first client_credentials 200, polled every 0.1 s by the peers'
# wait_first_token): an empty data dir (first start: migrations, key generation, realm import) and a
# restart (the same data dir again). With several checkouts, their starts alternate (A B A B ...),
# so that a change is compared with what it replaces on the same machine at the same moment.
#
# Usage: PEERS=/work/shared/peers bench/starts.sh [CHECKOUT...]   (default: this checkout)
#   RUNS=5   starts of each kind per checkout
#   DB=h2    or postgres: a fresh database on the local PostgreSQL per empty start
# Each checkout's bin/jeton is run once before the timed starts, so that a build or the AOT cache's
# training start never counts. Prints every run and the medians.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
PEERS="${PEERS:-$(cd "$ROOT/../shared/peers" && pwd)}"
. "$PEERS/lib.sh"
. "$BENCH/lib.sh"
ensure_tools curl ss
RUNS="${RUNS:-5}" DB="${DB:-h2}"
CHECKOUTS=("${@:-$ROOT}")
declare -A EMPTY RESTART
DIRS=()
cleanup() {
  stop_jeton
  for d in ${DIRS[@]+"${DIRS[@]}"}; do rm -rf "$d"; done
  for n in ${PG_DBS[@]+"${PG_DBS[@]}"}; do psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "drop database if exists $n" >&2 || true; done
}
trap cleanup EXIT

for c in "${CHECKOUTS[@]}"; do JROOT="$c" build_jeton; done
JPORT="$(free_port)"; jeton_urls "$JPORT"
for i in $(seq 1 "$RUNS"); do
  for c in "${CHECKOUTS[@]}"; do
    JROOT="$c"
    dir="$(mktemp -d /tmp/jeton-starts.XXXXXX)"; DIRS+=("$dir")
    db=""
    if [ "$DB" = postgres ]; then
      name="jeton_starts_$(date +%s)_$RANDOM"
      psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "create database $name" >&2
      PG_DBS+=("$name"); db="$PG_URL_BASE/$name"
    fi
    write_config "$dir/jeton.yaml" "$db"
    MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
    start_jeton "$dir"; e="$STARTUP_MS"; stop_jeton
    start_jeton "$dir"; r="$STARTUP_MS"; stop_jeton
    EMPTY[$c]="${EMPTY[$c]:-} $e"; RESTART[$c]="${RESTART[$c]:-} $r"
    log "$c run $i: empty $e ms, restart $r ms"
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "$(machine_header); DB=$DB, $RUNS runs each, alternating; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| checkout | commit | empty data dir, ms (median) | runs | restart, ms (median) | runs |"
echo "|---|---|---:|---|---:|---|"
for c in "${CHECKOUTS[@]}"; do
  commit="$(git -C "$c" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "| $c | $commit | $(echo "${EMPTY[$c]}" | median) |${EMPTY[$c]} | $(echo "${RESTART[$c]}" | median) |${RESTART[$c]} |"
done
