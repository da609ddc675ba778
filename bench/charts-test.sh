#!/usr/bin/env bash
# Checks bench/charts.sh on made-up data files of bench/scale.sh: every data file gives its PNG, and
# the line through the means is the mean over rounds of each size (of each store on its own, when a
# file has two). Needs bash, awk and gnuplot (with pngcairo); prints "ok" and exits 0 when every
# check holds. Run by ChartsScriptTest in mvn verify (skipped without gnuplot), or by hand:
# bench/charts-test.sh
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d /tmp/charts-test.XXXXXX)"; trap 'rm -rf "$T"' EXIT
fails=0
# expect NAME ACTUAL EXPECTED
expect() { [ "$2" = "$3" ] || { echo "FAIL $1: got '$2', expected '$3'"; fails=$((fails + 1)); }; }

cat > "$T/sessions.dat" <<'DAT'
store round n sessions tokens_before tokens_after rps p50_ms p99_ms cpu_ms_per_req valid result_dir
postgres 1 1000 1000 1250 2000 700 10 100 0.7 true /x
postgres 1 1000000 1000000 1250000 1260000 800 9 80 0.5 true /x
postgres 2 1000000 1000000 1260000 1270000 900 9 60 0.5 true /x
postgres 2 1000 1000 2000 3000 900 10 140 0.7 true /x
DAT
cat > "$T/realms.dat" <<'DAT'
store round n realms signing_keys start1_ms start2_ms cc_rps cc_p50_ms cc_p99_ms cc_cpu_ms_per_req cc_valid in_rps in_p50_ms in_p99_ms in_cpu_ms_per_req in_valid result_dir
postgres 1 1 1 1 1000 1100 3000 2 50 0.15 true 20000 0.4 20 0.02 true /x
postgres 1 10000 10000 10000 1500 1400 2900 2 60 0.15 true 21000 0.4 25 0.02 true /x
DAT
cat > "$T/concurrency.dat" <<'DAT'
store round connections threads cc_rps cc_p50_ms cc_p99_ms cc_cpu_ms_per_req cc_valid in_rps in_p50_ms in_p99_ms in_cpu_ms_per_req in_valid rf_rps rf_p50_ms rf_p99_ms rf_cpu_ms_per_req rf_valid result_dir
h2 1 1 1 500 2 4 0.2 true 5000 0.2 0.5 0.02 true 300 3 6 0.5 true /x
h2 1 16 2 3000 5 40 0.15 true 20000 0.7 10 0.02 true 1500 10 80 0.4 true /x
h2 2 16 2 2000 6 60 0.15 true 22000 0.6 12 0.02 true 1300 11 90 0.4 true /x
h2 2 1 1 700 2 6 0.2 true 7000 0.2 0.7 0.02 true 500 3 8 0.5 true /x
postgres 1 1 1 100 9 20 0.5 true 4000 0.3 1 0.03 true 90 11 30 0.9 true /x
postgres 1 16 2 900 17 90 0.4 true 15000 1 15 0.03 true 600 25 150 0.8 true /x
DAT
cat > "$T/tokens.dat" <<'DAT'
store run n population minted mint_s rss_before_mint_mib rss_after_mint_mib rss_max_mib rps p50_ms p99_ms cpu_ms_per_req active inactive valid result_dir
h2 1 1000 1000 1000 0.5 150 160 170 20000 0.5 10 0.03 300000 0 true /x
h2 2 1000 1000 1000 0.5 150 160 180 22000 0.5 14 0.03 330000 0 true /x
h2 1 10000 10000 9000 3 170 180 190 19000 0.6 12 0.03 290000 0 true /x
DAT

CHART_NOTE="made-up data" "$BENCH/charts.sh" "$T" "$T/png" 2> "$T/log" || { echo "FAIL charts.sh: $(cat "$T/log")"; exit 1; }
for c in sessions realms concurrency tokens; do
  f="$T/png/scale-$c.png"
  expect "$c.png" "$([ -s "$f" ] && head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
done
# means: size, then the mean of each column charts.sh asked for, per store
expect concurrency-h2-means "$(tr '\n' ';' < "$T/concurrency-h2.means")" "1 600 5 6000 0.6 400 7;16 2500 50 21000 11 1400 85;"
expect concurrency-pg-means "$(tr '\n' ';' < "$T/concurrency-postgres.means")" "1 100 20 4000 1 90 30;16 900 90 15000 15 600 150;"
expect tokens-means "$(tr '\n' ';' < "$T/tokens-h2.means")" "1000 21000 12 160 175;10000 19000 12 180 190;"
expect sessions-means "$(tr '\n' ';' < "$T/sessions.means")" "1000 800 120;1000000 850 70;"
[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo ok
