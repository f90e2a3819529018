package io.osprey.engine.analyzer;

import java.util.Set;

/**
 * How the framework treats analyzer violations beyond the default DPD handling: Zeek's {@code max_analyzer_violations}
 * (an analyzer instance's violations past it are dropped, the first dropped one raising the
 * {@code too_many_analyzer_violations} weird) and {@code DPD::ignore_violations} (analyzers whose violations neither
 * detach them nor reach analyzer.log). Set once per run on the {@link AnalyzerRegistry}; immutable.
 *
 * @param maxAnalyzerViolations violations reported per analyzer instance at most (Zeek's default 1000)
 * @param ignore                analyzer names (as {@link AnalyzerSpec#name()}, e.g. "POP3") whose violations DPD ignores
 */
public record ViolationPolicy(long maxAnalyzerViolations, Set<String> ignore) {
    /** Zeek's defaults: 1000 violations, none ignored. */
    public static final ViolationPolicy DEFAULT = new ViolationPolicy(1000, Set.of());

    public ViolationPolicy {
        ignore = Set.copyOf(ignore);
    }
}
