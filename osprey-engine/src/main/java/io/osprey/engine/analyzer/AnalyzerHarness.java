package io.osprey.engine.analyzer;

import io.osprey.engine.event.EventBus;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs analyzers without packets, for parser and analyzer unit tests: one connection (a fixed 4-tuple), the given
 * analyzers attached as if by port, bytes fed straight in as stream chunks or datagrams, and what the framework saw
 * (services, weirds, events) recorded. Not used by the pipeline itself.
 */
public final class AnalyzerHarness implements AnalyzerEnv, ConnInfo {
    private boolean partial;
    private boolean hadGap;
    private int limitsReached;
    private final EventBus events = new EventBus();
    private final List<String> weirds = new ArrayList<>();
    private final ExpectedConnections expected = new ExpectedConnections();
    private int flips;
    /** {@link #workerLocal} instances by type. */
    private final WorkerLocals workerLocals = new WorkerLocals();
    private final ConnAnalyzers analyzers;
    private final int proto;
    private long now = 1_000_000_000_000_000_000L / 1000;
    private long origBytes;
    private long respBytes;
    private int ids;

    /** Attaches {@code specs} (as if by port) to a connection 10.0.0.1:40000 → 10.0.0.2:{@code respPort}. */
    public AnalyzerHarness(int proto, int respPort, AnalyzerSpec... specs) {
        this.proto = proto;
        this.respPort = respPort;
        this.analyzers = new ConnAnalyzers(this, this, specs, new AnalyzerSpec[0]);
    }

    private final int respPort;

    /** Sets network time (ns). */
    public AnalyzerHarness at(long nanos) {
        now = nanos;
        return this;
    }

    /** Feeds stream bytes of one direction. */
    public AnalyzerHarness stream(boolean orig, byte[] data) {
        if (orig) {
            origBytes += data.length;
        } else {
            respBytes += data.length;
        }
        analyzers.deliverStream(orig, MemorySegment.ofArray(data), 0, data.length);
        return this;
    }

    /** Feeds {@code len} stream bytes at {@code offset} of {@code data} (no copy, no allocation). */
    public AnalyzerHarness stream(boolean orig, MemorySegment data, long offset, int len) {
        if (orig) {
            origBytes += len;
        } else {
            respBytes += len;
        }
        analyzers.deliverStream(orig, data, offset, len);
        return this;
    }

    /** Feeds stream text (ISO-8859-1) of one direction. */
    public AnalyzerHarness stream(boolean orig, String text) {
        return stream(orig, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds one datagram. */
    public AnalyzerHarness packet(boolean orig, byte[] data) {
        if (orig) {
            origBytes += data.length;
        } else {
            respBytes += data.length;
        }
        analyzers.deliverPacket(orig, MemorySegment.ofArray(data), 0, data.length);
        return this;
    }

    /** Reports a gap. */
    public AnalyzerHarness gap(boolean orig, long seq, long len) {
        hadGap = true; // as the engine's reassembler marks the connection (ConnInfo.hadGap)
        analyzers.gap(orig, seq, len);
        return this;
    }

    /** Ends a direction. */
    public AnalyzerHarness endOfData(boolean orig) {
        analyzers.endOfData(orig);
        return this;
    }

    /**
     * The stream fuzz tests' delivery: both directions' bytes interleaved in pieces of 1 to {@code maxPiece} bytes
     * (direction and size drawn from {@code r}), a content gap of up to 3,000 bytes after about one piece in 50, and,
     * half the time, both directions' end of data. Not {@link #done()}: the test ends the connection.
     */
    public AnalyzerHarness interleave(byte[] orig, byte[] resp, java.util.SplittableRandom r, int maxPiece) {
        int ci = 0;
        int si = 0;
        while (ci < orig.length || si < resp.length) {
            boolean o = si >= resp.length || (ci < orig.length && r.nextBoolean());
            byte[] b = o ? orig : resp;
            int at = o ? ci : si;
            int len = Math.min(b.length - at, 1 + r.nextInt(maxPiece));
            stream(o, java.util.Arrays.copyOfRange(b, at, at + len));
            if (r.nextInt(50) == 0) {
                gap(o, at, 1 + r.nextInt(3000));
            }
            if (o) {
                ci += len;
            } else {
                si += len;
            }
        }
        if (r.nextBoolean()) {
            endOfData(true);
            endOfData(false);
        }
        return this;
    }

    /** Removes the connection (analyzers flush). */
    public AnalyzerHarness done() {
        analyzers.done();
        return this;
    }

    /** conn.log's service so far. */
    public List<String> services() {
        return analyzers.services();
    }

    /** Weirds raised, as "name" or "name:addl". */
    public List<String> weirds() {
        return weirds;
    }

    /** Connections the analyzers scheduled analyzers for ({@link AnalyzerEnv#expectConnection}). */
    public ExpectedConnections expected() {
        return expected;
    }

    /** The attached instance of the analyzer named {@code name}, or null once detached. */
    public Analyzer analyzer(String name) {
        return analyzers.analyzer(name);
    }

    // ---- AnalyzerEnv

    @Override
    public long networkTime() {
        return now;
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public String newId(char prefix) {
        return prefix + "test" + (++ids);
    }

    @Override
    public <T> T workerLocal(Class<T> type, java.util.function.Supplier<T> make) {
        return workerLocals.get(type, make);
    }

    @Override
    public boolean expectConnection(long origHi, long origLo, long respHi, long respLo, int respPort, int proto,
                                    AnalyzerSpec spec, long timeout) {
        return expected.expect(origHi, origLo, respHi, respLo, respPort, proto, spec, now, timeout);
    }

    @Override
    public void flipRoles(ConnInfo conn) {
        flips++;
    }

    /** How often the analyzers swapped the connection's roles ({@link AnalyzerEnv#flipRoles}). */
    public int flips() {
        return flips;
    }

    /** The connection counts as partial (its start was not seen: Zeek's IsPartial) from now on. */
    public AnalyzerHarness partial(boolean p) {
        partial = p;
        return this;
    }

    @Override
    public boolean partial() {
        return partial;
    }

    @Override
    public boolean hadGap() {
        return hadGap;
    }

    @Override
    public void limitReached(ConnInfo conn) {
        limitsReached++;
    }

    /** How often an analyzer hit a limit ('X' in conn.log's history). */
    public int limitsReached() {
        return limitsReached;
    }

    @Override
    public void weird(ConnInfo conn, String name, String addl, String source) {
        weirds.add(addl == null ? name : name + ":" + addl);
    }

    // ---- ConnInfo

    @Override
    public String uid() {
        return "Ctest";
    }

    @Override
    public int proto() {
        return proto;
    }

    @Override
    public long origHi() {
        return 0;
    }

    @Override
    public long origLo() {
        return 0x0000_FFFF_0A00_0001L;
    }

    @Override
    public int origPort() {
        return 40000;
    }

    @Override
    public long respHi() {
        return 0;
    }

    @Override
    public long respLo() {
        return 0x0000_FFFF_0A00_0002L;
    }

    @Override
    public int respPort() {
        return respPort;
    }

    @Override
    public long startTime() {
        return 0;
    }

    @Override
    public long lastTime() {
        return now;
    }

    @Override
    public long origPayloadBytes() {
        return origBytes;
    }

    @Override
    public long respPayloadBytes() {
        return respBytes;
    }
}
