package io.osprey.files;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerEnv;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.EndOfInput;
import io.osprey.engine.event.EventBus;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A files framework driven by hand: network time, connections and the captured files.log events. */
final class FilesTestKit implements AnalyzerEnv {
    static final AnalyzerSpec HTTP = new AnalyzerSpec("HTTP", "http", AnalyzerSpec.TCP, new int[] {80}, null, null,
            c -> null);
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long SEC = 1_000_000_000L;

    final EventBus events = new EventBus();
    final List<FileInfo> logged = new ArrayList<>();
    final FilesConfig config;
    final FileManager files;
    long now = T0;
    private int ids;

    FilesTestKit() {
        this(new FilesConfig());
    }

    FilesTestKit(FilesConfig config) {
        this.config = config;
        events.subscribe(FileInfo.class, logged::add);
        files = new FileManager(config, events, 42);
    }

    /** A connection from {@code orig} port {@code oport} to {@code resp}:80. */
    record Conn(String uid, long origHi, long origLo, int origPort, long respHi, long respLo, int respPort)
            implements ConnInfo {
        static Conn of(String uid, String orig, int oport, String resp) {
            long[] o = new long[2];
            long[] r = new long[2];
            Addr.parse(orig, o);
            Addr.parse(resp, r);
            return new Conn(uid, o[0], o[1], oport, r[0], r[1], 80);
        }

        @Override
        public int proto() {
            return 6;
        }

        @Override
        public long startTime() {
            return T0;
        }

        @Override
        public long lastTime() {
            return T0;
        }

        @Override
        public long origPayloadBytes() {
            return 0;
        }

        @Override
        public long respPayloadBytes() {
            return 0;
        }
    }

    AnalyzerContext ctx(ConnInfo c) {
        return AnalyzerContext.standalone(c, this, HTTP);
    }

    AnalyzerContext ctx() {
        return ctx(Conn.of("C1", "10.0.0.1", 40000, "93.184.216.34"));
    }

    static MemorySegment seg(byte[] b) {
        return MemorySegment.ofArray(b);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    void deliver(FileHandle h, byte[] b) {
        h.deliver(seg(b), 0, b.length);
    }

    void deliverAt(FileHandle h, long at, byte[] b) {
        h.deliverAt(at, seg(b), 0, b.length);
    }

    /** The end of the input: Zeek's shutdown in its two steps. */
    void endOfInput() {
        events.publish(new EndOfInput(now, false));
        events.publish(new EndOfInput(now, true));
    }

    FileInfo only() {
        org.assertj.core.api.Assertions.assertThat(logged).hasSize(1);
        return logged.get(0);
    }

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
        return prefix + "id" + (++ids);
    }

    @Override
    public void weird(ConnInfo conn, String name, String addl, String source) {
    }
}
