#!/usr/bin/env bash
# PNG charts of a bench/scale.sh result dir, drawn with gnuplot (Debian package gnuplot-nox,
# installed with apt-get when missing; needs root then). scale.sh calls it at its end.
#
# Usage: bench/charts.sh RESULT_DIR [OUT_DIR]      (OUT_DIR defaults to RESULT_DIR; docs/img for the docs)
#   RESULT_DIR/sessions.dat -> OUT_DIR/scale-sessions.png: refresh p99 and req/s against sessions
#       stored (log x), one point per round, the line through the means, and the SPEC 10 limit
#       (1.2 times the mean p99 of the smallest size)
#   RESULT_DIR/realms.dat   -> OUT_DIR/scale-realms.png: start-up to the first token (both starts of
#       each round) against realms stored with the SPEC 10 limit of 2 s, and cc and introspect p99
#   RESULT_DIR/concurrency.dat -> OUT_DIR/scale-concurrency.png: req/s and p99 (log y) of cc,
#       introspect and refresh against wrk connections (log x), one point per round, the line
#       through the means, one series per scenario (and store, when there are several)
#   RESULT_DIR/tokens.dat   -> OUT_DIR/scale-tokens.png: introspection p99 and req/s against live
#       tokens (log x), and the server's RSS after the mint and at most under load, beside the
#       RSS at the smallest size plus 48 bytes a token (VerifiedTokens: 24-byte slots, kept 3/8 to
#       3/4 full; 48 B a token at 10^6, docs/benchmarks.md)
# Environment: CHART_NOTE, a line added under every chart's title (e.g. "small noisy test run").
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
IN="${1:?usage: charts.sh RESULT_DIR [OUT_DIR]}"; OUTD="${2:-$IN}"; mkdir -p "$OUTD"
log() { echo "== $(date +%H:%M:%S) $*" >&2; }
if ! command -v gnuplot > /dev/null; then
  log "installing gnuplot-nox"; apt-get update -qq && apt-get install -y -qq gnuplot-nox > /dev/null
fi
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
NOTE="${CHART_NOTE:+\\n$CHART_NOTE}"   # gnuplot's "\n" in a double-quoted title
TITLE="Jeton $COMMIT on PostgreSQL, $(nproc) shared cores$NOTE"
# means FILE COL...: "n mean(col)..." per size, sizes in file order
means() {
  local f="$1"; shift
  awk -v cols="$*" 'NR > 1 { n = $3; if (!(n in k)) order[++m] = n; k[n]++; split(cols, c, " ");
      for (i in c) s[n, i] += $(c[i]) }
    END { split(cols, c, " "); for (j = 1; j <= m; j++) { n = order[j]; line = n;
      for (i = 1; i <= length(c); i++) line = line " " s[n, i] / k[n]; print line } }' "$f" | sort -n
}
COMMON='set terminal pngcairo size 1200,480 font "DejaVu Sans,11"
set logscale x 10
set format x "10^{%L}"
set grid
set key below
set pointsize 1.6'

if [ -f "$IN/sessions.dat" ]; then
  means "$IN/sessions.dat" 7 9 > "$IN/sessions.means"
  limit="$(awk 'NR == 1 { printf "%.3f", $3 * 1.2 }' "$IN/sessions.means")"
  xmin="$(awk 'NR == 1 { print $1 / 3 }' "$IN/sessions.means")"; xmax="$(awk 'END { print $1 * 3 }' "$IN/sessions.means")"
  gnuplot <<GP
$COMMON
set output "$OUTD/scale-sessions.png"
set multiplot layout 1,2 title "Refresh (rotating) against sessions stored: $TITLE"
set xrange [$xmin:$xmax]
set xlabel "sessions stored (log scale)"
set ylabel "p99 latency (ms)"
set yrange [0:*]
set title "refresh p99"
plot "$IN/sessions.dat" every ::1 using 3:(int(\$2) % 2 == 1 ? \$9 : 1/0) with points pt 7 lc rgb "#1f77b4" title "odd rounds (ascending)", \
     "$IN/sessions.dat" every ::1 using 3:(int(\$2) % 2 == 0 ? \$9 : 1/0) with points pt 5 lc rgb "#ff7f0e" title "even rounds (descending)", \
     "$IN/sessions.means" using 1:3 with lines lw 2 lc rgb "#444444" title "mean", \
     $limit with lines dt 2 lw 2 lc rgb "#d62728" title "SPEC 10: 1.2 x p99 at the smallest size"
set ylabel "requests per second"
set title "refresh throughput"
plot "$IN/sessions.dat" every ::1 using 3:(int(\$2) % 2 == 1 ? \$7 : 1/0) with points pt 7 lc rgb "#1f77b4" title "odd rounds (ascending)", \
     "$IN/sessions.dat" every ::1 using 3:(int(\$2) % 2 == 0 ? \$7 : 1/0) with points pt 5 lc rgb "#ff7f0e" title "even rounds (descending)", \
     "$IN/sessions.means" using 1:2 with lines lw 2 lc rgb "#444444" title "mean"
unset multiplot
GP
  log "chart $OUTD/scale-sessions.png"
fi

if [ -f "$IN/realms.dat" ]; then
  means "$IN/realms.dat" 6 7 10 15 > "$IN/realms.means"
  gnuplot <<GP
$COMMON
set output "$OUTD/scale-realms.png"
set multiplot layout 1,2 title "Realms stored: $TITLE"
set xrange [0.3:30000]
set xtics ("1" 1, "10" 10, "10^2" 100, "10^3" 1000, "10^4" 10000)
set xlabel "realms stored (log scale)"
set ylabel "launch to first token (ms)"
set yrange [0:*]
set title "start-up"
plot "$IN/realms.dat" every ::1 using 3:6 with points pt 7 lc rgb "#1f77b4" title "1st start of a round", \
     "$IN/realms.dat" every ::1 using 3:7 with points pt 5 lc rgb "#ff7f0e" title "2nd start (restart)", \
     "$IN/realms.means" using 1:((\$2 + \$3) / 2) with lines lw 2 lc rgb "#444444" title "mean", \
     2000 with lines dt 2 lw 2 lc rgb "#d62728" title "SPEC 10: under 2 s"
set ylabel "p99 latency (ms)"
set title "requests on the bench realm: p99"
plot "$IN/realms.dat" every ::1 using 3:10 with points pt 7 lc rgb "#2ca02c" title 'client\_credentials', \
     "$IN/realms.means" using 1:4 with lines lw 2 lc rgb "#2ca02c" notitle, \
     "$IN/realms.dat" every ::1 using 3:15 with points pt 9 lc rgb "#9467bd" title "introspect", \
     "$IN/realms.means" using 1:5 with lines lw 2 lc rgb "#9467bd" notitle
unset multiplot
GP
  log "chart $OUTD/scale-realms.png"
fi

# stores FILE: the stores (column 1) of a data file, in file order
stores() { awk 'NR > 1 && !($1 in s) { s[$1]; print $1 }' "$1"; }
# store_means FILE STORE COL...: "n mean(col)..." per size (column 3) of that store's rows
store_means() { local f="$1" st="$2"; shift 2; awk -v st="$st" 'NR == 1 || $1 == st' "$f" | means /dev/stdin "$@"; }
COLORS=("#2ca02c" "#9467bd" "#1f77b4" "#ff7f0e" "#d62728" "#8c564b")

if [ -f "$IN/concurrency.dat" ]; then
  mapfile -t ST < <(stores "$IN/concurrency.dat")
  rps="" p99="" i=0 k=0
  for st in "${ST[@]}"; do
    store_means "$IN/concurrency.dat" "$st" 5 7 10 12 15 17 > "$IN/concurrency-$st.means"
    suffix=""; [ ${#ST[@]} -gt 1 ] && suffix=" ($st)"
    j=0
    for sc in "client\\_credentials:5:2" "introspect:10:4" "refresh:15:6"; do
      IFS=: read -r name col mcol <<< "$sc"; c="${COLORS[$(( (k * 3 + j) % ${#COLORS[@]} ))]}"; pt=$(( 7 + 2 * k ))
      rps="$rps${rps:+, }\"$IN/concurrency.dat\" every ::1 using 3:(strcol(1) eq \"$st\" ? \$$col : 1/0) with points pt $pt lc rgb \"$c\" title '$name$suffix', \"$IN/concurrency-$st.means\" using 1:$mcol with lines lw 2 lc rgb \"$c\" notitle"
      p99="$p99${p99:+, }\"$IN/concurrency.dat\" every ::1 using 3:(strcol(1) eq \"$st\" ? \$$(( col + 2 )) : 1/0) with points pt $pt lc rgb \"$c\" title '$name$suffix', \"$IN/concurrency-$st.means\" using 1:$(( mcol + 1 )) with lines lw 2 lc rgb \"$c\" notitle"
      j=$(( j + 1 ))
    done
    k=$(( k + 1 ))
  done
  xmax="$(awk 'NR > 1 && $3 > m { m = $3 } END { print m * 2 }' "$IN/concurrency.dat")"
  gnuplot <<GP
$COMMON
set output "$OUTD/scale-concurrency.png"
set multiplot layout 1,2 title "Against concurrency, store ${ST[*]}: Jeton $COMMIT, $(nproc) shared cores, one point per round, lines through the means$NOTE"
set logscale x 2
set format x "%g"
set xtics (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
set xrange [0.7:$xmax]
set xlabel "wrk connections (log scale)"
set ylabel "requests per second"
set yrange [0:*]
set title "throughput"
plot $rps
set logscale y 10
set format y "%g"
set yrange [*:*]
set ylabel "p99 latency (ms, log scale)"
set title "p99"
plot $p99
unset multiplot
GP
  log "chart $OUTD/scale-concurrency.png"
fi

if [ -f "$IN/tokens.dat" ]; then
  mapfile -t ST < <(stores "$IN/tokens.dat")
  p99="" rps="" rss="" k=0
  xmin="$(awk 'NR > 1 && (m == "" || $3 < m) { m = $3 } END { print m / 3 }' "$IN/tokens.dat")"
  xmax="$(awk 'NR > 1 && $3 > m { m = $3 } END { print m * 3 }' "$IN/tokens.dat")"
  for st in "${ST[@]}"; do
    store_means "$IN/tokens.dat" "$st" 10 12 8 9 > "$IN/tokens-$st.means"
    read -r n0 _ _ r0 _ < "$IN/tokens-$st.means"
    c="${COLORS[$(( k % ${#COLORS[@]} ))]}"; c2="${COLORS[$(( (k + 2) % ${#COLORS[@]} ))]}"; pt=$(( 7 + 2 * k ))
    sel="strcol(1) eq \"$st\""
    p99="$p99${p99:+, }\"$IN/tokens.dat\" every ::1 using 3:($sel ? \$12 : 1/0) with points pt $pt lc rgb \"$c\" title \"introspect, $st\", \"$IN/tokens-$st.means\" using 1:3 with lines lw 2 lc rgb \"$c\" notitle"
    rps="$rps${rps:+, }\"$IN/tokens.dat\" every ::1 using 3:($sel ? \$10 : 1/0) with points pt $pt lc rgb \"$c\" title \"introspect, $st\", \"$IN/tokens-$st.means\" using 1:2 with lines lw 2 lc rgb \"$c\" notitle"
    rss="$rss${rss:+, }\"$IN/tokens.dat\" every ::1 using 3:($sel ? \$8 : 1/0) with linespoints pt $pt lw 2 lc rgb \"$c\" title \"after the mint, $st\", \"$IN/tokens.dat\" every ::1 using 3:($sel ? \$9 : 1/0) with points pt $(( pt - 1 )) lc rgb \"$c2\" title \"max under load, $st\", ($r0 + 48 * (x - $n0) / 1048576) with lines dt 2 lw 2 lc rgb \"#d62728\" title \"RSS at $n0 + 48 B a token (VerifiedTokens), $st\""
    k=$(( k + 1 ))
  done
  gnuplot <<GP
$COMMON
set terminal pngcairo size 1500,480 font "DejaVu Sans,11"
set output "$OUTD/scale-tokens.png"
set multiplot layout 1,3 title "Introspection of tokens drawn at random from all live ones: Jeton $COMMIT, $(nproc) shared cores$NOTE"
set xrange [$xmin:$xmax]
set xlabel "live access tokens (log scale)"
set yrange [0:*]
set ylabel "p99 latency (ms)"
set title "introspect p99"
plot $p99
set ylabel "requests per second"
set title "introspect throughput"
plot $rps
set ylabel "server RSS (MiB)"
set title "server memory"
plot $rss
unset multiplot
GP
  log "chart $OUTD/scale-tokens.png"
fi
