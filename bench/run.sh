#!/usr/bin/env bash
# Jeton against Keycloak on this machine, in one run, through the same wrk harness
# (../shared/peers/bench.sh), then a side-by-side markdown table with ratios (SPEC section 6).
#
# Usage: bench/run.sh [jeton-base] [jeton-postgres-base] [jeton] [jeton-postgres] [keycloak] [keycloak-postgres]
#        (default: jeton keycloak)
#   jeton-base      the same as jeton, but from the checkout in JETON_BASE_ROOT (an earlier commit),
#                   so that a change is measured against what it replaces in the same run
#   jeton-postgres-base  the same as jeton-postgres, from JETON_BASE_ROOT
#   jeton           bin/jeton serve on the embedded H2 store in a fresh temp data dir
#   jeton-postgres  the same on a fresh database on the local PostgreSQL (127.0.0.1:5432, trust auth)
#   keycloak        ../shared/peers/keycloak (start-dev, H2 dev-file; installs into /tmp/peers)
#   keycloak-postgres  the same on a fresh database on the local PostgreSQL (as the peers' keycloak
#                   user; the database is dropped afterwards)
#   At most one keycloak target per run: the table compares every Jeton run to one Keycloak.
# Servers run one at a time on 127.0.0.1; every one gets the same settings:
#   DURATION=15s WARMUP=20s GLOBAL_WARMUP=60s THREADS=2 CONNECTIONS=16 PIN=0 MINT_DURATION=40s
#   SCENARIOS="cc introspect refresh revoke"
# Other knobs: PG_URL_BASE (jdbc:postgresql://127.0.0.1:5432), PG_USER (postgres), KEEP_DATA=1 keeps
# Jeton's temp data dirs. Needs root for apt-get when wrk or jq is missing.
# Output: the table on stdout and in /tmp/peers/results/jeton-vs-keycloak-<ts>.md; raw wrk output
# and JSONL of every server in /tmp/peers/results/<peer>-<ts>/.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
PEERS="${PEERS:-$(cd "$ROOT/../shared/peers" && pwd)}"
. "$PEERS/lib.sh"   # now_ms, port_pid, rss_mib, wait_first_token, PEERS_TMP

export DURATION="${DURATION:-15s}" WARMUP="${WARMUP:-20s}" GLOBAL_WARMUP="${GLOBAL_WARMUP:-60s}"
export THREADS="${THREADS:-2}" CONNECTIONS="${CONNECTIONS:-16}" PIN="${PIN:-0}" MINT_DURATION="${MINT_DURATION:-40s}"
read -r -a SCENARIO_LIST <<< "${SCENARIOS:-cc introspect refresh revoke}"
unset TOKEN_URL INTROSPECT_URL REVOKE_URL SCOPE SERVER_PID PEER_PORT LABEL
TARGETS=("$@"); [ ${#TARGETS[@]} -gt 0 ] || TARGETS=(jeton keycloak)
for t in "${TARGETS[@]}"; do
  case "$t" in jeton|jeton-base|jeton-postgres-base|jeton-postgres|keycloak|keycloak-postgres) ;;
    *) echo "unknown target $t (jeton-base, jeton-postgres-base, jeton, jeton-postgres, keycloak, keycloak-postgres)"; exit 2;; esac
done
if [[ " ${TARGETS[*]} " == *" keycloak "* && " ${TARGETS[*]} " == *" keycloak-postgres "* ]]; then
  echo "keycloak and keycloak-postgres in one run: the table compares to one Keycloak; run them apart"; exit 2
fi
if [[ " ${TARGETS[*]} " == *" jeton-base "* || " ${TARGETS[*]} " == *" jeton-postgres-base "* ]]; then
  [ -x "${JETON_BASE_ROOT:-}/bin/jeton" ] || { echo "jeton-base needs JETON_BASE_ROOT, a checkout with bin/jeton"; exit 2; }
fi
. "$BENCH/lib.sh"   # credentials, JAVA_HOME, log, ensure_tools, build_jeton, write_config, start_jeton, stop_jeton
ensure_tools wrk jq curl ss

TS="$(date +%Y%m%d-%H%M%S)"
OUT="$PEERS_TMP/results/jeton-vs-keycloak-$TS.md"

# bench_jeton h2|postgres: sets RESULT_DIR to the bench.sh result dir
bench_jeton() {
  local kind="$1" dir db="" first restart out
  dir="$(mktemp -d /tmp/jeton-bench.XXXXXX)"; JDATA_DIRS+=("$dir")
  if [ "$kind" = postgres ]; then
    local name; name="jeton_bench_$(date +%s)_$RANDOM"
    psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "create database $name" >&2
    PG_DBS+=("$name"); db="$PG_URL_BASE/$name"
  fi
  write_config "$dir/jeton.yaml" "$db"
  MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
  JPORT="$(free_port)"; jeton_urls "$JPORT"
  log "Jeton ($kind) first start on port $JPORT, data $dir"
  start_jeton "$dir"; first="$STARTUP_MS"
  stop_jeton
  log "Jeton ($kind) restart"
  start_jeton "$dir"; restart="$STARTUP_MS"
  log "Jeton ($kind) up: first start ${first} ms, restart ${restart} ms; pid $(port_pid "$JPORT")"
  { TOKEN_URL="$J_TOKEN_URL" INTROSPECT_URL="$J_INTROSPECT_URL" REVOKE_URL="$J_REVOKE_URL" \
      CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" USERNAME="$USERNAME" PASSWORD="$PASSWORD" \
      LABEL="jeton $kind" "$PEERS/bench.sh" custom "${SCENARIO_LIST[@]}" | tee "$dir/bench.out"; } >&2
  out="$(sed -n 's/^raw: //p' "$dir/bench.out")"
  stop_jeton
  [ -d "$out" ] || { echo "bench.sh gave no result dir for Jeton ($kind)" >&2; return 1; }
  echo "{\"first_start_ms\":$first,\"restart_ms\":$restart}" > "$out/startup.json"
  local commit; commit="$(git -C "$JROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ "$kind" = postgres ]; then echo "Jeton $commit (PostgreSQL)" > "$out/label.txt"; else echo "Jeton $commit (H2)" > "$out/label.txt"; fi
  RESULT_DIR="$out"
}

# --- Keycloak ------------------------------------------------------------------------------------
KC_STARTED=0
# bench_keycloak h2|postgres: sets RESULT_DIR to the bench.sh result dir
KC_PG_DBS=()
bench_keycloak() {
  local kind="$1" ms out tmp label
  if [ "$kind" = postgres ]; then
    export KC_DB=postgres KC_PG_DB; KC_PG_DB="kc_bench_$(date +%s)_$RANDOM"; KC_PG_DBS+=("$KC_PG_DB")
    # the peers' user and this fresh database (not pg-setup.sh: it may edit postgresql.conf)
    local u; u="$(. "$PEERS/keycloak/env.sh"; echo "$KC_PG_USER:$KC_PG_PASSWORD")"
    [ "$(psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "select 1 from pg_roles where rolname='${u%%:*}'")" = 1 ] ||
      psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "create user ${u%%:*} with password '${u#*:}'" >&2
    psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "create database $KC_PG_DB owner ${u%%:*}" >&2
    label="PostgreSQL $(psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc 'show server_version' | cut -d' ' -f1)"
  else
    export KC_DB=dev-file; label="H2 dev-file"
  fi
  KC_STARTED=1
  log "Keycloak ($label): start (installs into $PEERS_TMP on first use), setup, restart"
  "$PEERS/keycloak/start.sh" >&2
  "$PEERS/keycloak/setup.sh" >&2
  "$PEERS/keycloak/stop.sh" >&2
  tmp="$(mktemp /tmp/keycloak-bench.XXXXXX)"
  { "$PEERS/keycloak/start.sh" | tee "$tmp"; } >&2
  ms="$(sed -n 's/^startup_to_first_token_ms=//p' "$tmp")"
  { CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" USERNAME="$USERNAME" PASSWORD="$PASSWORD" \
      LABEL="dev mode, $label" "$PEERS/bench.sh" keycloak "${SCENARIO_LIST[@]}" | tee "$tmp"; } >&2
  out="$(sed -n 's/^raw: //p' "$tmp")"; rm -f "$tmp"
  "$PEERS/keycloak/stop.sh" >&2; KC_STARTED=0
  [ -d "$out" ] || { echo "bench.sh gave no result dir for Keycloak" >&2; return 1; }
  echo "{\"restart_ms\":${ms:-null}}" > "$out/startup.json"
  echo "Keycloak $(. "$PEERS/keycloak/env.sh"; echo "$KC_VERSION") ($label)" > "$out/label.txt"
  RESULT_DIR="$out"
}

cleanup() {
  stop_jeton
  [ "$KC_STARTED" = 1 ] && "$PEERS/keycloak/stop.sh" > /dev/null 2>&1
  for db in "${KC_PG_DBS[@]}"; do psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "drop database if exists $db" > /dev/null 2>&1 || true; done
  for db in "${PG_DBS[@]}"; do psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "drop database if exists $db" > /dev/null 2>&1 || true; done
  [ "${KEEP_DATA:-0}" = 1 ] || for d in "${JDATA_DIRS[@]}"; do rm -rf "$d"; done
  true
}
trap cleanup EXIT

log "settings: DURATION=$DURATION WARMUP=$WARMUP GLOBAL_WARMUP=$GLOBAL_WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS PIN=$PIN MINT_DURATION=$MINT_DURATION scenarios=${SCENARIO_LIST[*]} targets=${TARGETS[*]}"
JETON_DIRS=(); KC_DIR=""
for t in "${TARGETS[@]}"; do
  case "$t" in
    jeton-base) JROOT="$JETON_BASE_ROOT"; bench_jeton h2; JROOT="$ROOT"; JETON_DIRS+=("$RESULT_DIR") ;;
    jeton-postgres-base) JROOT="$JETON_BASE_ROOT"; bench_jeton postgres; JROOT="$ROOT"; JETON_DIRS+=("$RESULT_DIR") ;;
    jeton) bench_jeton h2; JETON_DIRS+=("$RESULT_DIR") ;;
    jeton-postgres) bench_jeton postgres; JETON_DIRS+=("$RESULT_DIR") ;;
    keycloak) bench_keycloak h2; KC_DIR="$RESULT_DIR" ;;
    keycloak-postgres) bench_keycloak postgres; KC_DIR="$RESULT_DIR" ;;
  esac
done

# (f) the table
{
  echo "### Jeton vs Keycloak, $(date -u +%Y-%m-%dT%H:%MZ), Jeton commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s; warm-up $WARMUP per scenario after a global warm-up of $GLOBAL_WARMUP per scenario; PIN=$PIN; one server at a time on $(nproc) shared cores"
  echo
  if [ -n "$KC_DIR" ] && [ ${#JETON_DIRS[@]} -gt 0 ]; then "$BENCH/table.sh" "$KC_DIR" "${JETON_DIRS[@]}"
  else for d in "${JETON_DIRS[@]}" $KC_DIR; do "$PEERS/summarize.sh" "$d"; done; fi
} > "$OUT"
echo; cat "$OUT"; echo; echo "table: $OUT"
