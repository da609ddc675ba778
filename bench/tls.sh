#!/usr/bin/env bash
# client_credentials with each client authentication method over TLS, beside plain HTTP, in one
# run, through one load driver (io.jeton.bench.load.TokenLoad: wrk cannot present a client
# certificate or sign a fresh JWT per request), then a markdown table (docs/benchmarks.md,
# "Client authentication over TLS").
#
# Usage: bench/tls.sh
#   http-secret    plain HTTP, client_secret_basic (the baseline)
#   tls-secret     HTTPS, client_secret_basic
#   tls-mtls       HTTPS, tls_client_auth: a CA-issued client certificate (PKIX per request), bound token
#   tls-mtls-self  HTTPS, self_signed_tls_client_auth (not in the default MODES)
#   tls-pkjwt      HTTPS, private_key_jwt: a fresh ES256 assertion (new jti) per request
#   tls-dpop       HTTPS, client_secret_basic and a fresh ES256 DPoP proof (new jti, iat) per request
# Two servers, one at a time, on 127.0.0.1 with the same realm and a fresh H2 data dir each: a
# plain-HTTP one for http-secret, then an HTTPS one (clientAuth optional) for the tls-* modes.
# Every mode gets the same settings:
#   DURATION=15s WARMUP=20s GLOBAL_WARMUP=30s CONNECTIONS=16
#   MODES="http-secret tls-secret tls-mtls tls-pkjwt tls-dpop"
# Per server: one checked request per mode, a global warm-up of GLOBAL_WARMUP per mode, then per
# mode WARMUP running straight into the measured DURATION. Connections are kept alive: each is
# opened (TLS handshake included) before its warm-up, and none in the measured window.
# Other knobs: KEEP_DATA=1 keeps the H2 data dirs. Offline Maven: MAVEN_ARGS=-o.
# Output: the table on stdout and in /tmp/jeton-tls-bench/<ts>/table.md, beside the results
# (results.jsonl, one JSON line per mode), the driver's and the servers' logs, certificates, configs.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"

DURATION="${DURATION:-15s}" WARMUP="${WARMUP:-20s}" GLOBAL_WARMUP="${GLOBAL_WARMUP:-30s}"
CONNECTIONS="${CONNECTIONS:-16}"
read -r -a MODE_LIST <<< "${MODES:-http-secret tls-secret tls-mtls tls-pkjwt tls-dpop}"
HTTP_MODES=(); TLS_MODES=()
for m in "${MODE_LIST[@]}"; do
  case "$m" in
    http-secret) HTTP_MODES+=("$m") ;;
    tls-secret|tls-mtls|tls-mtls-self|tls-pkjwt|tls-dpop) TLS_MODES+=("$m") ;;
    *) echo "unknown mode $m (http-secret tls-secret tls-mtls tls-mtls-self tls-pkjwt tls-dpop)"; exit 2 ;;
  esac
done
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' \
    && { export JAVA_HOME="$j"; break; }
done
[ -x "${JAVA_HOME:-}/bin/java" ] || { echo "no JDK 21+ found (set JAVA_HOME)"; exit 2; }
for c in curl ss openssl getconf; do
  command -v "$c" > /dev/null || { echo "bench/tls.sh needs $c"; exit 2; }
done
TS="$(date +%Y%m%d-%H%M%S)"
OUT="/tmp/jeton-tls-bench/$TS"
mkdir -p "$OUT"
log() { echo "== $(date +%H:%M:%S) $*" >&2; }

# --- build ---------------------------------------------------------------------------------------
# bin/jeton builds cli/target/jeton.jar (the whole reactor, bench included) when it is missing or
# older than the sources; the driver's jar is rebuilt when it is older than any source.
JAR="$ROOT/bench/target/benchmarks.jar"
"$ROOT/bin/jeton" --help > /dev/null || { echo "$ROOT/bin/jeton cannot run (build failed?)" >&2; exit 1; }
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o \
    \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$JAR" -print -quit)" ]; then
  log "building the load driver (bench/target/benchmarks.jar)"
  (cd "$ROOT" && ./mvnw -B -q -pl bench -am -DskipTests package >&2)
fi
driver() { "$JAVA_HOME/bin/java" -Xms128m -Xmx512m -cp "$JAR" io.jeton.bench.load.TokenLoad "$@"; }

# --- certificates, keys, realm -----------------------------------------------------------------
# A CA, the server's certificate for 127.0.0.1, a CA-issued client certificate (tls_client_auth),
# a self-signed one (self_signed_tls_client_auth), the private_key_jwt client's key pair: all
# P-256, PKCS#8, valid two days.
P="$OUT/pki"; mkdir -p "$P"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -days 2 -subj "/CN=Jeton bench CA" -keyout "$P/ca.key" -out "$P/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null
issue() {  # name subject extensions
  openssl req "${ec[@]}" -subj "$2" -keyout "$P/$1.key" -out "$P/$1.csr" 2> /dev/null
  openssl x509 -req -in "$P/$1.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial -CAserial "$P/ca.srl" \
    -days 2 -extfile <(printf '%b' "$3") -out "$P/$1.crt" 2> /dev/null
}
issue server "/CN=127.0.0.1" "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature"
issue mtls "/O=Jeton/CN=bench-mtls" "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature"
openssl req -x509 "${ec[@]}" -days 2 -subj "/CN=bench-self" -keyout "$P/self.key" -out "$P/self.crt" 2> /dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/pkjwt.key" 2> /dev/null
openssl pkey -in "$P/pkjwt.key" -pubout -out "$P/pkjwt.pub" 2> /dev/null
JWKS="$(driver jwks --pub "$P/pkjwt.pub" --kid bench-pkjwt)"

# One client per mode; the same realm on both servers.
REALM="$OUT/realm.yaml"
cat > "$REALM" <<YAML
realms:
  - name: bench
    accessTokenTtl: 3600
    clients:
      - id: bench-basic
        secret: bench-basic-secret
        grants: [client_credentials]
      - id: bench-dpop
        secret: bench-dpop-secret
        grants: [client_credentials]
      - id: bench-mtls
        certificateSubject: CN=bench-mtls,O=Jeton
        grants: [client_credentials]
      - id: bench-self
        certificate: |
$(sed 's/^/          /' "$P/self.crt")
        grants: [client_credentials]
      - id: bench-pkjwt
        jwks: $JWKS
        grants: [client_credentials]
YAML

# --- servers -------------------------------------------------------------------------------------
# Ports 18400-18499: not bench/run.sh's 18090-18190, so that the two can run at once (on a quiet
# machine they should not: the numbers would mean nothing).
free_port() {
  local p
  for p in $(seq 18400 18499); do [ -z "$(ss -Hltn "sport = :$p")" ] && { echo "$p"; return; }; done
  echo "no free port in 18400-18499" >&2; return 1
}
port_pid() { ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
# The pid listening on port $1 when it is the JVM start_jeton launched (the launcher itself, as
# bin/jeton execs java, or its child), else nothing: a token from another job's server on a port
# taken between free_port and the start must not pass for ours.
our_pid() {
  local p; p="$(port_pid "$1")"
  [ -n "$p" ] && { [ "$p" = "$JPID" ] || [ "$(ps -o ppid= -p "$p" | tr -d ' ')" = "$JPID" ]; } && echo "$p"
  true
}

JPID=""; JAVA_PID=""; DATA_DIRS=()
MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"

# start_jeton http|https PORT: the config, a fresh data dir, launch, wait for a client_credentials 200
start_jeton() {
  local scheme="$1" port="$2" dir="$OUT/jeton-$1" curl_tls=()
  mkdir -p "$dir"; DATA_DIRS+=("$dir/data")
  {
    echo "host: 127.0.0.1"
    echo "publicUrl: $scheme://127.0.0.1:$port"   # the issuer, so the DPoP htu and the assertion aud
    if [ "$scheme" = https ]; then
      printf 'tls:\n  certFile: %s\n  keyFile: %s\n  clientAuth: optional\n  clientCaFile: %s\n' \
        "$P/server.crt" "$P/server.key" "$P/ca.crt"
      curl_tls=(--cacert "$P/ca.crt")
    fi
    cat "$REALM"
  } > "$dir/jeton.yaml"
  [ -z "$(ss -Hltn "sport = :$port")" ] || { echo "port $port busy" >&2; return 1; }
  # setsid: own process group, so stop_jeton can signal the launcher and the JVM by this one id
  JETON_MASTER_KEY="$MASTER_KEY" setsid "$ROOT/bin/jeton" serve --config "$dir/jeton.yaml" --port "$port" \
    --data-dir "$dir/data" >> "$dir/jeton.log" 2>&1 < /dev/null &
  JPID=$!
  local url="$scheme://127.0.0.1:$port/realms/bench/oauth2/token" deadline=$(( $(date +%s) + 120 ))
  until [ -n "$(our_pid "$port")" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 "${curl_tls[@]}" \
      -u bench-basic:bench-basic-secret -d grant_type=client_credentials "$url" 2>/dev/null || true)" = 200 ]; do
    if [ -n "$(port_pid "$port")" ] && [ -z "$(our_pid "$port")" ]; then
      echo "port $port was taken by another process (pid $(port_pid "$port")) before Jeton bound it" >&2; return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$JPID" 2>/dev/null; then
      echo "Jeton ($scheme) gave no client_credentials token within 120 s; log $dir/jeton.log:" >&2
      tail -40 "$dir/jeton.log" >&2; return 1
    fi
    sleep 0.1
  done
  JAVA_PID="$(our_pid "$port")"
  [ -n "$JAVA_PID" ] || { echo "Jeton no longer listens on port $port" >&2; return 1; }
}

# Stops what start_jeton launched: its process group and the JVM listening on the port.
stop_jeton() {
  [ -n "$JPID" ] || return 0
  local p
  kill -TERM -- "-$JPID" 2>/dev/null || true
  [ -n "${JAVA_PID:-}" ] && { kill -TERM "$JAVA_PID" 2>/dev/null || true; }
  for p in "$JPID" ${JAVA_PID:-}; do
    for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && { log "Jeton pid $p still alive after 30 s, SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
  done
  wait "$JPID" 2>/dev/null || true
  JPID=""; JAVA_PID=""
}

cleanup() {
  stop_jeton
  [ "${KEEP_DATA:-0}" = 1 ] || for d in "${DATA_DIRS[@]}"; do rm -rf "$d"; done
  true
}
trap cleanup EXIT

# bench SCHEME MODE...: one server, the driver over all its modes; results appended to results.jsonl
RESULTS="$OUT/results.jsonl"; : > "$RESULTS"
bench() {
  local scheme="$1" port rc=0; shift
  port="$(free_port)"
  log "Jeton ($scheme) on port $port"
  start_jeton "$scheme" "$port"
  log "Jeton ($scheme) up, pid $JAVA_PID; modes $*"
  driver run --url "$scheme://127.0.0.1:$port/realms/bench/oauth2/token" --modes "$(IFS=,; echo "$*")" \
    --connections "$CONNECTIONS" --global-warmup "$GLOBAL_WARMUP" --warmup "$WARMUP" --duration "$DURATION" \
    --server-pid "$JAVA_PID" --clk-tck "$(getconf CLK_TCK)" --ca "$P/ca.crt" \
    --mtls-cert "$P/mtls.crt" --mtls-key "$P/mtls.key" --self-cert "$P/self.crt" --self-key "$P/self.key" \
    --pkjwt-key "$P/pkjwt.key" --pkjwt-pub "$P/pkjwt.pub" --pkjwt-kid bench-pkjwt \
    --out "$RESULTS" 2> >(tee -a "$OUT/driver-$scheme.log" >&2) || rc=$?
  stop_jeton
  # 3: every mode ran, some run is invalid (the table says which); anything else is a failure
  [ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "the load driver failed ($rc); see $OUT/driver-$scheme.log" >&2; return 1; }
}

log "settings: DURATION=$DURATION WARMUP=$WARMUP GLOBAL_WARMUP=$GLOBAL_WARMUP CONNECTIONS=$CONNECTIONS modes=${MODE_LIST[*]}; output $OUT"
[ ${#HTTP_MODES[@]} -eq 0 ] || bench http "${HTTP_MODES[@]}"
[ ${#TLS_MODES[@]} -eq 0 ] || bench https "${TLS_MODES[@]}"

# --- the table -----------------------------------------------------------------------------------
{
  echo "### Client authentication over TLS, $(date -u +%Y-%m-%dT%H:%MZ), Jeton commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "client_credentials, io.jeton.bench.load.TokenLoad closed loop, $CONNECTIONS connections kept alive (each opened, TLS handshake included, before its warm-up: no handshake in the measured window); measured $DURATION per mode after a warm-up of $WARMUP, after a global warm-up of $GLOBAL_WARMUP per mode; a plain-HTTP server then an HTTPS one (clientAuth optional), one at a time, H2, on $(nproc) shared cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo
  driver table --in "$RESULTS" --baseline http-secret || true
  echo
  echo "- Latencies are send to last response byte; a signature (tls-pkjwt's assertion, tls-dpop's proof) is made before the send, so it is in the driver's CPU, not the latency. Server CPU is utime+stime of the server JVM over the measured window (/proc/PID/stat) per request; driver CPU likewise for the load driver's JVM. Both share the machine's cores."
} > "$OUT/table.md"
echo; cat "$OUT/table.md"; echo; echo "table: $OUT/table.md"
