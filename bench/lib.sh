# Shared by bench/run.sh and bench/scale.sh: source it, do not run it. Needs ROOT (the checkout),
# PEERS (../shared/peers, whose lib.sh must be sourced first: now_ms, port_pid, wait_first_token).
# Provides: the bench realm's credentials, PG_URL_BASE/PG_USER, a JDK >= 21 in JAVA_HOME, log,
# ensure_tools, build_jeton, free_port, write_config, jeton_urls, start_jeton, stop_jeton,
# machine_header.
# start_jeton/stop_jeton run $JROOT/bin/jeton (default: $ROOT) on $JPORT with $MASTER_KEY.
JROOT="${JROOT:-$ROOT}"   # the checkout whose bin/jeton start_jeton runs
CLIENT_ID=bench-client CLIENT_SECRET=bench-secret USERNAME=bench-user PASSWORD=bench-password
PG_URL_BASE="${PG_URL_BASE:-jdbc:postgresql://127.0.0.1:5432}"; PG_USER="${PG_USER:-postgres}"
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' \
    && { export JAVA_HOME="$j"; break; }
done

log() { echo "== $(date +%H:%M:%S) $*" >&2; }

# machine_header: one markdown line on the machine and the JDK a result table was measured with
machine_header() {
  local cpu mem jdk
  cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  mem="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  jdk="$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)"
  echo "machine: $(nproc) cores ($cpu), $mem RAM, $(uname -sr); JDK $jdk ($(basename "$JAVA_HOME")) for Jeton"
}

# ensure_tools CMD...: installs with apt-get (needs root) the packages of the commands missing
ensure_tools() {
  local need=() pkgs=() c
  for c in "$@"; do command -v "$c" > /dev/null || need+=("$c"); done
  [ ${#need[@]} -gt 0 ] || return 0
  for c in "${need[@]}"; do case "$c" in ss) pkgs+=(iproute2);; gnuplot) pkgs+=(gnuplot-nox);; *) pkgs+=("$c");; esac; done
  log "installing ${pkgs[*]}"
  apt-get -o DPkg::Lock::Timeout=240 update -qq && apt-get -o DPkg::Lock::Timeout=240 install -y -qq "${pkgs[@]}" > /dev/null
}

# (b) build Jeton if needed: bin/jeton builds cli/target/jeton.jar itself when it is missing or older
# than the sources. Called before every timed start, so a build never counts as startup time.
build_jeton() {
  "$JROOT/bin/jeton" --help > /dev/null || { echo "$JROOT/bin/jeton cannot run (build failed?)" >&2; return 1; }
}

# PORTS: the range to pick from (run.sh 18090-18190, scale.sh its own, so that both can run at once)
free_port() {
  local p range="${PORTS:-18090 18190}"
  for p in $(seq $range); do [ -z "$(ss -Hltn "sport = :$p")" ] && { echo "$p"; return; }; done
  echo "no free port in $range" >&2; return 1
}

# --- Jeton ---------------------------------------------------------------------------------------
JPID=""; JPORT=""; JDATA_DIRS=(); PG_DBS=()
write_config() {  # $1 file, $2 db url ("" = embedded H2)
  {
    echo "host: 127.0.0.1"
    if [ -n "$2" ]; then printf 'db:\n  url: %s\n  user: %s\n' "$2" "$PG_USER"; fi
    cat <<YAML
realms:
  - name: bench
    accessTokenTtl: 3600
    clients:
      - id: $CLIENT_ID
        secret: $CLIENT_SECRET
        grants: [client_credentials, password, refresh_token]
    users:
      - username: $USERNAME
        password: $PASSWORD
YAML
  } > "$1"
}

jeton_urls() {  # sets J_* for port $1
  J_BASE="http://127.0.0.1:$1/realms/bench/oauth2"
  J_TOKEN_URL="$J_BASE/token"; J_INTROSPECT_URL="$J_BASE/introspect"; J_REVOKE_URL="$J_BASE/revoke"
}

# start_jeton DATA_DIR: launches on $JPORT; sets JPID and STARTUP_MS (process launch to the first
# client_credentials 200, polled every 0.1 s like the peers' start.sh)
start_jeton() {
  local dir="$1" t0
  [ -z "$(ss -Hltn "sport = :$JPORT")" ] || { echo "port $JPORT busy" >&2; return 1; }
  build_jeton
  t0="$(now_ms)"
  # setsid: own process group, so stop_jeton can signal the launcher and the JVM by this one id
  # env -u: Jeton refuses unknown JETON_* variables, and JETON_BASE_ROOT is this script's own
  env -u JETON_BASE_ROOT JETON_MASTER_KEY="$MASTER_KEY" setsid "$JROOT/bin/jeton" serve --config "$dir/jeton.yaml" --port "$JPORT" \
    --data-dir "$dir/data" >> "$dir/jeton.log" 2>&1 < /dev/null &
  JPID=$!
  if ! STARTUP_MS="$(TOKEN_URL="$J_TOKEN_URL" wait_first_token "$t0" 120)"; then
    echo "Jeton gave no client_credentials token within 120 s; log $dir/jeton.log:" >&2; tail -40 "$dir/jeton.log" >&2
    return 1
  fi
  JAVA_PID="$(port_pid "$JPORT")"
  # a token from another job's server on a port taken between free_port and the start is not ours
  if [ -z "$JAVA_PID" ] || { [ "$JAVA_PID" != "$JPID" ] && [ "$(ps -o ppid= -p "$JAVA_PID" | tr -d ' ')" != "$JPID" ]; }; then
    echo "port $JPORT answers, but not from the Jeton started here (pid $JPID); log $dir/jeton.log" >&2
    return 1
  fi
}

# Stops what start_jeton launched: its process group and the JVM listening on $JPORT (the same
# process unless setsid had to fork because the launcher already led a process group).
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
