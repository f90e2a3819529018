package io.osprey.analyzer.ssl;

import java.util.Arrays;

/**
 * The handshake layer of one SSL connection (Zeek's {@code TLSHandshake} binpac analyzer,
 * {@code tls-handshake-protocol.pac}): the bodies of each direction's handshake records form a stream of handshake
 * messages (RFC 5246 §7.4, RFC 8446 §4: {@code uint8 msg_type, uint24 length, body}) that may be split across
 * records or share one. ClientHello and ServerHello are parsed (structure, version, the server's supported_versions
 * extension); other known messages are skipped by length; an unknown message type is Zeek's violation. Owned by
 * {@link SslAnalyzer}, which feeds it complete handshake record bodies.
 *
 * <p>Buffering: a hello is kept up to {@link #MAX_HELLO} bytes per direction (the buffer grows on demand, then is
 * reused); a longer one is judged by what was kept (its version comes first), without checking the rest's
 * structure. Other messages are never buffered.
 */
final class TlsHandshake {
    /** Handshake message types (RFC 5246 §7.4, RFC 6347 §4.3.2, RFC 5077 §3.3, RFC 6066 §§5, 8). */
    static final int HELLO_REQUEST = 0;
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int HELLO_VERIFY_REQUEST = 3;
    static final int SESSION_TICKET = 4;
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CERTIFICATE_REQUEST = 13;
    static final int SERVER_HELLO_DONE = 14;
    static final int CERTIFICATE_VERIFY = 15;
    static final int CLIENT_KEY_EXCHANGE = 16;
    static final int FINISHED = 20;
    static final int CERTIFICATE_URL = 21;
    static final int CERTIFICATE_STATUS = 22;

    /** supported_versions (RFC 8446 §4.2.1). */
    static final int EXT_SUPPORTED_VERSIONS = 43;

    /**
     * Longest hello kept for parsing. Real ClientHellos are a few hundred bytes to a few KiB (post-quantum key shares
     * add ~1.2 KiB each); 64 KiB leaves a wide margin while bounding what a peer can make us hold.
     */
    static final int MAX_HELLO = 64 * 1024;

    private final SslSession ssl;
    private final Flow orig = new Flow(true);
    private final Flow resp = new Flow(false);
    /** Zeek's chosen_version_: the server's version (its supported_versions extension, else the hello's). */
    private int chosenVersion = SslAnalyzer.UNKNOWN_VERSION;
    /** Zeek's flipped_ and already_alerted_ (check_flipped). */
    private boolean flipped;
    private boolean alerted;

    /** One direction's message reassembly. */
    private static final class Flow {
        final boolean isOrig;
        final byte[] head = new byte[4];
        int headLen;
        int type;
        int length;
        int got;
        /** The message's body is kept (hellos). */
        boolean keep;
        byte[] body;

        Flow(boolean isOrig) {
            this.isOrig = isOrig;
        }
    }

    TlsHandshake(SslSession ssl) {
        this.ssl = ssl;
    }

    /** The negotiated version, or 0 before the server's hello. */
    int chosenVersion() {
        return chosenVersion;
    }

    /** Zeek's determine_tls13: only a genuine TLS 1.3 (or draft) version counts. */
    boolean tls13() {
        return chosenVersion == SslAnalyzer.TLSV13 || chosenVersion / 0xFF == 0x7F;
    }

    /** Bytes held in hello buffers (for tests of the cap). */
    int bufferedCapacity() {
        return (orig.body == null ? 0 : orig.body.length) + (resp.body == null ? 0 : resp.body.length);
    }

    /** The body of one handshake record of a direction. */
    void deliver(boolean isOrig, byte[] b, int n) {
        deliver(isOrig, b, 0, n);
    }

    /** Handshake bytes {@code b[from, from + n)} of a direction (DTLS feeds a message's header and body apart). */
    void deliver(boolean isOrig, byte[] b, int from, int n) {
        Flow f = isOrig ? orig : resp;
        int i = from;
        n += from;
        while (i < n && !ssl.stopped) {
            if (f.headLen < 4) {
                f.head[f.headLen++] = b[i++];
                if (f.headLen == 4) {
                    f.type = f.head[0] & 0xFF;
                    f.length = ((f.head[1] & 0xFF) << 16) | ((f.head[2] & 0xFF) << 8) | (f.head[3] & 0xFF);
                    f.got = 0;
                    f.keep = f.type == CLIENT_HELLO || f.type == SERVER_HELLO;
                    if (f.keep && (f.body == null || f.body.length < Math.min(f.length, MAX_HELLO))) {
                        int want = Math.min(MAX_HELLO, Math.max(f.length, f.body == null ? 256 : f.body.length * 2));
                        f.body = f.body == null ? new byte[want] : Arrays.copyOf(f.body, want);
                    }
                    if (f.length == 0) {
                        message(f);
                    }
                }
                continue;
            }
            int k = Math.min(f.length - f.got, n - i);
            if (f.keep && f.got < MAX_HELLO) {
                System.arraycopy(b, i, f.body, f.got, Math.min(k, MAX_HELLO - f.got));
            }
            f.got += k;
            i += k;
            if (f.got == f.length) {
                message(f);
            }
        }
    }

    /** A complete message (binpac parses a handshake message once all its bytes are in). */
    private void message(Flow f) {
        f.headLen = 0;
        switch (f.type) {
            case HELLO_REQUEST -> {
                checkFlipped(false, f.isOrig);
                ssl.history();
            }
            case CLIENT_HELLO -> {
                checkFlipped(true, f.isOrig);
                if (clientHello(f.body, Math.min(f.length, MAX_HELLO), f.length > MAX_HELLO)) {
                    ssl.history();
                }
            }
            case SERVER_HELLO -> {
                checkFlipped(false, f.isOrig);
                if (serverHello(f.isOrig, f.body, Math.min(f.length, MAX_HELLO), f.length > MAX_HELLO)) {
                    ssl.history();
                }
            }
            case HELLO_VERIFY_REQUEST, SESSION_TICKET, CERTIFICATE, SERVER_KEY_EXCHANGE, CERTIFICATE_REQUEST,
                 SERVER_HELLO_DONE, CERTIFICATE_VERIFY, CLIENT_KEY_EXCHANGE, FINISHED, CERTIFICATE_URL,
                 CERTIFICATE_STATUS -> ssl.history();
            default -> {
                ssl.violation("unknown handshake message (" + f.type + ") from " + SslSession.label(f.isOrig));
                ssl.history();
            }
        }
    }

    /** Zeek's check_flipped: hellos coming from the unexpected side; a second change of mind is a weird. */
    private void checkFlipped(boolean desired, boolean isOrig) {
        if (flipped) {
            if (desired == isOrig) {
                flipped = false;
                if (!alerted) {
                    alerted = true;
                    ssl.weird("SSL_unclear_connection_direction", null);
                }
            }
        } else if (desired != isOrig) {
            flipped = true;
        }
    }

    /** A bounds-checked reader over a kept message; the first overrun reports binpac's out_of_bound. */
    private final class Reader {
        final byte[] b;
        final int n;
        final String type;
        int at;
        boolean failed;

        Reader(byte[] b, int n, String type) {
            this.b = b;
            this.n = n;
            this.type = type;
        }

        boolean need(String field, int len) {
            if (failed) {
                return false;
            }
            if (len < 0 || at + len > n) {
                failed = true;
                // binpac names the field by its type; extension fields belong to type SSLExtension.
                ssl.outOfBound(field.indexOf(':') >= 0 ? field : type + ":" + field, at + Math.max(0, len), n);
                return false;
            }
            return true;
        }

        int u8(String field) {
            return need(field, 1) ? b[at++] & 0xFF : -1;
        }

        int u16(String field) {
            if (!need(field, 2)) {
                return -1;
            }
            int v = SslAnalyzer.u16(b, at);
            at += 2;
            return v;
        }

        boolean skip(String field, int len) {
            if (!need(field, len)) {
                return false;
            }
            at += len;
            return true;
        }
    }

    /**
     * ClientHello (RFC 5246 §7.4.1.2; DTLS adds a cookie, RFC 6347 §4.2.1): the whole message must parse for Zeek to
     * process it; then its version decides between confirmation and violation.
     *
     * @param truncated the message was longer than {@link #MAX_HELLO}: only the version is judged
     * @return true when it parsed (Zeek raises its events)
     */
    private boolean clientHello(byte[] b, int n, boolean truncated) {
        Reader r = new Reader(b, n, "ClientHello");
        int version = r.u16("client_version");
        if (version < 0) {
            return false;
        }
        if (!truncated) {
            r.skip("gmt_unix_time", 4);
            r.skip("random_bytes", 28);
            int sessionLen = r.u8("session_len");
            r.skip("session_id", sessionLen);
            if (version == SslAnalyzer.DTLSV10 || version == SslAnalyzer.DTLSV12) {
                int cookieLen = r.u8("cookie_len");
                r.skip("cookie", cookieLen);
            }
            int suites = r.u16("csuit_len");
            r.skip("csuits", suites / 2 * 2);
            int methods = r.u8("cmeth_len");
            r.skip("cmeths", methods);
            extensions(r, true);
            if (r.failed) {
                return false;
            }
        }
        ssl.clientHello(version);
        return true;
    }

    /**
     * ServerHello (RFC 5246 §7.4.1.3; TLS 1.3 drafts' layout without session id and compression, RFC 8446 drafts):
     * sets the negotiated version (a supported_versions extension wins, RFC 8446 §4.2.1), then Zeek checks the
     * hello's version.
     *
     * @return true when it parsed (Zeek raises its events)
     */
    private boolean serverHello(boolean isOrig, byte[] b, int n, boolean truncated) {
        Reader r = new Reader(b, n, "ServerHelloChoice");
        int major = r.u8("server_version0");
        int minor = r.u8("server_version1");
        if (minor < 0) {
            return false;
        }
        int version = (major << 8) | minor;
        if (!truncated) {
            boolean tls13Layout = version == SslAnalyzer.TLSV13 || major == 0x7F;
            if (tls13Layout) {
                r.skip("random", 32);
                r.skip("cipher_suite", 2);
            } else {
                r.skip("random_bytes", 32);
                int sessionLen = r.u8("session_len");
                r.skip("session_id", sessionLen);
                r.skip("cipher_suite", 2);
                r.skip("compression_method", 1);
            }
            extensions(r, isOrig);
            if (r.failed) {
                return false;
            }
        }
        if (chosenVersion == SslAnalyzer.UNKNOWN_VERSION) {
            chosenVersion = version;
        }
        ssl.serverHello(version);
        return true;
    }

    /**
     * The optional extensions block (RFC 5246 §7.4.1.4): a length Zeek reads but does not use, then extensions
     * ({@code uint16 type, uint16 length, data}) up to the end of the message. A server's supported_versions
     * extension carries the negotiated version.
     */
    private void extensions(Reader r, boolean isOrig) {
        if (r.failed || r.at == r.n) {
            return;
        }
        r.u16("ext_len");
        while (!r.failed && r.at < r.n) {
            int type = r.u16("SSLExtension:type");
            int len = r.u16("SSLExtension:data_len");
            if (len < 0 || !r.need("SSLExtension", len)) {
                return;
            }
            if (type == EXT_SUPPORTED_VERSIONS && !isOrig && len >= 2
                    && chosenVersion == SslAnalyzer.UNKNOWN_VERSION) {
                chosenVersion = SslAnalyzer.u16(r.b, r.at);
            }
            r.at += len;
        }
    }
}
