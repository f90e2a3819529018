package io.osprey.engine.analyzer;

import java.lang.foreign.MemorySegment;

/**
 * A parent analyzer's hand-over of the rest of its connection to a child analyzer (Zeek's {@code StartTLS()} in the
 * POP3, FTP, IRC, MySQL and IMAP analyzers: once the peers agreed on TLS, every later byte goes to an SSL child and
 * the parent parses nothing more). Before {@link #start()} nothing is forwarded; after it, stream bytes, gaps, ends and {@code done()}
 * go to the child, or nowhere when no child spec was configured. Owned by the parent analyzer; worker thread only.
 */
public final class HandOver {
    private final AnalyzerContext ctx;
    private final AnalyzerSpec spec;
    private ChildAnalyzer child;
    private boolean started;

    /**
     * @param ctx  the parent's context
     * @param spec the child to attach at {@link #start()}, or null to only stop the parent there
     */
    public HandOver(AnalyzerContext ctx, AnalyzerSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
    }

    /** True once the connection was handed over: the parent must not parse any more. */
    public boolean started() {
        return started;
    }

    /** Hands the connection over (once); the child, if any, is attached now. */
    public void start() {
        if (!started) {
            started = true;
            if (spec != null) {
                child = ctx.attachChild(spec);
            }
        }
    }

    /** Forwards stream bytes to the child, if there is one. */
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (child != null) {
            child.deliverStream(orig, data, offset, len);
        }
    }

    /** Forwards a content gap to the child, if there is one. */
    public void gap(boolean orig, long seq, long len) {
        if (child != null) {
            child.gap(orig, seq, len);
        }
    }

    /** Forwards the end of one direction to the child, if there is one. */
    public void endOfData(boolean orig) {
        if (child != null) {
            child.endOfData(orig);
        }
    }

    /** The parent is done: so is the child. */
    public void done() {
        if (child != null) {
            child.done();
        }
    }
}
