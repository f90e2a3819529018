package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The SSL/TLS analyzer of one TCP connection (Zeek's binpac {@code SSL} analyzer, {@code src/analyzer/protocol/ssl}:
 * the record layer of {@code ssl-protocol.pac} and the handshake layer of {@code tls-handshake-protocol.pac}), as far
 * as conn.log's {@code service}, analyzer.log and weird.log need it: it follows each direction's records (RFC 5246
 * §6.2, SSLv2's two-byte headers), keeps Zeek's connection-wide record-layer version, tells plaintext from ciphertext
 * records as Zeek does (ChangeCipherSpec, TLS 1.3 application data), reassembles handshake messages across records
 * ({@link TlsHandshake}) and confirms the protocol on a ClientHello (TLS or SSLv2) with an acceptable version. It
 * reports Zeek's violations for records that cannot be SSL (bad version or type), unsupported hello versions,
 * unknown record and handshake types, and stops once the session is established (Zeek's
 * {@code SSL::disable_analyzer_after_detection}). Created by the framework per connection (by port, by payload
 * detection, or as the STARTTLS child of SMTP, POP3 and FTP); worker thread only.
 *
 * <p>Buffering: only the records that are parsed (handshake and SSLv2 records in clear) are buffered, each up to its
 * declared length (at most 65535 + 5 bytes, the 16-bit record length), in one per-direction buffer that grows on
 * demand and is then reused; everything else is skipped by count. Hello messages are kept up to
 * {@link TlsHandshake#MAX_HELLO} bytes.
 */
public final class SslAnalyzer extends Analyzer {
    /** Zeek's {@code SSL::ssl_ports} (base/protocols/ssl/main.zeek). */
    static final int[] PORTS = {443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223};

    /**
     * Declaration: name "SSL", service "ssl", Zeek's SSL ports, and its two independent DPD signatures (a TLS
     * ClientHello from the originator, a ServerHello from the responder; either one attaches the analyzer).
     */
    public static final AnalyzerSpec SPEC = spec(SslSession.DEFAULT_MAX_HISTORY);

    /**
     * The declaration with a run's settings.
     *
     * @param maxHistory Zeek's {@code SSL::max_ssl_history_length}
     */
    public static AnalyzerSpec spec(int maxHistory) {
        return new AnalyzerSpec("SSL", "ssl", AnalyzerSpec.TCP, PORTS, SslProbes::client, SslProbes::server,
                ctx -> new SslAnalyzer(ctx, maxHistory), true);
    }

    // ---- versions (ssl-defs.pac SSLVersions)
    static final int UNKNOWN_VERSION = 0x0000;
    static final int SSLV20 = 0x0002;
    static final int SSLV30 = 0x0300;
    static final int TLSV10 = 0x0301;
    static final int TLSV11 = 0x0302;
    static final int TLSV12 = 0x0303;
    static final int TLSV13 = 0x0304;
    static final int DTLSV10 = 0xFEFF;
    static final int DTLSV12 = 0xFEFD;
    static final int DTLSV13 = 0xFEFC;

    // ---- content types (ssl-defs.pac ContentType; SSLv2 message types are mapped to 300 + type)
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEARTBEAT = 24;
    static final int V2_ERROR = 300;
    static final int V2_CLIENT_HELLO = 301;
    static final int V2_CLIENT_MASTER_KEY = 302;
    static final int V2_SERVER_HELLO = 304;

    /** Zeek's {@code SSL::max_alerts_per_record} default (init-bare.zeek). */
    static final int MAX_ALERTS_PER_RECORD = 10;
    /** Largest record body: the 16-bit length field (SSLv2's 15-bit length is smaller). */
    static final int MAX_RECORD_BODY = 0xFFFF;

    private final Direction orig = new Direction(true);
    private final Direction resp = new Direction(false);
    private final SslSession session;
    private final TlsHandshake handshake;
    /** Zeek's {@code record_layer_version_}: set by the first TLS record (or an SSLv2 server hello). */
    private int recordLayerVersion = UNKNOWN_VERSION;
    /** Zeek's {@code established_} (both directions encrypted and a ciphertext record seen). */
    private boolean establishedFlag;

    /** Per-direction record state. */
    private static final class Direction {
        final boolean isOrig;
        final byte[] head = new byte[5];
        int headLen;
        /** The current record: its layer version, content type and body bytes still to come. */
        int contentType;
        int bodyLen;
        int remaining;
        /** The body is kept for parsing (else it is only skipped). */
        boolean keep;
        byte[] body;
        int bodyGot;
        /** Zeek's client_state_/server_state_: STATE_ENCRYPTED. */
        boolean encrypted;

        Direction(boolean isOrig) {
            this.isOrig = isOrig;
        }
    }

    public SslAnalyzer(AnalyzerContext ctx) {
        this(ctx, SslSession.DEFAULT_MAX_HISTORY);
    }

    SslAnalyzer(AnalyzerContext ctx, int maxHistory) {
        super(ctx);
        this.session = new SslSession(ctx, maxHistory);
        this.handshake = new TlsHandshake(session);
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        // Zeek's SSL analyzer ignores partial connections (their beginning was not seen).
        if (session.stopped || ctx.conn().partial()) {
            return;
        }
        Direction d = isOrig ? orig : resp;
        long i = offset;
        long end = offset + len;
        while (i < end && !session.stopped) {
            if (d.headLen < 5) {
                d.head[d.headLen++] = data.get(ValueLayout.JAVA_BYTE, i++);
                if (d.headLen == 5) {
                    header(d);
                }
                continue;
            }
            int n = (int) Math.min(d.remaining, end - i);
            if (d.keep) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, i, d.body, d.bodyGot, n);
                d.bodyGot += n;
            }
            d.remaining -= n;
            i += n;
            if (d.remaining == 0) {
                endOfRecord(d);
            }
        }
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        // Zeek's had_gap: after a content gap in either direction nothing more is delivered to the parser.
        session.stopped = true;
    }

    // ------------------------------------------------------------------------------------------------ records

    /** The five header bytes of a record are in: Zeek's determine_ssl_record_layer and the record's length. */
    private void header(Direction d) {
        byte[] h = d.head;
        int version = recordLayer(h, d.isOrig);
        if (session.stopped) {
            return;
        }
        int h0 = h[0] & 0xFF;
        int h1 = h[1] & 0xFF;
        int h2 = h[2] & 0xFF;
        int length;
        if (version == SSLV20) {
            d.contentType = h2 + 300;
            // SSLv2 (2-byte header): the length counts the message type and the next two bytes read as head3/4.
            length = (((h0 & 0x7F) << 8) | h1) - 3;
        } else {
            d.contentType = h0;
            length = ((h[3] & 0xFF) << 8) | (h[4] & 0xFF);
        }
        if (length < 0) {
            // The record ends inside the five bytes binpac has already read.
            session.violation("Binpac exception: binpac exception: out_of_bound: SSLRecord:rec: " + (length + 5)
                    + " > 5");
            session.stopped = true;
            return;
        }
        d.bodyLen = length;
        d.remaining = length;
        d.bodyGot = 0;
        // Only handshake and SSLv2 records are parsed; a direction never goes back to clear text.
        d.keep = !d.encrypted && (d.contentType == HANDSHAKE || d.contentType >= V2_ERROR);
        if (d.keep && (d.body == null || d.body.length < length)) {
            d.body = Arrays.copyOf(d.body == null ? new byte[0] : d.body,
                    Math.min(MAX_RECORD_BODY, Math.max(length, d.body == null ? 512 : d.body.length * 2)));
        }
        if (length == 0) {
            endOfRecord(d);
        }
    }

    /** Zeek's {@code determine_ssl_record_layer}: the record layer of a record by its first five bytes. */
    private int recordLayer(byte[] h, boolean isOrig) {
        int h0 = h[0] & 0xFF;
        int h1 = h[1] & 0xFF;
        int h2 = h[2] & 0xFF;
        int h3 = h[3] & 0xFF;
        int h4 = h[4] & 0xFF;
        if (recordLayerVersion != UNKNOWN_VERSION && recordLayerVersion != SSLV20) {
            // Still in sync with the stream?
            int v = (h1 << 8) | h2;
            if (!tlsRecordVersion(v)) {
                session.violation("Invalid version late in TLS connection. Packet reported version: " + v);
                session.stopped = true;
                return UNKNOWN_VERSION;
            }
        }
        if (recordLayerVersion != UNKNOWN_VERSION) {
            return recordLayerVersion;
        }
        if ((h0 & 0x80) != 0) {
            if (h2 == 0x01 && isOrig) {
                // SSLv2 client hello (its version may be higher: SSLv2-compatible hellos of SSLv3/TLS clients).
                int v = (h3 << 8) | h4;
                if (v != SSLV20 && !tlsRecordVersion(v)) {
                    session.violation("Invalid version in SSL client hello. Version: " + v);
                    session.stopped = true;
                    return UNKNOWN_VERSION;
                }
                return SSLV20;
            } else if (h2 == 0x04 && h4 < 2 && !isOrig) {
                // SSLv2 server hello: the connection stays SSLv2.
                recordLayerVersion = SSLV20;
                return SSLV20;
            }
            session.violation("Invalid headers in SSL connection. Head1: " + h1 + ", head2: " + h2 + ", head3: " + h3);
            session.stopped = true;
            return UNKNOWN_VERSION;
        }
        int v = (h1 << 8) | h2;
        if (!tlsRecordVersion(v)) {
            session.violation("Invalid version in TLS connection. Version: " + v);
            session.stopped = true;
            return UNKNOWN_VERSION;
        }
        if (h0 >= 20 && h0 <= 30) {
            recordLayerVersion = v;
            return v;
        }
        session.violation("Invalid type in TLS connection. Version: " + v + ", Type: " + h0);
        session.stopped = true;
        return UNKNOWN_VERSION;
    }

    /** The record-layer versions Zeek accepts: SSLv3 to TLS 1.2 (TLS 1.3 records say 1.2, RFC 8446 §5.1). */
    private static boolean tlsRecordVersion(int v) {
        return v == SSLV30 || v == TLSV10 || v == TLSV11 || v == TLSV12;
    }

    /** A record is complete: Zeek's RecordText, by the direction's state and the content type. */
    private void endOfRecord(Direction d) {
        d.headLen = 0;
        int ct = d.contentType;
        int len = d.bodyLen;
        if (len == 0) {
            // binpac parses a record's body as an array of messages: an empty body has none.
            return;
        }
        if (encryptedRecord(d, ct)) {
            ciphertext();
            return;
        }
        if (ct == APPLICATION_DATA && session.serverHelloSeen && !session.established) {
            // base/protocols/ssl/main.zeek, ssl_plaintext_data.
            session.scriptWeird("ssl_early_application_data");
        }
        switch (ct) {
            case CHANGE_CIPHER_SPEC -> {
                // TLS 1.3's ChangeCipherSpec is compatibility fluff (RFC 8446 §5): it does not start encryption.
                if (!handshake.tls13()) {
                    d.encrypted = true;
                }
                // Each byte is one ChangeCipherSpec message.
                for (int k = 0; k < len; k++) {
                    session.history();
                }
            }
            case ALERT -> alerts(len);
            case HANDSHAKE -> handshake.deliver(d.isOrig, d.body, len);
            case APPLICATION_DATA, V2_ERROR -> {
            }
            case HEARTBEAT -> {
                if (len < 3) {
                    session.violation("Binpac exception: binpac exception: out_of_bound: Heartbeat:payload_length: "
                            + "3 > " + len);
                } else {
                    session.history();
                }
            }
            case V2_CLIENT_HELLO -> v2ClientHello(d.body, len, ((d.head[3] & 0xFF) << 8) | (d.head[4] & 0xFF));
            case V2_CLIENT_MASTER_KEY -> v2ClientMasterKey(d.body, len);
            case V2_SERVER_HELLO -> v2ServerHello(d.body, len);
            default -> session.violation("unknown SSL record type (" + ct + ") from " + SslSession.label(d.isOrig));
        }
    }

    /** An alert record: up to {@code SSL::max_alerts_per_record} two-byte alerts (one in TLS 1.3) are parsed. */
    private void alerts(int len) {
        int max = handshake.tls13() ? 2 : MAX_ALERTS_PER_RECORD * 2;
        if (len > max) {
            session.weird("SSL_excessive_alerts_in_record", Integer.toString(len / 2));
        }
        for (int k = 0; k < Math.min(len, max) / 2; k++) {
            session.history();
        }
    }

    /** Zeek's determine_state: is this record ciphertext? TLS 1.3 switches at its first application data record. */
    private boolean encryptedRecord(Direction d, int ct) {
        if (d.encrypted || ct != APPLICATION_DATA) {
            return d.encrypted;
        }
        int v = handshake.chosenVersion();
        if (v != SSLV20 && v != SSLV30 && v != TLSV10 && v != TLSV11 && v != TLSV12) {
            d.encrypted = true;
        }
        return d.encrypted;
    }

    /** proc_ciphertext_record: the first ciphertext record with both directions encrypted establishes the session. */
    private void ciphertext() {
        if (orig.encrypted && resp.encrypted && !establishedFlag) {
            establishedFlag = true;
            session.sslEstablished();
        }
    }

    // ------------------------------------------------------------------------------------------------ SSLv2

    /** SSLv2 CLIENT-HELLO (SSLv2 §2.5): three lengths, then the ciphers, session id and challenge. */
    private void v2ClientHello(byte[] b, int n, int version) {
        int at = 0;
        while (at < n && !session.stopped) {
            int rem = n - at;
            if (rem < 6) {
                session.outOfBound("V2ClientHello:csuit_len", 6, rem);
                return;
            }
            int total = 6 + u16(b, at) + u16(b, at + 2) + u16(b, at + 4);
            if (total > rem) {
                session.outOfBound("V2ClientHello", total, rem);
                return;
            }
            session.clientHello(version);
            session.history(); // ssl_client_hello with record version 0: "c"
            at += total;
        }
    }

    /** SSLv2 SERVER-HELLO (§2.6): its version must be 2. */
    private void v2ServerHello(byte[] b, int n) {
        int at = 0;
        while (at < n && !session.stopped) {
            int rem = n - at;
            if (rem < 8) {
                session.outOfBound("V2ServerHello:conn_id_len", 8, rem);
                return;
            }
            int version = u16(b, at);
            int total = 8 + u16(b, at + 2) + u16(b, at + 4) / 3 * 3 + u16(b, at + 6);
            if (total > rem) {
                session.outOfBound("V2ServerHello:conn_id_data", total, rem);
                return;
            }
            if (version != SSLV20) {
                session.violation("Invalid version in SSL server hello. Version: " + version);
                session.stopped = true;
                return;
            }
            session.serverHello(version);
            session.history(); // ssl_server_hello of version 2: "s"
            at += total;
        }
    }

    /** SSLv2 CLIENT-MASTER-KEY (§2.5): both directions are encrypted from here, and the session is established. */
    private void v2ClientMasterKey(byte[] b, int n) {
        int at = 0;
        while (at < n && !session.stopped) {
            int rem = n - at;
            if (rem < 7) {
                session.outOfBound("V2ClientMasterKey:key_arg_len", 7, rem);
                return;
            }
            int total = 7 + u16(b, at + 1) + u16(b, at + 3) + u16(b, at + 5);
            if (total > rem) {
                session.outOfBound("V2ClientMasterKey", total, rem);
                return;
            }
            orig.encrypted = true;
            resp.encrypted = true;
            session.sslEstablished();
            at += total;
        }
    }

    // ------------------------------------------------------------------------------------------------ shared

    /** The session state shared with the handshake layer. */
    SslSession session() {
        return session;
    }

    /** Bytes held in buffers (record bodies and hellos), for tests of the caps. */
    int bufferedCapacity() {
        return (orig.body == null ? 0 : orig.body.length) + (resp.body == null ? 0 : resp.body.length)
                + handshake.bufferedCapacity();
    }

    static boolean versionOk(int v) {
        return SslSession.versionOk(v);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
