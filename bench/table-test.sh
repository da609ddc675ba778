#!/usr/bin/env bash
# Checks bench/table.sh on made-up result dirs: the ratio is to the best peer with a valid run of
# that path (an invalid, faster peer run is not the best), a scenario a peer lacks is n/a, the
# population of introspect-pop is in the notes, and a table with one Keycloak as the only peer says
# "/ Keycloak" as it did before there were other peers. Needs bash and jq; prints "ok" and exits 0
# when every check holds. Run by TableScriptTest in mvn verify, or by hand: bench/table-test.sh
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d /tmp/table-test.XXXXXX)"; trap 'rm -rf "$T"' EXIT
fails=0

# run DIR ROLE LABEL SCENARIO RPS VALID [EXTRA_JSON]: appends one run to DIR (made if missing)
run() {
  local d="$T/$1"; mkdir -p "$d"
  [ -f "$d/meta.json" ] || echo "{\"peer\":\"x\",\"label\":\"\",\"idle_rss_mib\":100}" > "$d/meta.json"
  echo "$2" > "$d/role.txt"; echo "$3" > "$d/label.txt"
  jq -nc --arg sc "$4" --argjson rps "$5" --argjson valid "$6" --argjson x "${7:-{\}}" \
    '{scenario: $sc, pinned: 0, rps: $rps, p50_ms: 1, p99_ms: 2, server_cpu_ms_per_req: 0.5, valid: $valid,
      codes: {"200": 10}, socket_errors: {connect: 0, read: 0, write: 0, timeout: 0}, extra: {}, rss_load_max_mib: 200} + $x' >> "$d/results.jsonl"
}
# table DIR...: table.sh's output for those of the made-up dirs (SHOW=1 also prints it on stderr)
table() {
  local t; t="$("$BENCH/table.sh" "${@/#/$T/}")"
  [ "${SHOW:-0}" != 1 ] || printf '%s\n\n' "$t" >&2
  echo "$t"
}
# expect NAME TABLE PATTERN: the table has a line matching the extended regular expression
expect() {
  if grep -Eq -- "$3" <<< "$2"; then :; else echo "FAIL $1: no line matches /$3/"; echo "$2"; fails=$((fails + 1)); fi
}

run j jeton "Jeton H2" cc 2000 true
run j jeton "Jeton H2" refresh 1600 true
run j jeton "Jeton H2" introspect-pop 900 true '{"population": 100000, "population_asked": 100000, "mint_s": 12.5}'
run kc peer "Keycloak 26" cc 500 true
run kc peer "Keycloak 26" refresh 800 true
run kc peer "Keycloak 26" introspect-pop 300 true '{"population": 100000, "population_asked": 100000, "mint_s": 80}'
run sas peer "Spring AS" cc 4000 false
run sas peer "Spring AS" introspect-pop 10 true '{"population": 20000, "population_asked": 20000, "mint_s": 15}'
run op peer "oidc-provider" cc 1000 true
run op peer "oidc-provider" introspect-pop 450 true '{"population": 100000, "population_asked": 100000, "mint_s": 20}'
echo refresh > "$T/op/unsupported.txt"

out="$(table j kc sas op)"
expect header "$out" '^\| path \| Jeton H2 req/s .*\| best peer \| Jeton H2 / best peer \| notes \|$'
# cc: Spring AS is fastest but invalid, so oidc-provider (1000) is the best; 2000 / 1000
expect cc-best "$out" '^\| cc \| 2000 .*\| oidc-provider \(1000\) \| 2× \|'
expect cc-invalid "$out" '^\| cc \|.*\| 4000 \*\*INVALID\*\* \|.*Spring AS: INVALID'
# refresh: oidc-provider lacks it (n/a), Spring AS has no run (–); best Keycloak 800
expect refresh "$out" '^\| refresh \| 1600 .*\| – \| – \| – \| n/a \| n/a \| n/a \| Keycloak 26 \(800\) \| 2× \|'
expect pop "$out" '^\| introspect-pop .*\| oidc-provider \(450\) \| 2× \|.*Spring AS: population 20000 minted in 15 s'

out="$(table j kc)"
expect one-keycloak "$out" '^\| path \|.*\| Keycloak \| Jeton H2 / Keycloak \| notes \|$'
expect one-keycloak-cc "$out" '^\| cc \|.*\| Keycloak 26 \(500\) \| 4× \|'

out="$(table op)"
expect peers-only "$out" '^\| cc \| 1000 \| 1 / 2 \| 0.5 \| *\|$'

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo ok
