#!/usr/bin/env bash
# Jeton against the peers on this machine, in one run, through the same wrk harness
# (../shared/peers/bench.sh, and bench/pop.sh for introspect-pop), then one markdown table with,
# per path, every server's numbers and the ratio of each Jeton run to the best peer (SPEC section 6).
#
# Usage: bench/run.sh [all] [jeton] [jeton-postgres] [jeton-base] [jeton-postgres-base]
#                     [keycloak] [keycloak-postgres] [spring-as] [oidc-provider]
#        (default: jeton keycloak)
#   all             jeton jeton-postgres keycloak keycloak-postgres spring-as oidc-provider, and
#                   SCENARIOS defaults to "cc introspect refresh revoke introspect-pop"
#   jeton           bin/jeton serve on the embedded H2 store in a fresh temp data dir
#   jeton-postgres  the same on a fresh database on the local PostgreSQL (127.0.0.1:5432, trust auth)
#   jeton-base      the same as jeton, but from the checkout in JETON_BASE_ROOT (an earlier commit),
#                   so that a change is measured against what it replaces in the same run
#   jeton-postgres-base  the same as jeton-postgres, from JETON_BASE_ROOT
#   keycloak        ../shared/peers/keycloak (start-dev, H2 dev-file; installs into /tmp/peers)
#   keycloak-postgres  the same on a fresh database on the local PostgreSQL (as the peers' keycloak
#                   user; the database is dropped afterwards)
#   spring-as       ../shared/peers/spring-as (in-memory store, restarted before every scenario as
#                   its env.sh says; built with mvn into /tmp/peers on first use)
#   oidc-provider   ../shared/peers/oidc-provider (in-memory Map, opaque tokens; npm install on first use)
# Servers run one at a time on 127.0.0.1, in the order given; every one gets the same settings:
#   DURATION=15s WARMUP=20s GLOBAL_WARMUP=60s THREADS=2 CONNECTIONS=16 PIN=0 MINT_DURATION=40s
#   SCENARIOS="cc introspect refresh revoke" (with all: "... introspect-pop"); also password.
# A scenario a server lacks (password and refresh on oidc-provider, password on Spring AS) is
# skipped there and shown as n/a.
#   introspect-pop  bench/pop.sh: mint POP_TOKENS (100000) client_credentials tokens with wrk (not
#                   measured), then introspect tokens drawn at random from all of them; valid only if
#                   every answer is "active":true. Spring AS gets POP_TOKENS_SPRING (20000): its
#                   in-memory store scans every authorization per lookup and keeps them in a 512 MiB
#                   heap. POP_MINT_MAX (900 s) bounds each mint. Runs after the other scenarios.
#                   10^6 tokens: POP_TOKENS=1000000 POP_MINT_MAX=3600 (Jeton H2 minted them in 7 min).
# Other knobs: PEERS (the peers' harness; default ../shared/peers beside this checkout, so set it from
# a git worktree elsewhere, e.g. PEERS=/work/shared/peers), PG_URL_BASE
# (jdbc:postgresql://127.0.0.1:5432), PG_USER (postgres), KEEP_DATA=1 keeps Jeton's temp data dirs.
# Needs root for apt-get when wrk or jq is missing.
# Output: the table (machine, JDK, commit, settings in its header) on stdout and in
# /tmp/peers/results/jeton-vs-peers-<ts>.md; raw wrk output and JSONL of every server in
# /tmp/peers/results/<peer>-<ts>/. At the defaults, all takes about 55 minutes (docs/benchmarks.md).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
PEERS="${PEERS:-$(cd "$ROOT/../shared/peers" && pwd)}"
. "$PEERS/lib.sh"   # now_ms, port_pid, rss_mib, wait_first_token, PEERS_TMP

export DURATION="${DURATION:-15s}" WARMUP="${WARMUP:-20s}" GLOBAL_WARMUP="${GLOBAL_WARMUP:-60s}"
export THREADS="${THREADS:-2}" CONNECTIONS="${CONNECTIONS:-16}" PIN="${PIN:-0}" MINT_DURATION="${MINT_DURATION:-40s}"
export POP_TOKENS="${POP_TOKENS:-100000}" POP_MINT_MAX="${POP_MINT_MAX:-900}"
POP_TOKENS_SPRING="${POP_TOKENS_SPRING:-20000}"
unset TOKEN_URL INTROSPECT_URL REVOKE_URL SCOPE SERVER_PID PEER_PORT LABEL
TARGETS=()
for t in "${@:-jeton keycloak}"; do
  for u in $t; do
    case "$u" in
      all) TARGETS+=(jeton jeton-postgres keycloak keycloak-postgres spring-as oidc-provider); ALL=1 ;;
      jeton|jeton-base|jeton-postgres-base|jeton-postgres|keycloak|keycloak-postgres|spring-as|oidc-provider) TARGETS+=("$u") ;;
      *) echo "unknown target $u (all, jeton, jeton-postgres, jeton-base, jeton-postgres-base, keycloak, keycloak-postgres, spring-as, oidc-provider)"; exit 2;; esac
  done
done
if [ "${ALL:-0}" = 1 ]; then read -r -a SCENARIO_LIST <<< "${SCENARIOS:-cc introspect refresh revoke introspect-pop}"
else read -r -a SCENARIO_LIST <<< "${SCENARIOS:-cc introspect refresh revoke}"; fi
for sc in "${SCENARIO_LIST[@]}"; do
  case "$sc" in cc|introspect|password|refresh|revoke|introspect-pop) ;;
    *) echo "unknown scenario $sc (cc introspect password refresh revoke introspect-pop)"; exit 2;; esac
done
# each target once, in the order first given
declare -A SEEN; UNIQ=()
for t in "${TARGETS[@]}"; do [ -n "${SEEN[$t]:-}" ] || { SEEN[$t]=1; UNIQ+=("$t"); }; done; TARGETS=("${UNIQ[@]}")
if [[ " ${TARGETS[*]} " == *" jeton-base "* || " ${TARGETS[*]} " == *" jeton-postgres-base "* ]]; then
  [ -x "${JETON_BASE_ROOT:-}/bin/jeton" ] || { echo "jeton-base needs JETON_BASE_ROOT, a checkout with bin/jeton"; exit 2; }
fi
. "$BENCH/lib.sh"   # credentials, JAVA_HOME, log, ensure_tools, build_jeton, write_config, start_jeton, stop_jeton
ensure_tools wrk jq curl ss

TS="$(date +%Y%m%d-%H%M%S)"
OUT="$PEERS_TMP/results/jeton-vs-peers-$TS.md"

# scenarios SUPPORTED...: sets STD (bench.sh's share of SCENARIO_LIST), POP (1 if introspect-pop is
# asked for) and NA (what was asked for but the server lacks), for the server about to run
scenarios() {
  local sc; STD=(); POP=0; NA=()
  for sc in "${SCENARIO_LIST[@]}"; do
    if [[ " $* " != *" $sc "* ]]; then NA+=("$sc")
    elif [ "$sc" = introspect-pop ]; then POP=1
    else STD+=("$sc"); fi
  done
}

# measure_server PEER LABEL ROLE [VAR=VALUE...]: bench.sh (STD) then pop.sh (POP) against the server
# that is running, with PEER's env.sh (or custom: the variables given); sets RESULT_DIR
measure_server() {
  local peer="$1" label="$2" role="$3" tmp out=""; shift 3
  tmp="$(mktemp /tmp/bench-run.XXXXXX)"
  if [ ${#STD[@]} -gt 0 ]; then
    { env "$@" LABEL="$label" "$PEERS/bench.sh" "$peer" "${STD[@]}" | tee "$tmp"; } >&2 || true
    out="$(sed -n 's/^raw: //p' "$tmp")"
    [ -d "$out" ] || { rm -f "$tmp"; echo "bench.sh gave no result dir for $label" >&2; return 1; }
  fi
  if [ "$POP" = 1 ]; then
    local pop="$POP_TOKENS"; [ "$peer" = spring-as ] && pop="$POP_TOKENS_SPRING"
    # a failed mint or check is a missing row in the table, not the end of the whole run
    { env "$@" LABEL="$label" POP_TOKENS="$pop" PEERS="$PEERS" "$BENCH/pop.sh" "$peer" $out | tee "$tmp"; } >&2 ||
      log "introspect-pop failed for $label"
    [ -n "$out" ] || out="$(sed -n 's/^raw: //p' "$tmp")"
  fi
  rm -f "$tmp"
  [ -d "$out" ] || { echo "no result dir for $label" >&2; return 1; }
  echo "$role" > "$out/role.txt"
  printf '%s\n' "${NA[@]}" > "$out/unsupported.txt"
  RESULT_DIR="$out"
}

# bench_jeton h2|postgres: sets RESULT_DIR
bench_jeton() {
  local kind="$1" dir db="" first restart
  scenarios cc introspect password refresh revoke introspect-pop
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
  start_jeton "$dir" || return 1; first="$STARTUP_MS"
  stop_jeton
  log "Jeton ($kind) restart"
  start_jeton "$dir" || return 1; restart="$STARTUP_MS"
  log "Jeton ($kind) up: first start ${first} ms, restart ${restart} ms; pid $(port_pid "$JPORT")"
  local commit label; commit="$(git -C "$JROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ "$kind" = postgres ]; then label="Jeton $commit (PostgreSQL)"; else label="Jeton $commit (H2)"; fi
  measure_server custom "jeton $kind" jeton TOKEN_URL="$J_TOKEN_URL" INTROSPECT_URL="$J_INTROSPECT_URL" \
    REVOKE_URL="$J_REVOKE_URL" CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" USERNAME="$USERNAME" PASSWORD="$PASSWORD" ||
    return 1
  stop_jeton
  echo "{\"first_start_ms\":$first,\"restart_ms\":$restart}" > "$RESULT_DIR/startup.json"
  echo "$label" > "$RESULT_DIR/label.txt"
}

# --- Keycloak ------------------------------------------------------------------------------------
KC_STARTED=0
# bench_keycloak h2|postgres: sets RESULT_DIR
KC_PG_DBS=()
bench_keycloak() {
  local kind="$1" ms tmp label
  scenarios cc introspect password refresh revoke introspect-pop
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
  "$PEERS/keycloak/start.sh" >&2 || return 1
  "$PEERS/keycloak/setup.sh" >&2 || return 1
  "$PEERS/keycloak/stop.sh" >&2
  tmp="$(mktemp /tmp/keycloak-bench.XXXXXX)"
  { "$PEERS/keycloak/start.sh" | tee "$tmp"; } >&2 || { rm -f "$tmp"; return 1; }
  ms="$(sed -n 's/^startup_to_first_token_ms=//p' "$tmp")"; rm -f "$tmp"
  measure_server keycloak "dev mode, $label" peer CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" \
    USERNAME="$USERNAME" PASSWORD="$PASSWORD" || return 1
  "$PEERS/keycloak/stop.sh" >&2; KC_STARTED=0
  echo "{\"restart_ms\":${ms:-null}}" > "$RESULT_DIR/startup.json"
  echo "Keycloak $(. "$PEERS/keycloak/env.sh"; echo "$KC_VERSION") ($label)" > "$RESULT_DIR/label.txt"
}

# --- Spring AS and oidc-provider (in-memory stores; their own start.sh, stop.sh and env.sh) -------
STARTED_PEER=""
# bench_peer spring-as|oidc-provider: sets RESULT_DIR
bench_peer() {
  local peer="$1" tmp ms label
  case "$peer" in
    spring-as) scenarios cc introspect refresh revoke introspect-pop
      label="Spring AS $(. "$PEERS/spring-as/env.sh"; sed 's/^Spring AS \([0-9.]*\).*/\1/' <<< "$LABEL") (memory)" ;;
    oidc-provider) scenarios cc introspect revoke introspect-pop
      label="oidc-provider $(. "$PEERS/oidc-provider/env.sh"; sed 's/^oidc-provider \([0-9.]*\).*/\1/' <<< "$LABEL") (memory, opaque)" ;;
  esac
  STARTED_PEER="$peer"
  log "$label: start (builds or installs into $PEERS_TMP on first use)"
  tmp="$(mktemp /tmp/peer-bench.XXXXXX)"
  { "$PEERS/$peer/start.sh" | tee "$tmp"; } >&2 || { rm -f "$tmp"; return 1; }
  ms="$(sed -n 's/^startup_to_first_token_ms=//p' "$tmp")"; rm -f "$tmp"
  # the credentials bench/lib.sh names are the ones every peer's env.sh defaults to
  measure_server "$peer" "$label" peer CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" USERNAME="$USERNAME" PASSWORD="$PASSWORD" ||
    return 1
  "$PEERS/$peer/stop.sh" >&2; STARTED_PEER=""
  echo "{\"start_ms\":${ms:-null}}" > "$RESULT_DIR/startup.json"
  echo "$label" > "$RESULT_DIR/label.txt"
}

cleanup() {
  stop_jeton
  [ "$KC_STARTED" = 1 ] && "$PEERS/keycloak/stop.sh" > /dev/null 2>&1
  [ -n "$STARTED_PEER" ] && "$PEERS/$STARTED_PEER/stop.sh" > /dev/null 2>&1
  for db in "${KC_PG_DBS[@]}"; do psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "drop database if exists $db" > /dev/null 2>&1 || true; done
  for db in "${PG_DBS[@]}"; do psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qAtc "drop database if exists $db" > /dev/null 2>&1 || true; done
  [ "${KEEP_DATA:-0}" = 1 ] || for d in "${JDATA_DIRS[@]}"; do rm -rf "$d"; done
  true
}
trap cleanup EXIT

T0="$(date +%s)"
log "settings: DURATION=$DURATION WARMUP=$WARMUP GLOBAL_WARMUP=$GLOBAL_WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS PIN=$PIN MINT_DURATION=$MINT_DURATION POP_TOKENS=$POP_TOKENS POP_TOKENS_SPRING=$POP_TOKENS_SPRING scenarios=${SCENARIO_LIST[*]} targets=${TARGETS[*]}"
DIRS=()
for t in "${TARGETS[@]}"; do
  RESULT_DIR=""
  # one server failing (an install that cannot work here, a port taken) leaves the others' rows;
  # inside a function called from an || list set -e is off, hence the explicit returns above
  case "$t" in
    jeton-base) JROOT="$JETON_BASE_ROOT"; bench_jeton h2 || true; JROOT="$ROOT" ;;
    jeton-postgres-base) JROOT="$JETON_BASE_ROOT"; bench_jeton postgres || true; JROOT="$ROOT" ;;
    jeton) bench_jeton h2 || true ;;
    jeton-postgres) bench_jeton postgres || true ;;
    keycloak) bench_keycloak h2 || true ;;
    keycloak-postgres) bench_keycloak postgres || true ;;
    spring-as|oidc-provider) bench_peer "$t" || true ;;
  esac
  stop_jeton
  if [ "$KC_STARTED" = 1 ]; then "$PEERS/keycloak/stop.sh" >&2 || true; KC_STARTED=0; fi
  if [ -n "$STARTED_PEER" ]; then "$PEERS/$STARTED_PEER/stop.sh" >&2 || true; STARTED_PEER=""; fi
  if [ -n "$RESULT_DIR" ]; then DIRS+=("$RESULT_DIR"); else log "target $t gave no result (see above)"; fi
done

# (f) the table
{
  echo "### Jeton vs peers, $(date -u +%Y-%m-%dT%H:%MZ), Jeton commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  machine_header
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s; warm-up $WARMUP per scenario after a global warm-up of $GLOBAL_WARMUP per scenario (none for Spring AS, restarted before every scenario); revoke pools minted for $MINT_DURATION; PIN=$PIN; one server at a time on $(nproc) shared cores; run took $(( ($(date +%s) - T0 + 30) / 60 )) min"
  if [[ " ${SCENARIO_LIST[*]} " == *" introspect-pop "* ]]; then
    echo
    echo "introspect-pop: $POP_TOKENS client_credentials tokens minted with wrk (Spring AS: $POP_TOKENS_SPRING, its store scans every authorization per lookup), then introspection of tokens drawn uniformly at random from all of them, valid only if every answer is \`\"active\":true\`; every server's tokens live 3600 s (Jeton's bench realm accessTokenTtl, Keycloak's realm accessTokenLifespan, Spring AS's bench.access-token-ttl, oidc-provider's ttl.ClientCredentials); the population each server had is in the notes."
  fi
  echo
  [ ${#DIRS[@]} -eq 0 ] || "$BENCH/table.sh" "${DIRS[@]}"
} > "$OUT"
echo; cat "$OUT"; echo; echo "table: $OUT"
