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
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
IN="${1:?usage: charts.sh RESULT_DIR [OUT_DIR]}"; OUTD="${2:-$IN}"; mkdir -p "$OUTD"
log() { echo "== $(date +%H:%M:%S) $*" >&2; }
if ! command -v gnuplot > /dev/null; then
  log "installing gnuplot-nox"; apt-get update -qq && apt-get install -y -qq gnuplot-nox > /dev/null
fi
TITLE="Jeton $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) on PostgreSQL, $(nproc) shared cores"
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
