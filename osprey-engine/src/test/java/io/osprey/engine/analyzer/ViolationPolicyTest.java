package io.osprey.engine.analyzer;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zeek's {@code max_analyzer_violations} and {@code DPD::ignore_violations}: an ignored analyzer stays attached
 * through its violations, and past the maximum its violations are dropped with one
 * {@code too_many_analyzer_violations} weird.
 */
class ViolationPolicyTest {
    private static final AnalyzerSpec SPEC = new AnalyzerSpec("BAD", "bad", AnalyzerSpec.TCP, new int[] {1},
            null, null, ctx -> new Analyzer(ctx) {
                @Override
                public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                    ctx.confirm();
                    ctx.violation("always bad", null);
                }
            });

    private static ConnAnalyzers run(AnalyzerHarness h, ViolationPolicy policy, List<AnalyzerFailure> failures) {
        h.events().subscribe(AnalyzerFailure.class, failures::add);
        ConnAnalyzers ca = new ConnAnalyzers(h, h, new AnalyzerSpec[] {SPEC}, new AnalyzerSpec[0], false, policy);
        byte[] b = "x".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 8; i++) {
            ca.deliverStream(false, MemorySegment.ofArray(b), 0, 1);
        }
        return ca;
    }

    @Test
    void ignoredAnalyzerStaysAndTooManyViolationsIsOneWeird() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 1);
        List<AnalyzerFailure> failures = new ArrayList<>();
        ConnAnalyzers ca = run(h, new ViolationPolicy(5, Set.of("BAD")), failures);
        assertThat(ca.analyzer("BAD")).isNotNull();
        assertThat(ca.services()).containsExactly("bad");
        assertThat(failures).isEmpty();
        assertThat(h.weirds()).containsExactly("too_many_analyzer_violations");
    }

    @Test
    void byDefaultTheFirstViolationDetaches() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 1);
        List<AnalyzerFailure> failures = new ArrayList<>();
        ConnAnalyzers ca = run(h, ViolationPolicy.DEFAULT, failures);
        assertThat(ca.analyzer("BAD")).isNull();
        assertThat(ca.services()).isEmpty();
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("always bad"));
        assertThat(h.weirds()).isEmpty();
    }
}
