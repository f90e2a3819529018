# shellcheck shell=bash
# Sourced by ./osprey and ./check: sets JAVA_HOME to a JDK 25 or newer, found through JAVA_HOME, the java on the
# PATH, or /usr/lib/jvm/*; prints what to install and returns 1 when there is none.
# The major version of the JDK whose java is $1: from the JDK's `release` file when it has one (instant), else by
# asking that java (a JVM start, ~40 ms: every ./osprey run paid it before the release file was read).
osprey_java_major() {
  local rel line
  rel="${1%/bin/java}/release"
  if [ -r "$rel" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=\"[0-9]*) line=${line#JAVA_VERSION=\"}; echo "${line%%[!0-9]*}"; return 0 ;;
      esac
    done <"$rel"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

osprey_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(osprey_java_major "$cand/bin/java")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "osprey: needs a JDK 25 or newer (none found in JAVA_HOME, on the PATH or under /usr/lib/jvm)." >&2
  echo "        Install one, e.g. Temurin 25 (temurin-25-jdk) or openjdk-25-jdk, or set JAVA_HOME." >&2
  return 1
}
