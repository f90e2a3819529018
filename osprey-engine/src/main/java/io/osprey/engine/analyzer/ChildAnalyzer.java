package io.osprey.engine.analyzer;

import java.lang.foreign.MemorySegment;

/**
 * An analyzer that another analyzer of the same connection created and feeds itself (Zeek's
 * {@code Analyzer::AddChildAnalyzer}, as SMTP's STARTTLS, POP3's STLS and FTP's AUTH TLS hand the rest of the
 * connection to an SSL analyzer). It reports like any attached analyzer: its confirmation adds its service to
 * conn.log's {@code service} (after the parent's), its violations go through the connection's violation handling
 * (analyzer.log when it had confirmed). The parent owns it: it forwards stream bytes, gaps and ends, and calls
 * {@link #done()} when it is done itself. Created by {@link AnalyzerContext#attachChild}; worker thread only.
 */
public final class ChildAnalyzer {
    private final AnalyzerContext ctx;
    private final Analyzer analyzer;
    private boolean done;

    ChildAnalyzer(AnalyzerContext ctx, Analyzer analyzer) {
        this.ctx = ctx;
        this.analyzer = analyzer;
    }

    /** True while the child takes data: not detached by a violation, not failed, not done. */
    public boolean live() {
        return !done && !ctx.detached();
    }

    AnalyzerContext ctx() {
        return ctx;
    }

    /** The child's analyzer (for tests). */
    public Analyzer analyzer() {
        return analyzer;
    }

    /** Forwards in-order stream bytes of one direction (see {@link Analyzer#deliverStream}). */
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (live()) {
            try {
                analyzer.deliverStream(orig, data, offset, len);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        finishIfDetached();
    }

    /** Forwards a content gap. */
    public void gap(boolean orig, long seq, long len) {
        if (live()) {
            try {
                analyzer.gap(orig, seq, len);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        finishIfDetached();
    }

    /** Forwards the end of one direction. */
    public void endOfData(boolean orig) {
        if (live()) {
            try {
                analyzer.endOfData(orig);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        finishIfDetached();
    }

    /** The parent is done (or the connection ends): the child gets {@link Analyzer#done()} once. */
    public void done() {
        if (!done) {
            done = true;
            try {
                analyzer.done();
            } catch (RuntimeException e) {
                ctx.weird("osprey_analyzer_error", ctx.spec().name() + ": " + e);
            }
        }
    }

    /** A violation detached the child: like an attached analyzer, it gets done() once right away. */
    private void finishIfDetached() {
        if (!done && ctx.detached()) {
            done();
        }
    }

    /** The seatbelt of {@link ConnAnalyzers}: an exception detaches only the child that threw it. */
    private void fail(RuntimeException e) {
        ctx.detached = true;
        done = true;
        ctx.weird("osprey_analyzer_error", ctx.spec().name() + ": " + e);
    }
}
