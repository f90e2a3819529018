package io.osprey.engine.analyzer;

import java.lang.foreign.MemorySegment;

/**
 * A protocol analyzer attached to one connection (Zeek's {@code analyzer::Analyzer} for application protocols):
 * one instance per connection, created by its {@link AnalyzerSpec#factory()} when the analyzer attaches (by port
 * or by payload detection), called only from the worker thread that owns the connection, dropped when the
 * connection ends or the analyzer is detached after a violation.
 *
 * <p>TCP analyzers get the reassembled byte stream of each direction in order ({@link #deliverStream}), with gaps
 * reported ({@link #gap}) and never glued over; UDP analyzers get each datagram's payload ({@link #deliverPacket}).
 * The bytes passed are only valid during the call (they usually point into the capture file or a reassembly
 * buffer): an analyzer that needs them later copies what it needs, bounded by its own documented caps.
 *
 * <p>An analyzer never throws on malformed input: it reports what it found through its {@link AnalyzerContext}
 * ({@link AnalyzerContext#confirm()} once the protocol is recognised, {@link AnalyzerContext#violation} when the
 * bytes are not this protocol, {@link AnalyzerContext#weird} for anomalies) and carries on. An exception that escapes
 * anyway is caught by the framework, which counts a weird naming the analyzer and detaches it from this connection
 * only.
 */
public abstract class Analyzer {
    /** The framework handle of this instance: connection, confirmation, violations, weirds, events. */
    protected final AnalyzerContext ctx;

    protected Analyzer(AnalyzerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * In-order stream bytes of one TCP direction: {@code len} bytes at {@code offset} in {@code data}.
     *
     * @param orig true for the originator's direction (after any role flip Zeek would do)
     */
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
    }

    /** One UDP datagram's payload (also for a datagram whose payload is empty). */
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
    }

    /**
     * A content gap in one TCP direction: {@code len} bytes starting at relative sequence number {@code seq} will
     * never be delivered (Zeek's {@code Undelivered}). The next {@link #deliverStream} continues after the gap.
     */
    public void gap(boolean orig, long seq, long len) {
    }

    /** The direction has ended (FIN or RST, all its data delivered); Zeek's {@code EndpointEOF}. */
    public void endOfData(boolean orig) {
    }

    /**
     * The connection is being removed (timeout, close or end of input): flush pending transactions and logs. Called
     * once, before conn.log's row is written; the analyzer is dropped afterwards.
     */
    public void done() {
    }
}
