#!/usr/bin/env bash
# Jeton against Keycloak on this machine, in one run, through the same wrk harness
# (../shared/peers/bench.sh), then a side-by-side markdown table with ratios (SPEC section 6).
#
# Usage: bench/run.sh [jeton-base] [jeton-postgres-base] [jeton] [jeton-postgres] [keycloak]
#                   (default: jeton keycloak)
#   jeton-base      the same as jeton, but from the checkout in JETON_BASE_ROOT (an earlier commit),
#                   so that a change is measured against what it replaces in the same run
#   jeton-postgres-base  the same as jeton-postgres, from JETON_BASE_ROOT
#   jeton           bin/jeton serve on the embedded H2 store in a fresh temp data dir
#   jeton-postgres  the same on a fresh database on the local PostgreSQL (127.0.0.1:5432, trust auth)
#   keycloak        ../shared/peers/keycloak (start-dev, H2 dev-file; installs into /tmp/peers)
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
  case "$t" in jeton|jeton-base|jeton-postgres|jeton-postgres-base|keycloak) ;;
    *) echo "unknown target $t (jeton-base, jeton-postgres-base, jeton, jeton-postgres, keycloak)"; exit 2;; esac
done
if [[ " ${TARGETS[*]} " == *" jeton-base "* || " ${TARGETS[*]} " == *" jeton-postgres-base "* ]]; then
  [ -x "${JETON_BASE_ROOT:-}/bin/jeton" ] || { echo "jeton-base and jeton-postgres-base need JETON_BASE_ROOT, a checkout with bin/jeton"; exit 2; }
fi
JROOT="$ROOT"   # the checkout whose bin/jeton start_jeton runs

CLIENT_ID=bench-client CLIENT_SECRET=bench-secret USERNAME=bench-user PASSWORD=bench-password
PG_URL_BASE="${PG_URL_BASE:-jdbc:postgresql://127.0.0.1:5432}"; PG_USER="${PG_USER:-postgres}"
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' \
    && { export JAVA_HOME="$j"; break; }
done
TS="$(date +%Y%m%d-%H%M%S)"
OUT="$PEERS_TMP/results/jeton-vs-keycloak-$TS.md"
log() { echo "== $(date +%H:%M:%S) $*" >&2; }

# (a) tools
need=(); for c in wrk jq curl ss; do command -v "$c" > /dev/null || need+=("$c"); done
if [ ${#need[@]} -gt 0 ]; then
  pkgs=(); for c in "${need[@]}"; do case "$c" in ss) pkgs+=(iproute2);; *) pkgs+=("$c");; esac; done
  log "installing ${pkgs[*]}"
  apt-get update -qq && apt-get install -y -qq "${pkgs[@]}" > /dev/null
fi

# (b) build Jeton if needed: bin/jeton builds cli/target/jeton.jar itself when it is missing or older
# than the sources. Called before every timed start, so a build never counts as startup time.
build_jeton() {
  "$JROOT/bin/jeton" --help > /dev/null || { echo "$JROOT/bin/jeton cannot run (build failed?)" >&2; return 1; }
}

free_port() {
  local p
  for p in $(seq 18090 18190); do [ -z "$(ss -Hltn "sport = :$p")" ] && { echo "$p"; return; }; done
  echo "no free port in 18090-18190" >&2; return 1
}

# --- Jeton ---------------------------------------------------------------------------------------
JPID=""; JPORT=""; JDATA_DIRS=(); PG_DBS=()
write_config() {  # $1 file, $2 db url ("" = embedded H2)
  {
    echo "host: 127.0.0.1"
    if [ -n "$2" ]; then printf 'db:\n  url: %s\n  user: %s\n' "$2" "$PG_USER"; fi
    cat <<YAML
realms:
  - name: bench
    accessTokenTtl: 3600
    clients:
      - id: $CLIENT_ID
        secret: $CLIENT_SECRET
        grants: [client_credentials, password, refresh_token]
    users:
      - username: $USERNAME
        password: $PASSWORD
YAML
  } > "$1"
}

jeton_urls() {  # sets J_* for port $1
  J_BASE="http://127.0.0.1:$1/realms/bench/oauth2"
  J_TOKEN_URL="$J_BASE/token"; J_INTROSPECT_URL="$J_BASE/introspect"; J_REVOKE_URL="$J_BASE/revoke"
}

# start_jeton DATA_DIR: launches on $JPORT; sets JPID and STARTUP_MS (process launch to the first
# client_credentials 200, polled every 0.1 s like the peers' start.sh)
start_jeton() {
  local dir="$1" t0
  [ -z "$(ss -Hltn "sport = :$JPORT")" ] || { echo "port $JPORT busy" >&2; return 1; }
  build_jeton
  t0="$(now_ms)"
  # setsid: own process group, so stop_jeton can signal the launcher and the JVM by this one id
  # env -u: Jeton refuses unknown JETON_* variables, and JETON_BASE_ROOT is this script's own
  env -u JETON_BASE_ROOT JETON_MASTER_KEY="$MASTER_KEY" setsid "$JROOT/bin/jeton" serve --config "$dir/jeton.yaml" --port "$JPORT" \
    --data-dir "$dir/data" >> "$dir/jeton.log" 2>&1 < /dev/null &
  JPID=$!
  if ! STARTUP_MS="$(TOKEN_URL="$J_TOKEN_URL" wait_first_token "$t0" 120)"; then
    echo "Jeton gave no client_credentials token within 120 s; log $dir/jeton.log:" >&2; tail -40 "$dir/jeton.log" >&2
    return 1
  fi
  JAVA_PID="$(port_pid "$JPORT")"
}

# Stops what start_jeton launched: its process group and the JVM listening on $JPORT (the same
# process unless setsid had to fork because the launcher already led a process group).
stop_jeton() {
  [ -n "$JPID" ] || return 0
  local p
  kill -TERM -- "-$JPID" 2>/dev/null || true
  [ -n "${JAVA_PID:-}" ] && { kill -TERM "$JAVA_PID" 2>/dev/null || true; }
  for p in "$JPID" ${JAVA_PID:-}; do
    for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && { log "Jeton pid $p still alive after 30 s, SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
  done
  wait "$JPID" 2>/dev/null || true
  JPID=""; JAVA_PID=""
}

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
# bench_keycloak: sets RESULT_DIR to the bench.sh result dir
bench_keycloak() {
  local ms out tmp
  export KC_DB=dev-file
  KC_STARTED=1
  log "Keycloak: start (installs into $PEERS_TMP on first use), setup, restart"
  "$PEERS/keycloak/start.sh" >&2
  "$PEERS/keycloak/setup.sh" >&2
  "$PEERS/keycloak/stop.sh" >&2
  tmp="$(mktemp /tmp/keycloak-bench.XXXXXX)"
  { "$PEERS/keycloak/start.sh" | tee "$tmp"; } >&2
  ms="$(sed -n 's/^startup_to_first_token_ms=//p' "$tmp")"
  { CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" USERNAME="$USERNAME" PASSWORD="$PASSWORD" \
      LABEL="dev mode, H2 dev-file" "$PEERS/bench.sh" keycloak "${SCENARIO_LIST[@]}" | tee "$tmp"; } >&2
  out="$(sed -n 's/^raw: //p' "$tmp")"; rm -f "$tmp"
  "$PEERS/keycloak/stop.sh" >&2; KC_STARTED=0
  [ -d "$out" ] || { echo "bench.sh gave no result dir for Keycloak" >&2; return 1; }
  echo "{\"restart_ms\":${ms:-null}}" > "$out/startup.json"
  echo "Keycloak $(. "$PEERS/keycloak/env.sh"; echo "$KC_VERSION") (H2 dev-file)" > "$out/label.txt"
  RESULT_DIR="$out"
}

cleanup() {
  stop_jeton
  [ "$KC_STARTED" = 1 ] && "$PEERS/keycloak/stop.sh" > /dev/null 2>&1
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
    jeton) bench_jeton h2; JETON_DIRS+=("$RESULT_DIR") ;;
    jeton-postgres) bench_jeton postgres; JETON_DIRS+=("$RESULT_DIR") ;;
    jeton-postgres-base) JROOT="$JETON_BASE_ROOT"; bench_jeton postgres; JROOT="$ROOT"; JETON_DIRS+=("$RESULT_DIR") ;;
    keycloak) bench_keycloak; KC_DIR="$RESULT_DIR" ;;
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
