package io.osprey.engine.analyzer;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A test analyzer that records what the reassembler gives it of the originator's stream: the bytes in order and the
 * gaps ({@code "gap:SEQ:LEN"}, and their total). Shared by the reassembly tests; a test's analyzer factory makes one
 * per connection and keeps it (through {@code all}) to look at after the run.
 */
public final class OrigStreamRecorder extends Analyzer {
    /** The originator's bytes as delivered. */
    public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** The originator's gaps, as "gap:SEQ:LEN", in the order reported. */
    public final List<String> gaps = new ArrayList<>();
    /** Bytes reported as gaps. */
    public long gapBytes;

    /** A recorder for the connection of {@code ctx}, added to {@code all}. */
    public OrigStreamRecorder(AnalyzerContext ctx, List<OrigStreamRecorder> all) {
        super(ctx);
        all.add(this);
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (isOrig) {
            byte[] b = new byte[len];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, b, 0, len);
            bytes.writeBytes(b);
        }
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        if (isOrig) {
            gaps.add("gap:" + seq + ":" + len);
            gapBytes += len;
        }
    }
}
