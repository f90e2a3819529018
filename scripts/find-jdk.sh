# shellcheck shell=bash
# Sourced by ./osprey and ./check: sets JAVA_HOME to a JDK 25 or newer, found through JAVA_HOME, the java on the
# PATH, or /usr/lib/jvm/*; prints what to install and returns 1 when there is none.
osprey_java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }

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
