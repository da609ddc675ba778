# Sourced by bin/jeton, bin/test and .ci/run: sets JETON_JDK to a JDK (or JRE) home of Java 21 or
# newer, trying JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*, newest first.
# With JETON_NEED_JAVAC=1 only a full JDK (with javac) qualifies, as building needs one.

# The feature version of the Java home $1: from its release file (no JVM start), else from java.
jeton_java_major() {
  local v=""
  if [ -f "$1/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")"
  fi
  if [ -z "$v" ]; then
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
  fi
  v="${v#1.}"
  echo "${v%%[.+_-]*}"
}

# Sets JETON_JDK_MAJOR and succeeds when $1 is a usable Java home.
jeton_home_ok() {
  local home="$1" major
  [ -x "$home/bin/java" ] || return 1
  if [ "${JETON_NEED_JAVAC:-0}" = 1 ] && [ ! -x "$home/bin/javac" ]; then
    return 1
  fi
  major="$(jeton_java_major "$home")"
  [ -n "$major" ] && [ "$major" -ge 21 ] || return 1
  JETON_JDK_MAJOR="$major"
}

# Maven's own Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it quietly.
jeton_maven_opts() {
  if [ "${JETON_JDK_MAJOR:-0}" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

jeton_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && jeton_home_ok "$JAVA_HOME"; then
    JETON_JDK="$JAVA_HOME"
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if jeton_home_ok "$candidate"; then
      JETON_JDK="$candidate"
      return 0
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    candidate="${candidate%/}"
    if jeton_home_ok "$candidate"; then
      JETON_JDK="$candidate"
      return 0
    fi
  done
  {
    echo "jeton: needs Java 21 or newer${JETON_NEED_JAVAC:+ (a JDK, with javac, to build)}, and found none."
    echo "  Tried: JAVA_HOME (${JAVA_HOME:-unset}), java on PATH ($(command -v java || echo none)), /usr/lib/jvm/*."
    echo "  Install a JDK 21+ (e.g. Temurin) and set JAVA_HOME to it."
  } >&2
  return 1
}
