#!/usr/bin/env bash
# Side-by-side markdown table of bench.sh result directories: Jeton against Keycloak, same run.
# Usage: bench/table.sh KEYCLOAK_DIR JETON_DIR [JETON_DIR ...]
#   Each DIR is a ../shared/peers bench.sh output (/tmp/peers/results/<peer>-<ts>/ with meta.json and
#   results.jsonl). bench/run.sh adds startup.json (startup-to-first-token) and label.txt to each.
# Per scenario and pinning mode it shows req/s, p50/p99 ms, server CPU ms/req for every server and
# the req/s ratio of each Jeton run to Keycloak. When a scenario was measured more than once in
# the same mode (PIN=0,1,0,...), the last (warmest) run is shown. A run with any non-2xx response
# or socket error is marked INVALID and its ratio is not given.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: table.sh KEYCLOAK_DIR JETON_DIR [JETON_DIR ...]"; exit 2; }
KC="$1"; shift
ALL=("$@" "$KC")

label() { if [ -f "$1/label.txt" ]; then cat "$1/label.txt"; else jq -r '.peer + (if .label != "" then " (" + .label + ")" else "" end)' "$1/meta.json"; fi; }
# last run of each scenario/pin as one JSON object keyed "scenario/pin"
runs() { jq -s 'map(select(.rps != null)) | reduce .[] as $r ({}; .["\($r.scenario)/\($r.pinned)"] = $r)' "$1/results.jsonl"; }

KEYS="$(for d in "${ALL[@]}"; do runs "$d" | jq -r 'keys[]'; done | sort -u |
  awk -F/ '{o=index("cc introspect password refresh revoke", $1); print (o?o:99) "\t" $0}' | sort -n -k1,1 -k2 | cut -f2)"

header="| scenario |"; sep="|---|"
for d in "$@"; do
  l="$(label "$d")"
  header+=" $l req/s | p50 / p99 ms | CPU ms/req |"; sep+="---:|---:|---:|"
done
header+=" $(label "$KC") req/s | p50 / p99 ms | CPU ms/req |"; sep+="---:|---:|---:|"
for d in "$@"; do header+=" $(label "$d") / Keycloak |"; sep+="---:|"; done
header+=" notes |"; sep+="---|"
echo "$header"; echo "$sep"

declare -A R
for d in "${ALL[@]}"; do R["$d"]="$(runs "$d")"; done
for k in $KEYS; do
  sc="${k%/*}"; pin="${k#*/}"
  name="$sc"; [ "$pin" = 1 ] && name="$sc (pinned: server core 0, wrk core 1)"
  row="| $name |"; notes=""
  for d in "${ALL[@]}"; do
    row+="$(jq -r --arg k "$k" '.[$k] // empty | " \(.rps)\(if .valid then "" else " **INVALID**" end) | \(.p50_ms) / \(.p99_ms) | \(.server_cpu_ms_per_req // "–") |"' <<< "${R[$d]}")"
    [ -n "$(jq -r --arg k "$k" '.[$k] // empty | .scenario' <<< "${R[$d]}")" ] || row+=" – | – | – |"
    n="$(jq -r --arg k "$k" --arg l "$(label "$d")" '.[$k] // empty |
      [ (if .valid then empty else "\($l): codes \(.codes|tostring) socket errors \(.socket_errors|tostring)" end),
        (if (.extra|length) > 0 then "\($l): \(.extra|to_entries|map("\(.key)=\(.value)")|join(" "))" else empty end) ] | join("; ")' <<< "${R[$d]}")"
    [ -n "$n" ] && notes+="${notes:+; }$n"
  done
  for d in "$@"; do
    row+="$(jq -rn --arg k "$k" --argjson j "${R[$d]}" --argjson c "${R[$KC]}" '
      ($j[$k]) as $a | ($c[$k]) as $b |
      if $a == null or $b == null or ($a.valid|not) or ($b.valid|not) or $b.rps == 0 then " – |"
      else " \(($a.rps / $b.rps * 100 | round) / 100)× |" end')"
  done
  echo "$row $notes |"
done
echo
for d in "${ALL[@]}"; do
  st=""
  if [ -f "$d/startup.json" ]; then
    st="$(jq -r '"startup to first client_credentials token: " + ([
      (if .first_start_ms then "\(.first_start_ms) ms from an empty data dir (realm import and key generation included)" else empty end),
      (if .restart_ms then "\(.restart_ms) ms on restart with the realm present" else empty end)] | join(", "))' "$d/startup.json")"
  fi
  rmax="$(jq -s 'map(.rss_load_max_mib // 0) | max' "$d/results.jsonl")"
  echo "- $(label "$d"): idle RSS $(jq -r .idle_rss_mib "$d/meta.json") MiB, max RSS under load $rmax MiB${st:+; $st}; raw results \`$d\`"
done
