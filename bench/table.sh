#!/usr/bin/env bash
# One markdown table of the bench.sh (and bench/pop.sh) result directories of one run: per path,
# every server's req/s, p50/p99 ms and server CPU ms/req, the best peer on that path, and the req/s
# ratio of each Jeton run to that best peer (SPEC section 6: only same-run ratios count).
# Usage: bench/table.sh DIR [DIR ...]
#   Each DIR is a ../shared/peers bench.sh output (/tmp/peers/results/<peer>-<ts>/ with meta.json and
#   results.jsonl). bench/run.sh adds label.txt, startup.json (startup to first token), role.txt
#   ("jeton" or "peer"; without it, bench.sh's peer "custom" is Jeton) and unsupported.txt (the
#   scenarios that server lacks, one a line: shown as n/a). Columns follow the order of the DIRs.
# A path is a scenario in one pinning mode; when one was measured more than once in the same mode
# (PIN=0,1,0,...), the last (warmest) run is shown. A run with any non-2xx response, socket error
# or (introspect-pop) inactive answer is marked INVALID: it gets no ratio and is never the best peer.
# Best peer: of the servers that are not Jeton, the one with the highest req/s among the valid runs
# of that path. The ratio columns say "/ Keycloak" when the only peer is one Keycloak (the table
# this script drew before there were other peers) and "/ best Keycloak" when all peers are Keycloaks.
# Notes: why a run is invalid, the population of introspect-pop, and each run's Lua counters
# (revoke's fresh/recycled, refresh's reused; not introspect-pop's active, implied by validity).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: table.sh DIR [DIR ...]"; exit 2; }

label() { if [ -f "$1/label.txt" ]; then cat "$1/label.txt"; else jq -r '.peer + (if .label != "" then " (" + .label + ")" else "" end)' "$1/meta.json"; fi; }
role() { if [ -f "$1/role.txt" ]; then cat "$1/role.txt"; elif [ "$(jq -r .peer "$1/meta.json")" = custom ]; then echo jeton; else echo peer; fi; }

SERVERS="$(for d in "$@"; do
  jq -n --arg dir "$d" --arg lbl "$(label "$d")" --arg role "$(role "$d")" \
    --slurpfile runs <(cat "$d/results.jsonl" 2>/dev/null || true) --slurpfile meta "$d/meta.json" \
    --slurpfile startup <(cat "$d/startup.json" 2>/dev/null || echo '{}') \
    --arg na "$(cat "$d/unsupported.txt" 2>/dev/null || true)" \
    '{dir: $dir, label: $lbl, role: $role, meta: $meta[0], startup: $startup[0],
      na: ($na | split("\n") | map(select(. != ""))),
      R: ($runs | map(select(.rps != null)) | reduce .[] as $r ({}; .["\($r.scenario)/\($r.pinned)"] = $r))}'
done | jq -s .)"

jq -r '
  def r2: (. * 100 | round) / 100;
  def order: {"cc": 1, "introspect": 2, "introspect-pop": 3, "password": 4, "refresh": 5, "revoke": 6}[.] // 99;
  def pathname($sc; $pin): ({"introspect-pop": "introspect-pop (random draw from a live population, sizes in notes)"}[$sc] // $sc)
    + (if $pin == "1" then " (pinned: server core 0, wrk core 1)" else "" end);
  . as $S
  | [$S[] | select(.role == "jeton")] as $J
  | [$S[] | select(.role != "jeton")] as $P
  | (if ($P | length) == 0 then null
     elif all($P[]; .label | startswith("Keycloak")) then (if ($P | length) == 1 then "Keycloak" else "best Keycloak" end)
     else "best peer" end) as $vs
  | ($vs != null and ($J | length) > 0) as $ratios
  | ([$S[].R | keys[]] | unique | sort_by((split("/")[0] | order), .)) as $keys
  # header
  | ("| path |" + ([$S[] | " \(.label) req/s | p50 / p99 ms | CPU ms/req |"] | join(""))
      + (if $ratios then " \($vs) |" + ([$J[] | " \(.label) / \($vs) |"] | join("")) else "" end) + " notes |"),
    ("|---|" + ([$S[] | "---:|---:|---:|"] | join("")) + (if $ratios then "---|" + ([$J[] | "---:|"] | join("")) else "" end) + "---|"),
  # one row per path
    ($keys[] as $k | ($k | split("/")) as [$sc, $pin]
     | ([$P[] | .R[$k] as $r | select($r != null and $r.valid and $r.rps > 0) | {name: .label, rps: $r.rps}] | max_by(.rps)) as $best
     | "| \(pathname($sc; $pin)) |"
       + ([$S[] | .R[$k] as $r
           | if $r != null then " \($r.rps)\(if $r.valid then "" else " **INVALID**" end) | \($r.p50_ms) / \($r.p99_ms) | \($r.server_cpu_ms_per_req // "–") |"
             elif (.na | index($sc)) then " n/a | n/a | n/a |"
             else " – | – | – |" end] | join(""))
       + (if $ratios then
            " \(if $best then "\($best.name) (\($best.rps))" else "–" end) |"
            + ([$J[] | .R[$k] as $r
                | if $r != null and $r.valid and $best then " \($r.rps / $best.rps | r2)× |" else " – |" end] | join(""))
          else "" end)
       + " \([$S[] | .label as $l | .R[$k] as $r | select($r != null)
               | (if $r.valid then empty else "\($l): INVALID, codes \($r.codes | tostring), socket errors \($r.socket_errors | tostring)" end),
                 (if $r.population then "\($l): population \($r.population)\(if $r.population != $r.population_asked then " of \($r.population_asked) asked" else "" end) minted in \($r.mint_s) s" else empty end),
                 ($r.extra | del(.active) | to_entries | map("\(.key)=\(.value)") | join(" ") | select(. != "") | "\($l): " + .)]
             | join("; ")) |"),
  # per server: memory, startup, raw results
    "",
    ($S[] | . as $s
     | ([$s.startup | (if .first_start_ms then "\(.first_start_ms) ms from an empty data dir (realm import and key generation included)" else empty end),
                     (if .restart_ms then "\(.restart_ms) ms on restart with the realm present" else empty end),
                     (if .start_ms then "\(.start_ms) ms (in-memory store, empty at every start)" else empty end)] | join(", ")) as $st
     | "- \($s.label): idle RSS \($s.meta.idle_rss_mib) MiB, max RSS under load \([$s.R[] | .rss_load_max_mib // 0] | max // 0) MiB\(if $st != "" then "; startup to first client_credentials token: " + $st else "" end); raw results `\($s.dir)`")
' <<< "$SERVERS"
