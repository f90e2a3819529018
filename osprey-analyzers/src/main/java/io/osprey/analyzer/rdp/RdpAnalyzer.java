package io.osprey.analyzer.rdp;

import io.osprey.analyzer.utf16.Utf16;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * RDP over TCP as Zeek's RDP analyzer follows it (src/analyzer/protocol/rdp: RDP.cc, rdp-protocol.pac,
 * rdp-analyzer.pac) and base/protocols/rdp/main.zeek logs it: each direction is a sequence of TPKT records, parsed
 * by {@link RdpParser} until the connection turns encrypted. A negotiation response selecting TLS or CredSSP hands
 * every later byte to an SSL child analyzer (Zeek's {@code AddChildAnalyzer(SSL)}: conn.log then says {@code ssl},
 * RDP itself having confirmed nothing); RDP's own encryption (after the server's security data) stops parsing.
 * Confirmed on the client's core data, the GCC Conference Create Response or the server's security data.
 *
 * <p>Zeek's binpac flow is reproduced: a record is parsed once its TPKT length is buffered; an exception (see
 * {@link RdpParser}) is a violation ("Binpac exception: ...") and drops what the direction buffered and the rest of
 * the delivery. After a content gap, and on partial connections, nothing more is parsed or forwarded.
 *
 * <p>rdp.log (main.zeek): the session starts at the first event; its row is written
 * {@link #RDP_CHECK_INTERVAL} after that (checked before each later delivery: Zeek's check_record timer would
 * snapshot the same fields, since only this connection's deliveries change them), on an RDP violation, or when the
 * connection ends, and only when it has a cookie, a keyboard layout or a result.
 *
 * <p>Memory: per direction a 4-byte header buffer and, only for a record split across deliveries, a buffer grown
 * to the record's length (at most 65535 bytes, the TPKT length's range) and reused; a record inside one delivery is
 * parsed in place. Nothing is allocated per packet in steady state. Called by the engine's connection analyzers on
 * one worker thread.
 */
public final class RdpAnalyzer extends Analyzer implements RdpParser.Listener {
    /** main.zeek's {@code RDP::rdp_ports}. */
    static final int[] PORTS = {3389};
    /** main.zeek's {@code rdp_check_interval} (10 s): the session is logged once it is this old. */
    static final long RDP_CHECK_INTERVAL = 10_000_000_000L;
    /** main.zeek's limit behind the weird "RDP_channels_requested_exceeds_max". */
    static final int MAX_CHANNELS = 31;

    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final byte[] COOKIE = ascii("Cookie: mstshash=");
    private static final byte[] DUCA = ascii("Duca");
    private static final byte[] MCDN = ascii("McDn");
    private static final byte[][] CHANNELS = {ascii("rdpdr"), ascii("rdpsnd"), ascii("drdynvc"), ascii("cliprdr")};

    /**
     * dpd.sig's {@code dpd_rdp_client}: {@code /.*(Cookie: mstshash\=|Duca.*(rdpdr|rdpsnd|drdynvc|cliprdr))/}
     * anywhere in the originator's first bytes (signature patterns are multi-line: {@code .} matches any byte).
     */
    static final Probe CLIENT_PROBE = (prefix, len) -> {
        if (indexOf(prefix, len, COOKIE, 0) >= 0) {
            return Probe.MATCH;
        }
        int duca = indexOf(prefix, len, DUCA, 0);
        if (duca >= 0) {
            for (byte[] c : CHANNELS) {
                if (indexOf(prefix, len, c, duca + 4) >= 0) {
                    return Probe.MATCH;
                }
            }
        }
        return Probe.MORE;
    };

    /** dpd.sig's {@code dpd_rdp_server}: {@code /(.{5}\xd0|.*McDn)/}: byte 5 is 0xD0, or "McDn" anywhere. */
    static final Probe SERVER_PROBE = (prefix, len) -> {
        if (len > 5 && (prefix[5] & 0xff) == 0xd0) {
            return Probe.MATCH;
        }
        return indexOf(prefix, len, MCDN, 0) >= 0 ? Probe.MATCH : Probe.MORE;
    };

    /**
     * The declaration; BuiltinAnalyzers registers it: port 3389 and the signature pair (client and server side must
     * both match: {@code requires-reverse-signature}).
     *
     * @param tlsSpec the SSL analyzer that TLS/CredSSP hands the connection to, or null to stop there
     */
    public static AnalyzerSpec spec(AnalyzerSpec tlsSpec) {
        return new AnalyzerSpec("RDP", "rdp", AnalyzerSpec.TCP, PORTS, CLIENT_PROBE, SERVER_PROBE,
                ctx -> new RdpAnalyzer(ctx, tlsSpec));
    }

    /** One direction's TPKT framing (binpac's flow buffer). */
    private static final class Flow {
        final byte[] header = new byte[4];
        int headerLen;
        /** The record's TPKT length and the bytes binpac buffers for it (at least the header). */
        int tpktLen;
        int frameLen;
        /** The record so far when it spans deliveries; grown on demand up to 65535 bytes and kept. */
        byte[] buf;
        MemorySegment bufSeg;
        int have;
    }

    private final RdpParser parser = new RdpParser(this);
    private final HandOver tls;
    private final Flow orig = new Flow();
    private final Flow resp = new Flow();
    private boolean hadGap;
    /** Zeek's is_encrypted_ / encryption_method_ (set by go_encrypted). */
    private boolean encrypted;
    private long encryptionMethod;

    // The session (main.zeek's c$rdp); sessionTs < 0 until the first event.
    private long sessionTs = -1;
    private boolean logged;
    private byte[] cookie;
    private String result;
    private String securityProtocol;
    private List<byte[]> channels;
    private String keyboardLayout;
    private String clientBuild;
    private byte[] clientName;
    private byte[] digProductId;
    private int width = -1;
    private int height = -1;
    private String colorDepth;
    private String certType;
    private long certCount;
    private Boolean certPermanent;
    private String encryptionLevel;
    private String encryptionMethodName;

    private RdpAnalyzer(AnalyzerContext ctx, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        checkRecord();
        if (ctx.conn().partial() || hadGap) {
            return;
        }
        if (encrypted) {
            // 0: RDP's own encryption, nothing to do; 1 (TLS) and 3-4 (CredSSP): SSL/TLS from here on.
            if (encryptionMethod > 0) {
                tls.start();
                tls.deliverStream(isOrig, data, offset, len);
            }
            return;
        }
        Flow f = isOrig ? orig : resp;
        long p = offset;
        long end = offset + len;
        while (p < end) {
            if (f.headerLen < 4) {
                if (f.headerLen == 0 && end - p >= 4) {
                    int tpktLen = Short.toUnsignedInt(data.get(BE16, p + 2));
                    int frameLen = Math.max(4, tpktLen);
                    if (end - p >= frameLen) {
                        // The whole record is in this delivery: parse it in place.
                        if (!record(f, data, p, tpktLen)) {
                            return;
                        }
                        p += frameLen;
                        continue;
                    }
                }
                int n = (int) Math.min(4 - f.headerLen, end - p);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, f.header, f.headerLen, n);
                f.headerLen += n;
                p += n;
                if (f.headerLen < 4) {
                    return;
                }
                f.tpktLen = (f.header[2] & 0xff) << 8 | f.header[3] & 0xff;
                f.frameLen = Math.max(4, f.tpktLen);
                if (f.buf == null || f.buf.length < f.frameLen) {
                    f.buf = new byte[Math.max(f.frameLen, f.buf == null ? 512 : Math.min(65535, 2 * f.buf.length))];
                    f.bufSeg = MemorySegment.ofArray(f.buf);
                }
                System.arraycopy(f.header, 0, f.buf, 0, 4);
                f.have = 4;
            } else {
                int n = (int) Math.min(f.frameLen - f.have, end - p);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, f.buf, f.have, n);
                f.have += n;
                p += n;
            }
            if (f.have == f.frameLen) {
                f.headerLen = 0;
                f.have = 0;
                if (!record(f, f.bufSeg, 0, f.tpktLen)) {
                    return;
                }
            }
        }
    }

    /** Parses one record; false after binpac's exception (the direction drops its buffer and the delivery's rest). */
    private boolean record(Flow f, MemorySegment seg, long off, int tpktLen) {
        String failure = parser.parse(seg, off, tpktLen);
        if (failure == null) {
            return true;
        }
        f.headerLen = 0;
        f.have = 0;
        // main.zeek's analyzer_violation_info handler logs the session right away.
        writeLog();
        ctx.violation("Binpac exception: " + failure, null);
        return false;
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        // RDP.cc: after a gap on either side nothing more is parsed or forwarded, TLS included.
        hadGap = true;
    }

    @Override
    public void endOfData(boolean isOrig) {
        tls.endOfData(isOrig);
    }

    @Override
    public void done() {
        tls.done();
        // main.zeek's finalize_rdp removal hook.
        writeLog();
    }

    // ------------------------------------------------------------------------------- events (main.zeek)

    @Override
    public void connectRequest(MemorySegment s, long cookieOff, int cookieLen, int flags) {
        session();
        cookie = cookieLen < 0 ? new byte[0] : copy(s, cookieOff, cookieLen);
    }

    @Override
    public void negotiationResponse(long selectedProtocol, int flags) {
        session();
        securityProtocol = RdpConsts.securityProtocol(selectedProtocol);
    }

    @Override
    public void negotiationFailure(long failureCode, int flags) {
        session();
        result = RdpConsts.failureCode(failureCode);
    }

    @Override
    public void beginEncryption(long method) {
        encrypted = true;
        encryptionMethod = method;
        session();
        if (result == null) {
            result = "encrypted";
        }
        securityProtocol = RdpConsts.securityProtocol(method);
    }

    @Override
    public void clientCoreData(MemorySegment s, long off) {
        ctx.confirm();
        session();
        long layout = RdpParser.u32le(s, off + 12);
        keyboardLayout = RdpConsts.keyboardLayout(layout);
        clientBuild = RdpConsts.build(RdpParser.u32le(s, off + 16));
        clientName = utf16ToUtf8(s, off + 20, 32);
        digProductId = utf16ToUtf8(s, off + 142, 64);
        width = RdpParser.u16le(s, off + 4);
        height = RdpParser.u16le(s, off + 6);
        // early_capability_flags' RNS_UD_CS_WANT_32BPP_SESSION, else the high color depth's name.
        colorDepth = (RdpParser.u16le(s, off + 140) & 0x02) != 0 ? "32bit"
                : RdpConsts.highColorDepth(RdpParser.u16le(s, off + 136));
    }

    @Override
    public void clientNetworkData(MemorySegment s, long off, int count) {
        session();
        if (channels == null) {
            channels = new ArrayList<>(count);
        }
        for (int i = 0; i < count; i++) {
            long name = off + 12L * i;
            int n = 8;
            // gsub(name, /\x00+$/, ""): trailing NULs go.
            while (n > 0 && s.get(ValueLayout.JAVA_BYTE, name + n - 1) == 0) {
                n--;
            }
            byte[] b = copy(s, name, n);
            if (i < channels.size()) {
                channels.set(i, b);
            } else {
                channels.add(b);
            }
        }
        if (count > MAX_CHANNELS) {
            // Reporter::conn_weird from the script: no analyzer as source.
            ctx.env().weird(ctx.conn(), RdpWeirds.CHANNELS_EXCEED_MAX, Integer.toString(count), null);
        }
    }

    @Override
    public void gccServerCreateResponse(int gccResult) {
        ctx.confirm();
        session();
        result = RdpConsts.result(gccResult);
    }

    @Override
    public void serverSecurity(long method, long level) {
        ctx.confirm();
        session();
        encryptionMethodName = RdpConsts.encryptionMethod(method);
        encryptionLevel = RdpConsts.encryptionLevel(level);
    }

    @Override
    public void serverCertificate(long type, boolean permanent) {
        session();
        certType = RdpConsts.certType(type);
        // No event for proprietary (RSA) certificates: main.zeek counts this one itself.
        if (type == 1) {
            certCount++;
        }
        certPermanent = permanent;
    }

    @Override
    public void x509Certificate(MemorySegment s, long off, int len) {
        // Zeek passes each certificate to the files framework; main.zeek counts it on file_over_new_connection.
        if (sessionTs >= 0) {
            certCount++;
        }
    }

    @Override
    public void weird(String name, String addl) {
        // reporter->Weird(name, addl) in binpac's ASN.1 helper: a flow weird without connection or source.
        ctx.env().weird(name, addl, null);
    }

    /** main.zeek's set_session: the session's time is its first event's. */
    private void session() {
        if (sessionTs < 0) {
            sessionTs = ctx.networkTime();
        }
    }

    /** main.zeek's check_record: the session is logged once it is older than rdp_check_interval. */
    private void checkRecord() {
        if (sessionTs >= 0 && !logged && ctx.networkTime() - sessionTs > RDP_CHECK_INTERVAL) {
            writeLog();
        }
    }

    /** main.zeek's write_log: once, and only a session with a cookie, a keyboard layout or a result. */
    private void writeLog() {
        if (sessionTs < 0 || logged) {
            return;
        }
        logged = true;
        if (cookie == null && keyboardLayout == null && result == null) {
            return;
        }
        ctx.events().publish(new RdpInfo(sessionTs, ctx.conn(), cookie, result, securityProtocol,
                channels == null ? null : List.copyOf(channels), keyboardLayout, clientBuild, clientName,
                digProductId, width, height, colorDepth, certType, certCount, certPermanent, encryptionLevel,
                encryptionMethodName));
    }

    /**
     * Zeek's utf16_to_utf8_val (the shared {@link Utf16}); when the text ends inside a surrogate pair the conversion
     * fails: the weird "utf16_conversion_failed" and the raw bytes.
     */
    private byte[] utf16ToUtf8(MemorySegment s, long off, int len) {
        byte[] raw = copy(s, off, len);
        byte[] utf8 = Utf16.utf16ToUtf8(raw, 0, len);
        if (utf8 == null) {
            // reporter->Weird(conn, ...): no analyzer as source.
            ctx.env().weird(ctx.conn(), RdpWeirds.UTF16_CONVERSION_FAILED,
                    "utf16 conversion failed in utf16_to_utf8_val", null);
            return raw;
        }
        return utf8;
    }

    private static byte[] copy(MemorySegment s, long off, int len) {
        byte[] b = new byte[len];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, b, 0, len);
        return b;
    }

    private static int indexOf(byte[] hay, int len, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
