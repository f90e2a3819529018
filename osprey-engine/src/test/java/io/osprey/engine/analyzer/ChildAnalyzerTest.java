package io.osprey.engine.analyzer;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Child analyzers (Zeek's AddChildAnalyzer, as STARTTLS uses it): the parent creates and feeds the child; the child's
 * confirmation adds its service after the parent's, its violation detaches only the child (it gets done() once and no
 * more data), an exception in it is the seatbelt weird and detaches only it.
 */
class ChildAnalyzerTest {
    /** What the child saw. */
    private final List<String> childLog = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** The child: "OK" confirms, "BAD" is a violation, "THROW" throws; it records deliveries and done(). */
    private final AnalyzerSpec childSpec = new AnalyzerSpec("CHILD", "child", AnalyzerSpec.TCP, new int[0], null, null,
            ctx -> new Analyzer(ctx) {
                @Override
                public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                    byte[] b = new byte[len];
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, b, 0, len);
                    String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
                    childLog.add(s);
                    switch (s) {
                        case "OK" -> ctx.confirm();
                        case "BAD" -> ctx.violation("bad child data", null);
                        case "THROW" -> throw new IllegalStateException("boom");
                        default -> {
                        }
                    }
                }

                @Override
                public void done() {
                    childLog.add("done");
                }
            });

    /** The parent: confirms at once; after "UPGRADE" it hands everything that follows to a child. */
    private final AnalyzerSpec parentSpec = new AnalyzerSpec("PARENT", "parent", AnalyzerSpec.TCP, new int[] {7}, null,
            null, ctx -> new Analyzer(ctx) {
                private ChildAnalyzer child;

                @Override
                public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                    if (child != null) {
                        child.deliverStream(orig, data, offset, len);
                        return;
                    }
                    ctx.confirm();
                    if (len == 7 && data.get(ValueLayout.JAVA_BYTE, offset) == 'U') {
                        child = ctx.attachChild(childSpec);
                    }
                }

                @Override
                public void done() {
                    if (child != null) {
                        child.done();
                    }
                }
            });

    private AnalyzerHarness harness() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 7, parentSpec);
        h.events().subscribe(AnalyzerFailure.class, f -> failures.add(f.analyzer().name() + " " + f.reason()));
        return h;
    }

    @Test
    void childConfirmationAddsItsServiceAfterTheParents() {
        AnalyzerHarness h = harness();
        h.stream(true, "UPGRADE").stream(true, "hello").stream(false, "OK");
        assertThat(h.services()).containsExactly("parent", "child");
        h.done();
        assertThat(childLog).containsExactly("hello", "OK", "done");
    }

    @Test
    void childViolationDetachesOnlyTheChild() {
        AnalyzerHarness h = harness();
        h.stream(true, "UPGRADE").stream(true, "OK").stream(true, "BAD").stream(true, "after");
        assertThat(failures).containsExactly("CHILD bad child data");
        assertThat(h.services()).containsExactly("parent");
        assertThat(h.analyzer("PARENT")).isNotNull();
        h.done();
        // done() once, when detached; nothing delivered after the violation.
        assertThat(childLog).containsExactly("OK", "BAD", "done");
    }

    @Test
    void childExceptionIsTheSeatbeltWeirdAndDetachesOnlyTheChild() {
        AnalyzerHarness h = harness();
        h.stream(true, "UPGRADE").stream(true, "THROW").stream(true, "after");
        assertThat(h.weirds()).singleElement().asString().startsWith("osprey_analyzer_error");
        assertThat(h.analyzer("PARENT")).isNotNull();
        h.done();
        assertThat(childLog).containsExactly("THROW");
    }
}
