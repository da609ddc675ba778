# Sourced by bin/jeton: the launcher's training start, which records the AOT cache or class-data
# sharing archive by running one `serve --demo --check`. It must never touch a real deployment
# (review H3, SPEC section 7): it runs with a scrubbed environment (env -i: no JETON_* variable, so
# no JETON_DB_URL and no master key, no JAVA_TOOL_OPTIONS) in its own throw-away data directory
# (mktemp, removed afterwards), on an ephemeral port of the loopback interface.
# Beside the demo realm it imports one from a configuration file, as a deployment's start does, so
# that the archive also holds what reading YAML and importing a client and a user load: a start
# with --config would otherwise load those classes from the jars (issue 11, start to first token).

# jeton_train JAVA [ARG]...: runs `JAVA ARG... serve --demo --config FILE --check ...`; its status
# is the start's.
jeton_train() {
  local train status=0
  train="$(mktemp -d "${TMPDIR:-/tmp}/jeton-train.XXXXXX")" || return 1
  cat > "$train/train.yaml" <<'YAML' || { rm -rf "$train"; return 1; }
realms:
  - name: train
    accessTokenTtl: 300
    clients:
      - id: train-client
        secret: train-secret-0123456789
        grants: [client_credentials, password, refresh_token]
    users:
      - username: train-user
        password: train-password
YAML
  env -i PATH="/usr/bin:/bin" HOME="$train" TMPDIR="$train" LANG=C.UTF-8 \
    "$@" serve --demo --config "$train/train.yaml" --check --host 127.0.0.1 --port 0 --data-dir "$train/data" \
    >/dev/null 2>&1 || status=$?
  rm -rf "$train"
  return "$status"
}
