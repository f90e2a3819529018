package io.osprey.engine.analyzer;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AnalyzerContext#confirmService}: services of protocols an analyzer parses itself join conn.log's service. */
class ChildServiceTest {
    /** Confirms "inner" on its first delivery, itself on its second, "inner" again and "other" on the third. */
    static final class Outer extends Analyzer {
        int n;

        Outer(AnalyzerContext ctx) {
            super(ctx);
        }

        @Override
        public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
            switch (++n) {
                case 1 -> ctx.confirmService("inner");
                case 2 -> ctx.confirm();
                default -> {
                    ctx.confirmService("inner");
                    ctx.confirmService("other");
                }
            }
        }
    }

    @Test
    void childServicesInConfirmationOrderOnce() {
        AnalyzerSpec spec = new AnalyzerSpec("OUTER", "outer", AnalyzerSpec.TCP, new int[] {9}, null, null,
                Outer::new);
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 9, spec);
        h.stream(true, "a").stream(false, "b").stream(true, "c");
        assertThat(h.services()).containsExactly("inner", "outer", "other");
    }

    @Test
    void nothingAfterDetach() {
        AnalyzerSpec spec = new AnalyzerSpec("OUTER", "outer", AnalyzerSpec.TCP, new int[] {9}, null, null,
                ctx -> new Analyzer(ctx) {
                    @Override
                    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                        ctx.violation("not it", null);
                        ctx.confirmService("inner");
                    }
                });
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 9, spec);
        h.stream(true, "a");
        assertThat(h.services()).isEmpty();
    }
}
