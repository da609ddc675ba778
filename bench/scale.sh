#!/usr/bin/env bash
# Does Jeton's cost grow with what it stores, or with its load? SPEC 10 "Scale" (issue 8 point 7):
# refresh p99 with 10^3, 10^5 and 10^6 sessions stored, and start-up and request latency with 1 and
# 10^4 realms, on PostgreSQL; and the cost-growth study of issue 11 point 3: throughput and p99
# against concurrency (1 to 256 connections) and live access tokens (10^3 to 10^6), on H2 (STORES).
# Through the same wrk harness as bench/run.sh (../shared/peers/bench.sh, and bench/pop.sh).
#
# Usage: bench/scale.sh [sessions] [realms] [concurrency] [tokens]    (default: all four)
#   sessions  per N in SESSIONS: a fresh database with the bench realm (bench/lib.sh's write_config)
#             and N filler sessions in it, each with its live refresh token and one in four with a
#             used predecessor (one INSERT ... SELECT FROM generate_series per table: SHA-256 hashes
#             as Jeton stores them, 3,000 users, created over the last 25 days, none expired), then
#             VACUUM ANALYZE; then bench.sh's refresh scenario (per-connection rotation of tokens
#             from password grants) on that database.
#   realms    per R in REALMS: a fresh database with the bench realm and R-1 filler realms, each
#             with one client, imported with `bin/jeton import` and each given its signing key by
#             Jeton itself (one client_credentials token per realm); then two timed starts of
#             `bin/jeton serve` (launch to the first token, as bench/run.sh) and bench.sh's cc and
#             introspect scenarios on the bench realm.
#   concurrency per store of STORES: one server on a fresh store (H2: a fresh data dir), then
#             CONCURRENCY_ROUNDS rounds of bench.sh's cc, introspect and refresh scenarios at each C
#             of CONCURRENCY wrk connections (threads min(THREADS, C)), C ascending in odd rounds and
#             descending in even ones, each after a warm-up of POINT_WARMUP; the first point also
#             gets GLOBAL_WARMUP. Refresh seeds 2 (C + threads) tokens per point by password grants
#             (Argon2), 4 at a time: 91 s at 256 connections on a busy machine.
#   tokens    per store of STORES: one server on a fresh store; for each N of TOKENS, ascending,
#             bench/pop.sh tops the population of live client_credentials tokens up to N (POP_POOL,
#             in the data dir, about 0.65 KB a token: the pool grows, so 10^3 .. 10^6 costs one
#             mint of 10^6, CONNECTIONS connections), then TOKEN_RUNS measured runs (each after
#             POINT_WARMUP; the first N after GLOBAL_WARMUP) introspect tokens drawn at random from
#             all N; valid only if every answer is active. The server's RSS is recorded before the
#             mint, after it, and at most under load: VerifiedTokens (core/token) remembers every
#             token it signed, 24 bytes each in a table that doubles as it fills.
#             One pass only (the population cannot shrink), so drift shows only across TOKEN_RUNS.
# Every size of sessions and realms is prepared first; then ROUNDS rounds measure every size once
# each, in ascending order in odd rounds and descending in even ones (10^3, 10^5, 10^6, 10^6, 10^5,
# 10^3), each on a freshly started server, so drift of the machine shows as a difference between
# rounds.
# Settings (environment): SESSIONS="1000 100000 1000000" REALMS="1 10000" ROUNDS=2
#   CONCURRENCY="1 4 16 64 256" TOKENS="1000 10000 100000 1000000" STORES=h2 ("h2 postgres": both,
#   one after the other; concurrency and tokens only) CONCURRENCY_ROUNDS=1 POINT_WARMUP=5s
#   TOKEN_RUNS=1 POP_MINT_MAX=3600 (pop.sh's: a mint still short then is used as far as it got)
#   DURATION=15s WARMUP=10s GLOBAL_WARMUP=30s THREADS=2 CONNECTIONS=16 PIN=0 (as in bench.sh)
#   PURGE_SECONDS=60 (purge.intervalSeconds of the server, Jeton's default) CHARTS=1 (bench/charts.sh)
#   PG_URL_BASE (jdbc:postgresql://127.0.0.1:5432), PG_USER (postgres), KEEP_DATA=1 keeps the databases
#   and data dirs. QUIET_LOCK=/tmp/quiet.lock: made while measuring (if it was not there already, and
#   then removed again) so that other jobs on the machine wait; QUIET_LOCK= for none (a test run).
#   Needs root for apt-get when wrk, jq, psql or (for the charts) gnuplot is missing.
# How long: concurrency and tokens at the defaults 10 minutes on a quiet machine (concurrency 7.5, each
#   more CONCURRENCY_ROUNDS about 6; tokens 2.5, the 10^6 mint 41 s of them; docs/benchmarks.md "Scale
#   (issue 11 point 3)"); sessions and realms about 30.
#   A test run: QUIET_LOCK= CONCURRENCY="1 16" TOKENS="1000 10000" DURATION=5s GLOBAL_WARMUP=5s \
#     POINT_WARMUP=2s CONCURRENCY_ROUNDS=2 bench/scale.sh concurrency tokens   (about 3 minutes)
# Output: the markdown table on stdout and in /tmp/peers/results/scale-<ts>/scale.md, beside the
# data files sessions.dat, realms.dat, concurrency.dat and tokens.dat (one line per measurement,
# columns named in their first line), the PNG charts of bench/charts.sh, and each run's bench.sh
# or pop.sh result dir (raw wrk output).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
PEERS="${PEERS:-$(cd "$ROOT/../shared/peers" && pwd)}"
. "$PEERS/lib.sh"   # now_ms, port_pid, wait_first_token, PEERS_TMP
. "$BENCH/lib.sh"   # credentials, JAVA_HOME, log, ensure_tools, write_config, start_jeton, stop_jeton

export DURATION="${DURATION:-15s}" WARMUP="${WARMUP:-10s}" GLOBAL_WARMUP="${GLOBAL_WARMUP:-30s}"
export THREADS="${THREADS:-2}" CONNECTIONS="${CONNECTIONS:-16}" PIN="${PIN:-0}"
read -r -a SESSION_SIZES <<< "${SESSIONS:-1000 100000 1000000}"
read -r -a REALM_SIZES <<< "${REALMS:-1 10000}"
read -r -a CONCURRENCY_SIZES <<< "${CONCURRENCY:-1 4 16 64 256}"
read -r -a TOKEN_SIZES <<< "$(printf '%s\n' ${TOKENS:-1000 10000 100000 1000000} | sort -n | tr '\n' ' ')"
read -r -a STORE_LIST <<< "${STORES:-h2}"
ROUNDS="${ROUNDS:-2}"; PURGE_SECONDS="${PURGE_SECONDS:-60}"
CONCURRENCY_ROUNDS="${CONCURRENCY_ROUNDS:-1}"; POINT_WARMUP="${POINT_WARMUP:-5s}"; TOKEN_RUNS="${TOKEN_RUNS:-1}"; export POP_MINT_MAX="${POP_MINT_MAX:-3600}"
unset TOKEN_URL INTROSPECT_URL REVOKE_URL SCOPE SERVER_PID PEER_PORT LABEL POP_POOL POP_TOKENS
DIMS=("$@"); [ ${#DIMS[@]} -gt 0 ] || DIMS=(sessions realms concurrency tokens)
for d in "${DIMS[@]}"; do case "$d" in sessions|realms|concurrency|tokens) ;;
  *) echo "unknown dimension $d (sessions, realms, concurrency, tokens)"; exit 2;; esac; done
for s in "${STORE_LIST[@]}"; do case "$s" in h2|postgres) ;; *) echo "unknown store $s (h2, postgres)"; exit 2;; esac; done
for v in ROUNDS CONCURRENCY_ROUNDS TOKEN_RUNS; do [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive integer"; exit 2; }; done
ensure_tools wrk jq curl ss psql
export PORTS="${PORTS:-18500 18599}"   # not run.sh's range: another job's Jeton must never answer for ours

TS="$(date +%Y%m%d-%H%M%S)"
OUT="$PEERS_TMP/results/scale-$TS"; mkdir -p "$OUT"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
[ "${KEEP_DATA:-0}" != 1 ] || { echo "$MASTER_KEY" > "$OUT/master.key"; chmod 600 "$OUT/master.key"; }

T_START="$(date +%s)"
QUIET_LOCK="${QUIET_LOCK-/tmp/quiet.lock}"; QUIET_MINE=0
# quiet_on / quiet_off: the lock that asks other jobs to wait, made here only if nobody holds it yet,
# and removed only by who made it
quiet_on() { if [ -n "$QUIET_LOCK" ] && [ ! -e "$QUIET_LOCK" ]; then touch "$QUIET_LOCK"; QUIET_MINE=1; fi; }
quiet_off() { if [ "$QUIET_MINE" = 1 ]; then rm -f "$QUIET_LOCK"; QUIET_MINE=0; fi; }

psql_db() { local db="$1"; shift; psql -h 127.0.0.1 -U "$PG_USER" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

# new_target KIND N [STORE]: a data dir with the bench realm's config and, for STORE postgres (the
# default), a database, in NT_DIR and NT_DB (set here, not printed: cleanup must see PG_DBS and
# JDATA_DIRS, which a subshell would lose); STORE h2: the embedded store in the data dir, NT_DB empty
new_target() {
  local name="" dir
  dir="$(mktemp -d "/tmp/jeton-scale.XXXXXX")"; JDATA_DIRS+=("$dir")
  if [ "${3:-postgres}" = postgres ]; then
    name="jeton_scale_$1_$2_$(date +%s)_$RANDOM"
    psql_db postgres -c "create database $name" >&2
    PG_DBS+=("$name")
  fi
  write_config "$dir/jeton.yaml" "${name:+$PG_URL_BASE/$name}"
  printf 'purge:\n  intervalSeconds: %s\n' "$PURGE_SECONDS" >> "$dir/jeton.yaml"
  NT_DB="$name"; NT_DIR="$dir"
}

# order ROUND SIZE...: the sizes ascending in odd rounds, descending in even ones
order() { local r="$1"; shift; if (( r % 2 )); then printf '%s\n' "$@"; else printf '%s\n' "$@" | tac; fi; }

# bench LABEL SCENARIO...: bench.sh on the running server's bench realm; sets RESULT_DIR
bench() {
  local label="$1" tmp; shift
  tmp="$(mktemp /tmp/jeton-scale-bench.XXXXXX)"
  { TOKEN_URL="$J_TOKEN_URL" INTROSPECT_URL="$J_INTROSPECT_URL" REVOKE_URL="$J_REVOKE_URL" \
      CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" USERNAME="$USERNAME" PASSWORD="$PASSWORD" \
      LABEL="$label" "$PEERS/bench.sh" custom "$@" | tee "$tmp"; } >&2
  RESULT_DIR="$(sed -n 's/^raw: //p' "$tmp")"; rm -f "$tmp"
  [ -d "$RESULT_DIR" ] || { echo "bench.sh gave no result dir ($label)" >&2; return 1; }
}

# field DIR SCENARIO: "rps p50 p99 cpu_ms_per_req valid" of the scenario's (last) measured run
field() {
  jq -rs --arg sc "$2" 'map(select(.scenario == $sc and .rps != null)) | last
    | if . == null then "nan nan nan nan false" else "\(.rps) \(.p50_ms) \(.p99_ms) \(.server_cpu_ms_per_req) \(.valid)" end' \
    "$1/results.jsonl"
}

# --- sessions --------------------------------------------------------------------------------------
# fill_sessions DB N: N filler sessions of the bench realm with their refresh tokens, one statement per table
fill_sessions() {
  psql_db "$1" -v n="$2" <<'SQL'
BEGIN;
CREATE TEMP TABLE f ON COMMIT DROP AS
SELECT i,
  rtrim(translate(encode(substr(sha256(('filler-session-' || i)::bytea), 1, 16), 'base64'), '+/', '-_'), '=') AS sid,
  md5('filler-user-' || (i % 3000))::uuid::text AS uid,
  (extract(epoch FROM now()) * 1000)::bigint - ('x' || substr(md5('c' || i), 1, 8))::bit(32)::bigint % 2160000000 AS created
FROM generate_series(1, :n) i;
INSERT INTO session (realm, id, user_id, client_id, auth_service, scope, created_at, expires_at, revoked_at, resources)
SELECT 'bench', sid, uid, 'bench-client', 'password', '', created, created + 2592000000, NULL, '' FROM f;
INSERT INTO refresh_token (realm, hash, session_id, client_id, issued_at, expires_at, used_at, successor_hash, dpop_jkt)
SELECT 'bench', h, sid, 'bench-client', iss, iss + 604800000, NULL, NULL, NULL FROM (
  SELECT sid, rtrim(translate(encode(sha256(('filler-token-' || i)::bytea), 'base64'), '+/', '-_'), '=') AS h,
    greatest(created, (extract(epoch FROM now()) * 1000)::bigint
      - ('x' || substr(md5('i' || i), 1, 8))::bit(32)::bigint % 518400000) AS iss
  FROM f) t;
INSERT INTO refresh_token (realm, hash, session_id, client_id, issued_at, expires_at, used_at, successor_hash, dpop_jkt)
SELECT 'bench', rtrim(translate(encode(sha256(('filler-used-' || f.i)::bytea), 'base64'), '+/', '-_'), '='), f.sid,
  'bench-client', greatest(f.created, t.issued_at - 3600000), greatest(f.created, t.issued_at - 3600000) + 604800000,
  t.issued_at, t.hash, NULL
FROM f JOIN refresh_token t ON t.realm = 'bench' AND t.session_id = f.sid
WHERE f.i % 4 = 0;
COMMIT;
SQL
}

measure_sessions() {
  local n db dir round t0 sessions tokens0 tokens1 r
  declare -A DB DIR
  echo "store round n sessions tokens_before tokens_after rps p50_ms p99_ms cpu_ms_per_req valid result_dir" > "$OUT/sessions.dat"
  for n in "${SESSION_SIZES[@]}"; do
    new_target s "$n"; db="$NT_DB"; dir="$NT_DIR"; DB[$n]="$db"; DIR[$n]="$dir"
    JPORT="$(free_port)"; jeton_urls "$JPORT"
    start_jeton "$dir"; stop_jeton   # migrations and the bench realm
    t0="$(now_ms)"; fill_sessions "$db" "$n"
    psql_db "$db" -c "VACUUM ANALYZE session" -c "VACUUM ANALYZE refresh_token"
    log "sessions: $n filler sessions in $db in $(( $(now_ms) - t0 )) ms"
  done
  quiet_on
  for round in $(seq 1 "$ROUNDS"); do
    for n in $(order "$round" "${SESSION_SIZES[@]}"); do
      db="${DB[$n]}"; dir="${DIR[$n]}"
      # autovacuum may be off on this server: reclaim the previous round's dead rows, as it would
      psql_db "$db" -c "VACUUM ANALYZE session" -c "VACUUM ANALYZE refresh_token"
      sessions="$(psql_db "$db" -c "select count(*) from session")"
      tokens0="$(psql_db "$db" -c "select count(*) from refresh_token")"
      JPORT="$(free_port)"; jeton_urls "$JPORT"
      log "sessions: round $round, $sessions sessions, $tokens0 refresh tokens stored"
      start_jeton "$dir"
      bench "postgres, $sessions sessions" refresh
      stop_jeton
      tokens1="$(psql_db "$db" -c "select count(*) from refresh_token")"
      r="$(field "$RESULT_DIR" refresh)"
      echo "postgres $round $n $sessions $tokens0 $tokens1 $r $RESULT_DIR" >> "$OUT/sessions.dat"
    done
  done
  quiet_off
}

# --- realms ----------------------------------------------------------------------------------------
# fill_realms DIR N: N filler realms (one client each) by `bin/jeton import`, then one client_credentials
# token from each on the running server (launched here), so that Jeton makes each realm's signing key
fill_realms() {
  local dir="$1" n="$2" codes
  [ "$n" -gt 0 ] || return 0
  awk -v n="$n" 'BEGIN { print "realms:"; for (i = 1; i <= n; i++) printf "  - name: filler-%05d\n    clients:\n" \
    "      - id: filler-client\n        secret: filler-secret\n        grants: [client_credentials]\n", i }' > "$dir/filler.yaml"
  env -u JETON_BASE_ROOT JETON_MASTER_KEY="$MASTER_KEY" "$JROOT/bin/jeton" import --config "$dir/jeton.yaml" \
    --data-dir "$dir/data" "$dir/filler.yaml" > "$dir/import.log"
  start_jeton "$dir"
  awk -v n="$n" -v p="$JPORT" 'BEGIN { for (i = 1; i <= n; i++)
    printf "url = \"http://127.0.0.1:%s/realms/filler-%05d/oauth2/token\"\noutput = \"/dev/null\"\n", p, i }' > "$dir/urls.cfg"
  codes="$(curl -sSZ --no-progress-meter --parallel-max 8 -u filler-client:filler-secret -d grant_type=client_credentials \
    -w '%{http_code}\n' -K "$dir/urls.cfg" | sort | uniq -c | tr -s ' ' | tr '\n' ';' || true)"
  stop_jeton
  log "realms: filler token answers (count code): $codes"
}

measure_realms() {
  local n db dir round s1 s2 realms keys keyed cc in t0
  declare -A DB DIR
  echo "store round n realms signing_keys start1_ms start2_ms cc_rps cc_p50_ms cc_p99_ms cc_cpu_ms_per_req cc_valid in_rps in_p50_ms in_p99_ms in_cpu_ms_per_req in_valid result_dir" > "$OUT/realms.dat"
  for n in "${REALM_SIZES[@]}"; do
    new_target r "$n"; db="$NT_DB"; dir="$NT_DIR"; DB[$n]="$db"; DIR[$n]="$dir"
    JPORT="$(free_port)"; jeton_urls "$JPORT"
    start_jeton "$dir"; stop_jeton   # migrations and the bench realm (its key: first token)
    t0="$(now_ms)"; fill_realms "$dir" $(( n - 1 ))
    psql_db "$db" -c "VACUUM ANALYZE"
    keyed="$(psql_db "$db" -c "select count(distinct realm) from signing_key")"
    [ "$keyed" = "$n" ] || { echo "realms: $keyed of $n realms have a signing key" >&2; return 1; }
    log "realms: $(( n - 1 )) filler realms in $db in $(( $(now_ms) - t0 )) ms"
  done
  quiet_on
  for round in $(seq 1 "$ROUNDS"); do
    for n in $(order "$round" "${REALM_SIZES[@]}"); do
      db="${DB[$n]}"; dir="${DIR[$n]}"
      realms="$(psql_db "$db" -c "select count(*) from realm")"
      keys="$(psql_db "$db" -c "select count(*) from signing_key")"
      JPORT="$(free_port)"; jeton_urls "$JPORT"
      start_jeton "$dir"; s1="$STARTUP_MS"; stop_jeton
      start_jeton "$dir"; s2="$STARTUP_MS"
      log "realms: round $round, $realms realms ($keys keys): starts $s1 ms, $s2 ms"
      bench "postgres, $realms realms" cc introspect
      stop_jeton
      cc="$(field "$RESULT_DIR" cc)"; in="$(field "$RESULT_DIR" introspect)"
      echo "postgres $round $n $realms $keys $s1 $s2 $cc $in $RESULT_DIR" >> "$OUT/realms.dat"
    done
  done
  quiet_off
}

# --- concurrency -----------------------------------------------------------------------------------
# seed_refresh N: N refresh tokens from password grants, 4 at a time (bench.sh's REFRESH_SEED_CMD;
# its own seed asks one at a time, and 256 connections need 2 x 258 tokens per point)
seed_refresh() {
  seq "$1" | xargs -P 4 -I{} curl -s -m 30 -u "$CLIENT_ID:$CLIENT_SECRET" -H 'Accept: application/json' \
    -d grant_type=password --data-urlencode "username=$USERNAME" --data-urlencode "password=$PASSWORD" "$J_TOKEN_URL" |
    jq -r '.refresh_token // empty'
}
export -f seed_refresh; export CLIENT_ID CLIENT_SECRET USERNAME PASSWORD

measure_concurrency() {
  local store dir round c t gw
  echo "store round connections threads cc_rps cc_p50_ms cc_p99_ms cc_cpu_ms_per_req cc_valid in_rps in_p50_ms in_p99_ms in_cpu_ms_per_req in_valid rf_rps rf_p50_ms rf_p99_ms rf_cpu_ms_per_req rf_valid result_dir" > "$OUT/concurrency.dat"
  for store in "${STORE_LIST[@]}"; do
    new_target c 0 "$store"; dir="$NT_DIR"
    JPORT="$(free_port)"; jeton_urls "$JPORT"; export J_TOKEN_URL
    quiet_on
    start_jeton "$dir"
    gw="$GLOBAL_WARMUP"   # the server is warmed once, at its first point
    for round in $(seq 1 "$CONCURRENCY_ROUNDS"); do
      for c in $(order "$round" "${CONCURRENCY_SIZES[@]}"); do
        t=$(( c < THREADS ? c : THREADS ))
        log "concurrency: $store, round $round, $c connections, $t wrk threads"
        CONNECTIONS="$c" THREADS="$t" WARMUP="$POINT_WARMUP" GLOBAL_WARMUP="$gw" REFRESH_SEED_CMD=seed_refresh \
          bench "Jeton $store, $c connections" cc introspect refresh
        gw=0
        echo "$store $round $c $t $(field "$RESULT_DIR" cc) $(field "$RESULT_DIR" introspect) $(field "$RESULT_DIR" refresh) $RESULT_DIR" >> "$OUT/concurrency.dat"
      done
    done
    stop_jeton
    quiet_off
  done
}

# --- live tokens -----------------------------------------------------------------------------------
measure_tokens() {
  local store dir rd pool n lines pins="" i warm
  for i in $(seq 1 "$TOKEN_RUNS"); do pins="$pins${pins:+,}$PIN"; done
  echo "store run n population minted mint_s rss_before_mint_mib rss_after_mint_mib rss_max_mib rps p50_ms p99_ms cpu_ms_per_req active inactive valid result_dir" > "$OUT/tokens.dat"
  for store in "${STORE_LIST[@]}"; do
    new_target t 0 "$store"; dir="$NT_DIR"; pool="$dir/pool"
    rd="$OUT/tokens-$store"; mkdir -p "$rd"; touch "$rd/results.jsonl"
    JPORT="$(free_port)"; jeton_urls "$JPORT"
    quiet_on
    start_jeton "$dir"
    warm="$GLOBAL_WARMUP"   # the first introspection warm-up is the server's global one
    for n in "${TOKEN_SIZES[@]}"; do
      lines="$(wc -l < "$rd/results.jsonl")"
      log "tokens: $store, live tokens up to $n"
      { TOKEN_URL="$J_TOKEN_URL" INTROSPECT_URL="$J_INTROSPECT_URL" CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET" \
          SERVER_PID="$JAVA_PID" POP_POOL="$pool" POP_TOKENS="$n" PIN="$pins" WARMUP="$warm" \
          LABEL="Jeton $store, $n live tokens" PEERS="$PEERS" "$BENCH/pop.sh" custom "$rd"; } >&2
      tail -n +"$(( lines + 1 ))" "$rd/results.jsonl" | jq -rs --arg store "$store" --arg n "$n" --arg rd "$rd" '
        to_entries[] | .key as $k | .value | "\($store) \($k + 1) \($n) \(.population // "nan") \(.minted // "nan") \(.mint_s // "nan") \(.rss_idle_mib // "nan") \(.rss_before_mib // "nan") \(.rss_load_max_mib // "nan") \(.rps // "nan") \(.p50_ms // "nan") \(.p99_ms // "nan") \(.server_cpu_ms_per_req // "nan") \(.extra.active // 0) \(.extra.inactive // 0) \(.valid // false) \($rd)"' \
        >> "$OUT/tokens.dat"
      warm="$POINT_WARMUP"
    done
    stop_jeton
    quiet_off
  done
}

cleanup() {
  quiet_off
  stop_jeton
  if [ "${KEEP_DATA:-0}" != 1 ]; then
    for db in "${PG_DBS[@]}"; do psql_db postgres -c "drop database if exists $db" > /dev/null 2>&1 || true; done
    for d in "${JDATA_DIRS[@]}"; do rm -rf "$d"; done
  fi
  true
}
trap cleanup EXIT

log "settings: DURATION=$DURATION WARMUP=$WARMUP GLOBAL_WARMUP=$GLOBAL_WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS PIN=$PIN ROUNDS=$ROUNDS CONCURRENCY_ROUNDS=$CONCURRENCY_ROUNDS SESSIONS=${SESSION_SIZES[*]} REALMS=${REALM_SIZES[*]} CONCURRENCY=${CONCURRENCY_SIZES[*]} TOKENS=${TOKEN_SIZES[*]} STORES=${STORE_LIST[*]} POINT_WARMUP=$POINT_WARMUP TOKEN_RUNS=$TOKEN_RUNS PURGE_SECONDS=$PURGE_SECONDS dimensions=${DIMS[*]} out=$OUT"
for d in "${DIMS[@]}"; do "measure_$d"; done

# --- the table -------------------------------------------------------------------------------------
# mean over rounds of column C of the rows of size N: mean FILE N C
mean() { awk -v n="$2" -v c="$3" 'NR > 1 && $3 == n { s += $c; k++ } END { if (k) printf "%.2f", s / k; else print "nan" }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
{
  echo "### Scale, $(date -u +%Y-%m-%dT%H:%MZ), Jeton commit $COMMIT, PostgreSQL $(psql_db postgres -c 'show server_version'), ${DIMS[*]}: run took $(( ($(date +%s) - T_START + 30) / 60 )) min"
  echo
  machine_header
  if [ -f "$OUT/sessions.dat" ] || [ -f "$OUT/realms.dat" ]; then
    echo
    echo "Sessions and realms: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s; warm-up $WARMUP after a global warm-up of $GLOBAL_WARMUP per scenario; PIN=$PIN; $ROUNDS rounds (sizes ascending, then descending), a fresh server per measurement; $(nproc) shared cores"
  fi
  if [ -f "$OUT/sessions.dat" ]; then
    base="${SESSION_SIZES[0]}"
    echo
    echo "Refresh (rotating) against sessions stored; ratios to the mean of $base sessions (SPEC 10: p99 within 20 %)"
    echo
    echo "| sessions stored | refresh tokens stored | req/s per round | p50 ms per round | p99 ms per round | CPU ms/req per round | mean req/s | mean p99 ms | req/s ratio | p99 ratio | valid |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for n in "${SESSION_SIZES[@]}"; do
      awk -v n="$n" -v mr="$(mean "$OUT/sessions.dat" "$n" 7)" -v mp="$(mean "$OUT/sessions.dat" "$n" 9)" \
          -v rr="$(ratio "$(mean "$OUT/sessions.dat" "$n" 7)" "$(mean "$OUT/sessions.dat" "$base" 7)")" \
          -v pr="$(ratio "$(mean "$OUT/sessions.dat" "$n" 9)" "$(mean "$OUT/sessions.dat" "$base" 9)")" '
        NR > 1 && $3 == n { s = $4; t = t sep $5 "→" $6; r = r sep $7; p50 = p50 sep $8; p99 = p99 sep $9; c = c sep $10; v = v sep $11; sep = " / " }
        END { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", s, t, r, p50, p99, c, mr, mp, rr, pr, v }' "$OUT/sessions.dat"
    done
  fi
  if [ -f "$OUT/realms.dat" ]; then
    base="${REALM_SIZES[0]}"
    echo
    echo "Start-up (launch to the first client_credentials token, two starts per round) and requests on the bench realm against realms stored; ratios to the mean of $base realm(s) (SPEC 10: start-up under 2 s, requests not slower)"
    echo
    echo "| realms | signing keys | start ms per round (1st, 2nd) | cc req/s per round | cc p50 / p99 ms per round | cc CPU ms/req | introspect req/s per round | introspect p50 / p99 ms per round | introspect CPU ms/req | cc req/s ratio | cc p99 ratio | introspect req/s ratio | introspect p99 ratio | valid |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for n in "${REALM_SIZES[@]}"; do
      f="$OUT/realms.dat"
      awk -v n="$n" -v a="$(ratio "$(mean "$f" "$n" 8)" "$(mean "$f" "$base" 8)")" -v b="$(ratio "$(mean "$f" "$n" 10)" "$(mean "$f" "$base" 10)")" \
          -v c2="$(ratio "$(mean "$f" "$n" 13)" "$(mean "$f" "$base" 13)")" -v d="$(ratio "$(mean "$f" "$n" 15)" "$(mean "$f" "$base" 15)")" '
        NR > 1 && $3 == n { rl = $4; k = $5; st = st sep $6 ", " $7; cr = cr sep $8; cp = cp sep $9 " / " $10; cc = cc sep $11;
          ir = ir sep $13; ip = ip sep $14 " / " $15; ic = ic sep $16; v = v sep $12 "," $17; sep = " ; " }
        END { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", rl, k, st, cr, cp, cc, ir, ip, ic, a, b, c2, d, v }' "$f"
    done
  fi
  if [ -f "$OUT/concurrency.dat" ]; then
    echo
    echo "Concurrency: cc, introspect (one token) and refresh (rotating) against wrk connections, wrk -t(min($THREADS, connections)) -d$DURATION --timeout 10s, PIN=$PIN; one server per store warmed once ($GLOBAL_WARMUP per scenario), then $CONCURRENCY_ROUNDS round(s) (ascending, then descending), warm-up $POINT_WARMUP per point and scenario"
    echo
    echo "| store | connections | cc req/s per round | cc p50 / p99 ms per round | introspect req/s per round | introspect p50 / p99 ms per round | refresh req/s per round | refresh p50 / p99 ms per round | valid (cc, introspect, refresh) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for store in "${STORE_LIST[@]}"; do for c in "${CONCURRENCY_SIZES[@]}"; do
      awk -v s="$store" -v c="$c" '
        NR > 1 && $1 == s && $3 == c { cr = cr sep $5; cp = cp sep $6 " / " $7; ir = ir sep $10; ip = ip sep $11 " / " $12;
          rr = rr sep $15; rp = rp sep $16 " / " $17; v = v sep $9 "," $14 "," $19; sep = " ; "; k++ }
        END { if (k) printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", s, c, cr, cp, ir, ip, rr, rp, v }' "$OUT/concurrency.dat"
    done; done
  fi
  if [ -f "$OUT/tokens.dat" ]; then
    echo
    echo "Live tokens: introspection of tokens drawn at random from N live client_credentials tokens (bench/pop.sh; minted cumulatively, wrk -c$CONNECTIONS, on one server per store), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, PIN=$PIN, $TOKEN_RUNS measured run(s) per N after a warm-up of $POINT_WARMUP (the first N: $GLOBAL_WARMUP); valid only if every answer is active; ratios to the mean of ${TOKEN_SIZES[0]} tokens"
    echo
    echo "| store | live tokens | minted (s) | RSS before mint → after → max under load MiB | req/s per run | p50 / p99 ms per run | CPU ms/req | active / inactive | req/s ratio | p99 ratio | valid |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for store in "${STORE_LIST[@]}"; do for n in "${TOKEN_SIZES[@]}"; do
      awk -v s="$store" -v n="$n" -v base="${TOKEN_SIZES[0]}" '
        NR > 1 && $1 == s && $3 == base { br += $10; bp += $12; bk++ }
        NR > 1 && $1 == s && $3 == n { pop = $4; mint = $5 " (" $6 ")"; rss = $7 " → " $8 " → " $9; r = r sep $10; p = p sep $11 " / " $12;
          cpu = cpu sep $13; a = a sep $14 " / " $15; v = v sep $16; sep = " ; "; sr += $10; sp += $12; k++ }
        END { if (k) printf "| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s |\n", s, pop, mint, rss, r, p, cpu, a,
          (bk && br > 0) ? (sr / k) / (br / bk) : 0, (bk && bp > 0) ? (sp / k) / (bp / bk) : 0, v }' "$OUT/tokens.dat"
    done; done
  fi
} > "$OUT/scale.md"
if [ "${CHARTS:-1}" = 1 ]; then "$BENCH/charts.sh" "$OUT" >&2 || log "charts failed (bench/charts.sh $OUT)"; fi
echo; cat "$OUT/scale.md"; echo; echo "results: $OUT"
