# Sourced by bin/jeton: the launcher's training start, which records the AOT cache or class-data
# sharing archive by running one `serve --demo --check`. It must never touch a real deployment
# (review H3, SPEC section 7): it runs with a scrubbed environment (env -i: no JETON_* variable, so
# no JETON_DB_URL and no master key, no JAVA_TOOL_OPTIONS) in its own throw-away data directory
# (mktemp, removed afterwards), on an ephemeral port of the loopback interface.

# jeton_train JAVA [ARG]...: runs `JAVA ARG... serve --demo --check ...`; its status is the start's.
jeton_train() {
  local train status=0
  train="$(mktemp -d "${TMPDIR:-/tmp}/jeton-train.XXXXXX")" || return 1
  env -i PATH="/usr/bin:/bin" HOME="$train" TMPDIR="$train" LANG=C.UTF-8 \
    "$@" serve --demo --check --host 127.0.0.1 --port 0 --data-dir "$train/data" \
    >/dev/null 2>&1 || status=$?
  rm -rf "$train"
  return "$status"
}
