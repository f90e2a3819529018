/**
 * Benchmarks: JMH benchmarks for the hot loops (scripts/jmh.sh) and {@link io.osprey.bench.RepeatRun} for the
 * steady-state rate of the whole pipeline. Whole-process benchmarks against peer tools are scripts/bench.sh;
 * results are kept in BENCHMARKS.md.
 */
package io.osprey.bench;
