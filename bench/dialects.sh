#!/usr/bin/env bash
# Seed dialects against the standard endpoints over HTTP (issue 3: "a dialect adds under 10 % over
# the standard endpoint for the same operation"): one bin/jeton serve on a fresh embedded H2 store,
# realm "bench" with the four dialects mounted for it, and wrk with bench/lua/dialects.lua on
#   validate: standard introspect | C1 GET /auth/validate | onesait GET /oauth/check_token
#   refresh:  standard refresh_token grant | C1 POST /auth/renew | AGS POST /ags/refresh
# Refresh tokens rotate (each request spends an unused one, minted by password logins before the
# run); every answer must be a 200 (non200 in the table). One warm-up run per operation first, then
# ROUNDS measured rounds, odd rounds in the order above, even rounds reversed.
#
# Usage: bench/dialects.sh      Knobs: DURATION=10s WARMUP=10s ROUNDS=4 THREADS=2 CONNECTIONS=16
# Output: a markdown table on stdout; raw wrk output in /tmp/jeton-dialects-<ts>/.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
DURATION="${DURATION:-10s}" WARMUP="${WARMUP:-10s}" ROUNDS="${ROUNDS:-4}"
THREADS="${THREADS:-2}" CONNECTIONS="${CONNECTIONS:-16}"
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  [ -n "$j" ] && [ -x "$j/bin/java" ] && { export JAVA_HOME="$j"; break; }
done
CLIENT_ID=bench-client CLIENT_SECRET=bench-secret USERNAME=bench-user PASSWORD=bench-password REALM=bench
BASIC_AUTH="$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
OUT="/tmp/jeton-dialects-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$OUT"
log() { echo "== $(date +%H:%M:%S) $*" >&2; }

if pgrep -x wrk > /dev/null; then echo "another wrk is running; not benchmarking on a busy machine" >&2; exit 1; fi

PORT=""
for p in $(seq 18290 18390); do [ -z "$(ss -Hltn "sport = :$p")" ] && { PORT="$p"; break; }; done
[ -n "$PORT" ] || { echo "no free port in 18290-18390" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

cat > "$OUT/jeton.yaml" <<YAML
host: 127.0.0.1
realms:
  - name: $REALM
    accessTokenTtl: 3600
    clients:
      - id: $CLIENT_ID
        secret: $CLIENT_SECRET
        grants: [password, refresh_token]
    users:
      - username: $USERNAME
        password: $PASSWORD
dialects:
  c1: {realm: $REALM}
  onesait: {realm: $REALM}
  ags: {realm: $REALM, tenantHeader: nv-tenant-id, client: $CLIENT_ID}
  amino: {realm: $REALM, client: $CLIENT_ID}
YAML

"$ROOT/bin/jeton" --help > /dev/null   # builds cli/target/jeton.jar when it is missing or stale
JPID=""
stop() {
  [ -n "$JPID" ] || return 0
  kill -TERM -- "-$JPID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$JPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$JPID" 2>/dev/null || true
  JPID=""
}
trap stop EXIT
log "Jeton on port $PORT, data $OUT/data"
JETON_MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)" setsid "$ROOT/bin/jeton" serve --config "$OUT/jeton.yaml" \
  --port "$PORT" --data-dir "$OUT/data" >> "$OUT/jeton.log" 2>&1 < /dev/null &
JPID=$!

login() {  # prints the token response of one password grant
  curl -sf -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=password -d "username=$USERNAME" \
    -d "password=$PASSWORD" "$BASE/realms/$REALM/oauth2/token"
}
for _ in $(seq 1 600); do login > "$OUT/first.json" 2>/dev/null && break; sleep 0.2; done
[ -s "$OUT/first.json" ] || { echo "Jeton gave no token; log:" >&2; tail -30 "$OUT/jeton.log" >&2; exit 1; }
ACCESS_TOKEN="$(jq -r .access_token "$OUT/first.json")"

mint() {  # $1 file: CONNECTIONS + THREADS unused refresh tokens
  : > "$1"
  for _ in $(seq 1 $((CONNECTIONS + THREADS))); do login | jq -r .refresh_token >> "$1"; done
}

run() {  # $1 op, $2 duration, $3 name: prints the RESULT json
  local seed="$OUT/$3.seed"
  case "$1" in refresh|c1-renew|ags-refresh) mint "$seed";; esac
  OP="$1" SEED_FILE="$seed" ACCESS_TOKEN="$ACCESS_TOKEN" BASIC_AUTH="$BASIC_AUTH" REALM="$REALM" \
    USERNAME="$USERNAME" WRK_THREADS="$THREADS" \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$2" --timeout 10s -s "$BENCH/lua/dialects.lua" "$BASE" > "$OUT/$3.txt" 2>&1
  grep '^RESULT ' "$OUT/$3.txt" | sed 's/^RESULT //' || { echo "wrk failed: $(tail -5 "$OUT/$3.txt")" >&2; return 1; }
}

OPS=(introspect c1-validate onesait-check refresh c1-renew ags-refresh)
for op in "${OPS[@]}"; do log "warm-up $op $WARMUP"; run "$op" "$WARMUP" "warmup-$op" >> "$OUT/warmup.jsonl"; done
for round in $(seq 1 "$ROUNDS"); do
  order=("${OPS[@]}")
  [ $((round % 2)) -eq 0 ] && order=(ags-refresh c1-renew refresh onesait-check c1-validate introspect)
  for op in "${order[@]}"; do
    log "round $round $op $DURATION"
    run "$op" "$DURATION" "r$round-$op" | jq -c --argjson r "$round" '. + {round: $r}' >> "$OUT/results.jsonl"
  done
done
stop

# Table: mean req/s over the rounds, ratio to the standard endpoint of the same operation.
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP per operation, $ROUNDS rounds (order alternating); raw: $OUT"
echo
echo "| operation | endpoint | req/s per round | mean req/s | mean p50 ms | mean p99 ms | non-200 | dialect/standard time per request |"
echo "|---|---|---|---|---|---|---|---|"
jq -rs '
  def mean(f): (map(f) | add / length);
  def std(op): (if op == "introspect" or op == "c1-validate" or op == "onesait-check" then "introspect" else "refresh" end);
  group_by(.op) | map({op: .[0].op, per: (sort_by(.round) | map(.rps | floor | tostring) | join(" / ")),
    rps: mean(.rps), p50: mean(.p50_ms), p99: mean(.p99_ms), bad: (map(.non200 + .socket_errors) | add)})
  | (map({key: .op, value: .rps}) | from_entries) as $r
  | sort_by(.op as $op | ["introspect","c1-validate","onesait-check","refresh","c1-renew","ags-refresh"] | index($op))
  | .[] | "| \(if std(.op) == "introspect" then "validate" else "refresh" end) | \(.op) | \(.per) | \(.rps | floor) | \(.p50 * 1000 | floor / 1000) | \(.p99 * 1000 | floor / 1000) | \(.bad) | \(($r[std(.op)] / .rps) * 1000 | floor / 1000) |"
' "$OUT/results.jsonl"
