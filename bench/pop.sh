#!/usr/bin/env bash
# Scenario introspect-pop (issue 11 point 1): introspection of a large population of live access
# tokens, drawn uniformly at random, against a server that is already running. ../shared/peers'
# bench.sh has a fixed list of scenarios and reads its Lua from its own folder, so this one lives
# here, and writes its runs in bench.sh's format (same JSON fields, same validity rule plus one).
#   1. mint: POP_TOKENS client_credentials tokens with wrk (lua/pop-mint.lua, CONNECTIONS
#      connections), kept in a file of fixed-length records; not measured, its time is recorded.
#   2. per pinning mode of PIN: a warm-up run of WARMUP, then the measured run of DURATION, both
#      with lua/pop-introspect.lua: every request introspects a token drawn at random from the whole
#      population. A run is valid only if, beyond bench.sh's rule (no non-2xx, no socket error),
#      every answer said "active":true (the tokens live an hour on every server bench/run.sh runs).
#
# Usage: bench/pop.sh <peer|custom> [RUN_DIR]
#   <peer>   a directory of ../shared/peers with env.sh (keycloak, spring-as, oidc-provider), or
#            custom (then TOKEN_URL, INTROSPECT_URL, CLIENT_ID, CLIENT_SECRET come from the environment)
#   RUN_DIR  a bench.sh result dir of the same server to append to (results.jsonl); default a new
#            $PEERS_TMP/results/<peer>-pop-<ts>/ with its own meta.json
# Environment: POP_TOKENS=100000, POP_MINT_MAX=900 (seconds; a mint still short then is used as
#   far as it got, and its size is in the result), DURATION=15s THREADS=2 CONNECTIONS=16 WARMUP=5s
#   PIN=0 (0, 1, both or a list, as bench.sh), SCOPE, SERVER_PID, PEER_PORT, LABEL, and
#   RESTART_EACH=1 (from the peer's env.sh for Spring AS): restart the peer before the mint, so that
#   its store holds the population and nothing else.
#   POP_POOL=FILE (bench/scale.sh tokens): the population is kept in FILE (one token a line) after
#   the run, and a run given a FILE that holds tokens of the same running server mints only the
#   POP_TOKENS minus the lines already in it, then draws from all of them: 10^3, then 10^4, ... 10^6
#   costs one mint of 10^6. Default: a pool of this run alone, deleted at the end.
# Output: one line per run on stdout, the runs appended to RUN_DIR/results.jsonl (scenario
# "introspect-pop", with population, minted (by this call), mint_s and mint_rps of this call's
# mint), raw wrk output in RUN_DIR.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
PEERS="${PEERS:-$(cd "$ROOT/../shared/peers" && pwd)}"
. "$PEERS/lib.sh"   # now_ms, port_pid, rss_mib, cc_status, PEERS_TMP
PEER="${1:?usage: pop.sh <peer|custom> [RUN_DIR]}"; RUN_DIR="${2:-}"
if [ "$PEER" != custom ]; then
  [ -f "$PEERS/$PEER/env.sh" ] || { echo "unknown peer $PEER"; exit 2; }
  . "$PEERS/$PEER/env.sh"
fi
DURATION="${DURATION:-15s}"; THREADS="${THREADS:-2}"; CONNECTIONS="${CONNECTIONS:-16}"
WARMUP="${WARMUP:-5s}"; PIN="${PIN:-0}"; LABEL="${LABEL:-}"
POP_TOKENS="${POP_TOKENS:-100000}"; POP_MINT_MAX="${POP_MINT_MAX:-900}"
: "${TOKEN_URL:?TOKEN_URL}" "${INTROSPECT_URL:?INTROSPECT_URL}" "${CLIENT_ID:?CLIENT_ID}" "${CLIENT_SECRET:?CLIENT_SECRET}"
[[ "$POP_TOKENS" =~ ^[1-9][0-9]*$ ]] || { echo "POP_TOKENS must be a positive integer"; exit 2; }
for u in "$TOKEN_URL" "$INTROSPECT_URL"; do
  case "$u" in http://127.*|http://localhost[:/]*|http://\[::1\]*) ;; *) echo "refusing non-loopback URL: $u"; exit 2;; esac
done
case "$PIN" in both) PINS=(0 1);; *) [[ "$PIN" =~ ^[01](,[01])*$ ]] || { echo "PIN must be 0, 1, both or a list like 1,0"; exit 2; }
  IFS=, read -r -a PINS <<< "$PIN";; esac
url_port() { local hp="${1#*://}"; hp="${hp%%/*}"; echo "${hp##*:}"; }
url_path() { local r="${1#*://}"; echo "/${r#*/}"; }
PORT="${PEER_PORT:-$(url_port "$TOKEN_URL")}"
urlenc() { jq -rn --arg v "$1" '$v|@uri'; }
export BASIC_AUTH; BASIC_AUTH="$(printf '%s:%s' "$(urlenc "$CLIENT_ID")" "$(urlenc "$CLIENT_SECRET")" | base64 -w0)"
export PEERS_LUA="$PEERS/lua" WRK_THREADS="$THREADS"
CC_BODY="grant_type=client_credentials${SCOPE:+&scope=$(urlenc "$SCOPE")}"

if [ "${RESTART_EACH:-0}" = 1 ] && [ "$PEER" != custom ]; then
  "$PEERS/$PEER/stop.sh" > /dev/null; "$PEERS/$PEER/start.sh" | grep -E 'startup_to_first_token_ms' || true
  sleep 2
fi
SPID="${SERVER_PID:-$(port_pid "$PORT")}"
[ -n "$SPID" ] || { echo "no server listening on port $PORT"; exit 1; }
ALL_CPUS="$(taskset -p -c "$SPID" | sed 's/.*: //')"
if [ -z "$RUN_DIR" ]; then
  RUN_DIR="$PEERS_TMP/results/$PEER-pop-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$RUN_DIR"
  echo "{\"peer\":\"$PEER\",\"label\":\"$LABEL\",\"idle_rss_mib\":$(rss_mib "$SPID"),\"pid\":$SPID,\"ts\":\"$(date +%Y%m%d-%H%M%S)\"}" > "$RUN_DIR/meta.json"
fi
[ -d "$RUN_DIR" ] || { echo "no result dir $RUN_DIR"; exit 2; }
JSONL="$RUN_DIR/results.jsonl"; CUR_IDLE="$(rss_mib "$SPID")"
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
pin_server() { if [ "$1" = 1 ]; then taskset -a -p -c 0 "$SPID" > /dev/null; else taskset -a -p -c "$ALL_CPUS" "$SPID" > /dev/null; fi; }
trap 'pin_server 0 2>/dev/null || true' EXIT

# --- 1. mint ---------------------------------------------------------------------------------
[ "$(cc_status)" = 200 ] || { echo "introspect-pop: token endpoint not answering 200"; exit 1; }
POOL="$RUN_DIR/pop-tokens"; rm -f "$POOL".*
ALL="${POP_POOL:-$POOL.all}"; touch "$ALL"   # POP_POOL: kept, and topped up, from one call to the next
have="$(wc -l < "$ALL")"; need=$(( POP_TOKENS - have )); mint_ms=0; mint_codes='{}'
if [ "$need" -gt 0 ]; then
  quota=$(( (need + THREADS - 1) / THREADS ))
  echo "introspect-pop: minting $need access tokens to $have ($quota per wrk thread, at most ${POP_MINT_MAX} s)"
  t0="$(now_ms)"
  BODY="$CC_BODY" OUT_PREFIX="$POOL" QUOTA="$quota" \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${POP_MINT_MAX}s" --timeout 10s -s "$BENCH/lua/pop-mint.lua" "$TOKEN_URL" \
    > "$RUN_DIR/introspect-pop-mint.txt" 2>&1 &
  wpid=$!
  trap 'kill -INT "$wpid" 2>/dev/null || true; pin_server 0 2>/dev/null || true' EXIT
  while kill -0 "$wpid" 2>/dev/null && [ "$(find "$RUN_DIR" -maxdepth 1 -name 'pop-tokens.*.done' | wc -l)" -lt "$THREADS" ]; do sleep 0.2; done
  kill -INT "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true
  trap 'pin_server 0 2>/dev/null || true' EXIT
  mint_ms=$(( $(now_ms) - t0 ))
  # awk, not head: head would stop reading early and end find with SIGPIPE, fatal under pipefail
  find "$RUN_DIR" -maxdepth 1 -name 'pop-tokens.[0-9]*' ! -name '*.done' -exec cat {} + < /dev/null |
    awk -v n="$need" 'NR <= n' >> "$ALL"
  rm -f "$RUN_DIR"/pop-tokens.[0-9]*
  mint_codes="$(sed -n 's/^RESULT //p' "$RUN_DIR/introspect-pop-mint.txt" | jq -c .codes 2>/dev/null || echo '{}')"
fi
got="$(wc -l < "$ALL")"; minted=$(( got - have ))
echo "introspect-pop: minted $minted in $mint_ms ms (codes $mint_codes); population $got of $POP_TOKENS"
[ "$got" -gt 0 ] || { echo "introspect-pop: no token minted; see $RUN_DIR/introspect-pop-mint.txt"; exit 1; }
# fixed-length records: the Lua script seeks to record i instead of holding every token
len="$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$ALL")"
awk -v m="$len" '{ printf "%-" m "s\n", $0 }' "$ALL" > "$POOL.rec"; [ -n "${POP_POOL:-}" ] || rm -f "$ALL"
first="$(head -c "$len" "$POOL.rec" | tr -d ' ')"
act="$(curl -s -m 10 -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "token=$first" "$INTROSPECT_URL" | jq -r .active)"
[ "$act" = true ] || { echo "introspect-pop: the first minted token is not active ($act)"; exit 1; }

# --- 2. introspect at random, per pinning mode -------------------------------------------------
export TOKENS_FILE="$POOL.rec" RECORD_LEN=$(( len + 1 )) POP="$got" REQ_PATH; REQ_PATH="$(url_path "$INTROSPECT_URL")"
run_wrk() {  # name duration wrk-prefix...: prints the RESULT json
  local name="$1" dur="$2"; shift 2
  "$@" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$dur" --timeout 10s -s "$BENCH/lua/pop-introspect.lua" "$INTROSPECT_URL" \
    > "$RUN_DIR/$name.txt" 2>&1 || true
  sed -n 's/^RESULT //p' "$RUN_DIR/$name.txt" | grep . || { echo "wrk failed: $(tail -5 "$RUN_DIR/$name.txt")" >&2; return 1; }
}
for pin in "${PINS[@]}"; do
  pin_server "$pin"; pre=(); [ "$pin" = 1 ] && pre=(taskset -c 1)
  [ "$WARMUP" = 0 ] || run_wrk "introspect-pop-pin$pin-warmup" "$WARMUP" "${pre[@]}" > /dev/null || true
  rss0="$(rss_mib "$SPID")"
  ( while kill -0 "$SPID" 2>/dev/null; do rss_mib "$SPID"; echo; sleep 1; done ) > "$RUN_DIR/introspect-pop-pin$pin.rss" &
  samp=$!
  c0="$(cpu_ticks "$SPID")"; m0="$(machine_busy_ticks)"
  res="$(run_wrk "introspect-pop-pin$pin" "$DURATION" "${pre[@]}")" || res=""
  c1="$(cpu_ticks "$SPID")"; m1="$(machine_busy_ticks)"
  kill "$samp" 2>/dev/null || true; wait "$samp" 2>/dev/null || true
  if [ -z "$res" ]; then
    echo "{\"scenario\":\"introspect-pop\",\"pinned\":$pin,\"error\":\"wrk produced no result\"}" >> "$JSONL"; echo "introspect-pop pin=$pin: no result"; continue
  fi
  res="$(jq -c --arg peer "$PEER" --argjson pin "$pin" --arg lbl "$LABEL" \
      --argjson rss0 "${rss0:-0}" --argjson rssmax "$(sort -n "$RUN_DIR/introspect-pop-pin$pin.rss" | tail -1 | grep . || echo 0)" \
      --argjson idle "${CUR_IDLE:-0}" --argjson pop "$got" --argjson asked "$POP_TOKENS" --argjson mint_ms "$mint_ms" --argjson minted "$minted" \
      --argjson mint_codes "$mint_codes" \
      --argjson cpu "$(awk -v a="$c0" -v b="$c1" -v h="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/h}')" \
      --argjson mcpu "$(awk -v a="$m0" -v b="$m1" -v h="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/h}')" \
      --arg threads "$THREADS" --arg conns "$CONNECTIONS" --arg dur "$DURATION" \
      '. + {peer:$peer, scenario:"introspect-pop", pinned:$pin, label:$lbl, rss_idle_mib:$idle, rss_before_mib:$rss0,
            rss_load_max_mib:$rssmax, server_cpu_s:$cpu, machine_busy_cpu_s:$mcpu, non_server_cpu_s:(($mcpu-$cpu)*100|round/100),
            server_cpu_ms_per_req:(if .requests>0 then ($cpu*1000/.requests*100|round/100) else null end),
            threads:($threads|tonumber), connections:($conns|tonumber), duration:$dur,
            population:$pop, population_asked:$asked, minted:$minted, mint_s:($mint_ms/100|round/10),
            mint_rps:(if $mint_ms>0 then ($minted*1000/$mint_ms|round) else null end), mint_codes:$mint_codes,
            valid:(.non2xx==0 and .socket_errors.connect==0 and .socket_errors.read==0 and .socket_errors.write==0
                   and .socket_errors.timeout==0 and (.extra.inactive // 0)==0 and (.extra.active // 0)>0)}' <<< "$res")"
  echo "$res" >> "$JSONL"
  jq -r '"introspect-pop pin=\(.pinned): \(.rps) req/s p50=\(.p50_ms)ms p99=\(.p99_ms)ms population=\(.population) active=\(.extra.active // 0) inactive=\(.extra.inactive // 0) codes=\(.codes) sockerr=\(.socket_errors) rss \(.rss_before_mib)->\(.rss_load_max_mib)MiB cpu=\(.server_cpu_s)s valid=\(.valid)"' <<< "$res"
done
pin_server 0
rm -f "$POOL.rec"
echo "raw: $RUN_DIR"
