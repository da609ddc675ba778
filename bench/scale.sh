#!/usr/bin/env bash
# Does Jeton's cost grow with what it stores? SPEC 10 "Scale" (issue 8 point 7): refresh p99 with
# 10^3, 10^5 and 10^6 sessions stored, and start-up and request latency with 1 and 10^4 realms,
# through the same wrk harness as bench/run.sh (../shared/peers/bench.sh), on PostgreSQL.
#
# Usage: bench/scale.sh [sessions] [realms]          (default: both)
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
# Every size is prepared first; then ROUNDS rounds measure every size once each, in ascending order
# in odd rounds and descending in even ones (10^3, 10^5, 10^6, 10^6, 10^5, 10^3), each on a freshly
# started server, so drift of the machine shows as a difference between rounds.
# Settings (environment): SESSIONS="1000 100000 1000000" REALMS="1 10000" ROUNDS=2
#   DURATION=15s WARMUP=10s GLOBAL_WARMUP=30s THREADS=2 CONNECTIONS=16 PIN=0 (as in bench.sh)
#   PURGE_SECONDS=60 (purge.intervalSeconds of the server, Jeton's default) CHARTS=1 (bench/charts.sh)
#   PG_URL_BASE (jdbc:postgresql://127.0.0.1:5432), PG_USER (postgres), KEEP_DATA=1 keeps the databases
#   and data dirs. Needs root for apt-get when wrk, jq, psql or (for the charts) gnuplot is missing.
# Output: the markdown table on stdout and in /tmp/peers/results/scale-<ts>/scale.md, beside the
# data files sessions.dat and realms.dat (one line per measurement, columns named in their first
# line), the PNG charts of bench/charts.sh, and each run's bench.sh result dir (raw wrk output).
# Later (issue 11 point 3) more dimensions (concurrency, live tokens) go in as more measure_* functions.
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
ROUNDS="${ROUNDS:-2}"; PURGE_SECONDS="${PURGE_SECONDS:-60}"
unset TOKEN_URL INTROSPECT_URL REVOKE_URL SCOPE SERVER_PID PEER_PORT LABEL
DIMS=("$@"); [ ${#DIMS[@]} -gt 0 ] || DIMS=(sessions realms)
for d in "${DIMS[@]}"; do case "$d" in sessions|realms) ;; *) echo "unknown dimension $d (sessions, realms)"; exit 2;; esac; done
ensure_tools wrk jq curl ss psql
export PORTS="${PORTS:-18500 18599}"   # not run.sh's range: another job's Jeton must never answer for ours

TS="$(date +%Y%m%d-%H%M%S)"
OUT="$PEERS_TMP/results/scale-$TS"; mkdir -p "$OUT"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
[ "${KEEP_DATA:-0}" != 1 ] || { echo "$MASTER_KEY" > "$OUT/master.key"; chmod 600 "$OUT/master.key"; }

psql_db() { local db="$1"; shift; psql -h 127.0.0.1 -U "$PG_USER" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

# new_target KIND N: a database and a data dir with the bench realm's config, in NT_DB and NT_DIR
# (set here, not printed: cleanup must see PG_DBS and JDATA_DIRS, which a subshell would lose)
new_target() {
  local name dir
  name="jeton_scale_$1_$2_$(date +%s)_$RANDOM"; dir="$(mktemp -d "/tmp/jeton-scale.XXXXXX")"
  psql_db postgres -c "create database $name" >&2
  PG_DBS+=("$name"); JDATA_DIRS+=("$dir")
  write_config "$dir/jeton.yaml" "$PG_URL_BASE/$name"
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
  touch /tmp/quiet.lock
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
  rm -f /tmp/quiet.lock
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
  touch /tmp/quiet.lock
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
  rm -f /tmp/quiet.lock
}

cleanup() {
  rm -f /tmp/quiet.lock
  stop_jeton
  if [ "${KEEP_DATA:-0}" != 1 ]; then
    for db in "${PG_DBS[@]}"; do psql_db postgres -c "drop database if exists $db" > /dev/null 2>&1 || true; done
    for d in "${JDATA_DIRS[@]}"; do rm -rf "$d"; done
  fi
  true
}
trap cleanup EXIT

log "settings: DURATION=$DURATION WARMUP=$WARMUP GLOBAL_WARMUP=$GLOBAL_WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS PIN=$PIN ROUNDS=$ROUNDS SESSIONS=${SESSION_SIZES[*]} REALMS=${REALM_SIZES[*]} PURGE_SECONDS=$PURGE_SECONDS dimensions=${DIMS[*]} out=$OUT"
for d in "${DIMS[@]}"; do "measure_$d"; done

# --- the table -------------------------------------------------------------------------------------
# mean over rounds of column C of the rows of size N: mean FILE N C
mean() { awk -v n="$2" -v c="$3" 'NR > 1 && $3 == n { s += $c; k++ } END { if (k) printf "%.2f", s / k; else print "nan" }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
{
  echo "### Scale, $(date -u +%Y-%m-%dT%H:%MZ), Jeton commit $COMMIT, PostgreSQL $(psql_db postgres -c 'show server_version')"
  echo
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s; warm-up $WARMUP after a global warm-up of $GLOBAL_WARMUP per scenario; PIN=$PIN; $ROUNDS rounds (sizes ascending, then descending), a fresh server per measurement; $(nproc) shared cores"
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
} > "$OUT/scale.md"
if [ "${CHARTS:-1}" = 1 ]; then "$BENCH/charts.sh" "$OUT" >&2 || log "charts failed (bench/charts.sh $OUT)"; fi
echo; cat "$OUT/scale.md"; echo; echo "results: $OUT"
