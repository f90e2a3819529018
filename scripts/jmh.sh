#!/usr/bin/env bash
# jmh.sh — builds osprey-bench (and the modules it needs) and runs its JMH benchmarks from a plain classpath:
# osprey-bench/target/osprey-bench-*.jar (which holds META-INF/BenchmarkList, written by the JMH annotation
# processor configured in osprey-bench/pom.xml) + osprey-bench/target/lib/* (copied at `package`). No shaded jar.
#
# Usage:  scripts/jmh.sh [JMH args]        e.g.
#   scripts/jmh.sh -l                                         list the benchmarks
#   scripts/jmh.sh -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc       every benchmark, briefly, with allocation per op
#   scripts/jmh.sh PcapRead -p file=/tmp/bench/mixed.pcap     the reader over the 1 GB bench capture
# Environment: JAVA_HOME (a JDK 25; default temurin-25 if present), JMH_SKIP_BUILD=1 to skip the Maven build.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ "${JMH_SKIP_BUILD:-0}" != 1 ]; then
  offline=""; [ -d "$HOME/.m2/repository/org/openjdk/jmh/jmh-core" ] && offline="-o"
  # lib/ is copied afresh from this reactor: a SNAPSHOT another checkout installed into ~/.m2 must not leak in
  rm -rf osprey-bench/target/lib
  # package, not install: the reactor build copies its own module jars into lib/, and ~/.m2 (shared by checkouts)
  # is left alone
  ./mvnw -B -q $offline package -DskipTests -pl osprey-bench -am >&2
fi
jar=$(ls osprey-bench/target/osprey-bench-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1)
[ -n "$jar" ] || { echo "jmh.sh: osprey-bench jar missing (build failed?)" >&2; exit 1; }
exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$jar:osprey-bench/target/lib/*" org.openjdk.jmh.Main "$@"
