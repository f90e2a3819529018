package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The DTLS analyzer of one UDP flow (Zeek's binpac {@code DTLS} analyzer: {@code dtls-protocol.pac},
 * {@code dtls-analyzer.pac}, {@code DTLS.cc}), for conn.log's {@code service} ("dtls") and Zeek's violations: each
 * datagram holds DTLS records (RFC 6347 §4.1: type, version, epoch, 48-bit sequence number, length), epoch 0 records
 * are plaintext; handshake messages (RFC 6347 §4.2.2: with message_seq and fragment offset/length) are reassembled
 * from their fragments as Zeek does and handed, with a TLS-style header, to the TLS handshake layer
 * ({@link TlsHandshake}), whose ClientHello confirms. STUN packets multiplexed on the flow (WebRTC) are skipped.
 * Created by the framework per flow (port 443/udp or the DPD signature); worker thread only.
 *
 * <p>Buffering: one copy of the current datagram (grows to the largest seen, at most 65535 bytes) and, per direction,
 * one fragmented handshake message of at most {@link #MAX_HANDSHAKE} bytes (Zeek's {@code MAX_DTLS_HANDSHAKE_RECORD}).
 * Known gap: a record cut short by the end of its datagram ends the datagram's parsing without a violation (Zeek's
 * parser raises an exception there).
 */
public final class DtlsAnalyzer extends Analyzer {
    /**
     * Declaration: name "DTLS", service "dtls", Zeek's {@code SSL::dtls_ports} (443/udp) and its
     * {@code dpd_dtls_client} signature (a DTLS 1.0/1.2 record of epoch 0 carrying a ClientHello of DTLS 1.0/1.2),
     * matched on datagrams of either direction.
     */
    public static final AnalyzerSpec SPEC = spec(SslSession.DEFAULT_MAX_HISTORY);

    /**
     * The declaration with a run's settings.
     *
     * @param maxHistory Zeek's {@code SSL::max_ssl_history_length}
     */
    public static AnalyzerSpec spec(int maxHistory) {
        return new AnalyzerSpec("DTLS", "dtls", AnalyzerSpec.UDP, new int[] {443}, DtlsAnalyzer::probe,
                DtlsAnalyzer::probe, ctx -> new DtlsAnalyzer(ctx, maxHistory), true);
    }

    /** Zeek's {@code MAX_DTLS_HANDSHAKE_RECORD}: the largest handshake message reassembled from fragments. */
    static final int MAX_HANDSHAKE = 100_000;
    /** Zeek's {@code SSL::dtls_max_version_errors}: records with a bad version before the analyzer gives up. */
    static final int MAX_VERSION_ERRORS = 10;
    /** Zeek's {@code SSL::dtls_max_reported_version_errors}. */
    static final int MAX_REPORTED_VERSION_ERRORS = 1;
    /** DTLS record header: type, version, epoch, sequence number (48 bits), length. */
    static final int HEADER = 13;
    /** DTLS handshake header: type, length, message_seq, fragment_offset, fragment_length. */
    static final int HS_HEADER = 12;

    private final SslSession session;
    private final TlsHandshake handshake;
    private boolean origEncrypted;
    private boolean respEncrypted;
    private boolean establishedFlag;
    private int invalidVersions;
    private int reportedErrors;
    private final Fragments client = new Fragments();
    private final Fragments server = new Fragments();
    /** The current datagram. */
    private byte[] dgram = new byte[0];
    /** The TLS-style header (type, 24-bit length) handed to the handshake layer before a message. */
    private final byte[] hsHead = new byte[4];

    /** Zeek's message_info: reassembly of one direction's fragmented handshake message. */
    private static final class Fragments {
        boolean active;
        long firstSeq;
        boolean firstSeen;
        long lastSeq;
        int messageSeq;
        int length;
        /** Bit i: the fragment with sequence number firstSeq + i was stored. */
        long seen;
        byte[] buffer;
    }

    public DtlsAnalyzer(AnalyzerContext ctx) {
        this(ctx, SslSession.DEFAULT_MAX_HISTORY);
    }

    DtlsAnalyzer(AnalyzerContext ctx, int maxHistory) {
        super(ctx);
        this.session = new SslSession(ctx, maxHistory);
        this.handshake = new TlsHandshake(session);
    }

    /** dpd_dtls_client: {@code /^\x16\xfe[\xff\xfd]\x00{7}...\x01...........\xfe[\xff\xfd].*}/}. */
    static int probe(byte[] p, int len) {
        for (int i = 0; i < 27; i++) {
            if (i >= len) {
                return Probe.MORE;
            }
            int c = p[i] & 0xFF;
            boolean ok;
            if (i == 0) {
                ok = c == 0x16;
            } else if (i == 1 || i == 25) {
                ok = c == 0xFE;
            } else if (i == 2 || i == 26) {
                ok = c == 0xFF || c == 0xFD;
            } else if (i <= 9) {
                ok = c == 0;
            } else if (i == 13) {
                ok = c == 0x01;
            } else {
                ok = true;
            }
            if (!ok) {
                return Probe.NO_MATCH;
            }
        }
        return Probe.MATCH;
    }

    @Override
    public void deliverPacket(boolean isOrig, MemorySegment data, long offset, int len) {
        if (session.stopped) {
            return;
        }
        if (dgram.length < len) {
            dgram = new byte[Math.max(len, Math.min(65535, dgram.length * 2))];
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, dgram, 0, len);
        byte[] b = dgram;
        // STUN (RFC 5389 magic cookie at offset 4) shares WebRTC's flow: skipped without complaint.
        if (len > 20 && (b[4] & 0xFF) == 0x21 && (b[5] & 0xFF) == 0x12 && (b[6] & 0xFF) == 0xA4
                && (b[7] & 0xFF) == 0x42) {
            return;
        }
        int at = 0;
        while (at < len && !session.stopped) {
            int first = b[at] & 0xFF;
            if (handshake.chosenVersion() == SslAnalyzer.DTLSV13 && (first & 0xE0) == 0x20) {
                // DTLS 1.3 unified header (RFC 9147 §4): ciphertext; the rest of the datagram is swallowed.
                unified(isOrig);
                return;
            }
            if (len - at < HEADER) {
                return;
            }
            int version = SslAnalyzer.u16(b, at + 1);
            int epoch = SslAnalyzer.u16(b, at + 3);
            long seq = ((long) SslAnalyzer.u16(b, at + 5) << 32) | ((long) SslAnalyzer.u16(b, at + 7) << 16)
                    | SslAnalyzer.u16(b, at + 9);
            int length = SslAnalyzer.u16(b, at + 11);
            at += HEADER;
            if (!versionOk(version)) {
                return; // the rest of the datagram is swallowed
            }
            if (length > len - at) {
                return;
            }
            record(isOrig, first, epoch, seq, b, at, length);
            at += length;
        }
    }

    /** Zeek's dtls_version_ok: bad versions are counted (and reported once the analyzer confirmed). */
    private boolean versionOk(int version) {
        if (version == SslAnalyzer.DTLSV10 || version == SslAnalyzer.DTLSV12) {
            if (session.confirmed()) {
                invalidVersions = 0;
            }
            return true;
        }
        invalidVersions++;
        if (session.confirmed() && ++reportedErrors <= MAX_REPORTED_VERSION_ERRORS) {
            session.violation("Invalid version in DTLS connection. Packet reported version: " + version);
        }
        if (invalidVersions > MAX_VERSION_ERRORS) {
            session.stopped = true;
        }
        return false;
    }

    /** One record of a valid version: epoch 0 is plaintext, any other epoch ciphertext. */
    private void record(boolean isOrig, int type, int epoch, long seq, byte[] b, int at, int length) {
        if (length == 0) {
            return; // no messages
        }
        if (epoch != 0) {
            ciphertext();
            return;
        }
        if (type == SslAnalyzer.APPLICATION_DATA && session.serverHelloSeen && !session.established) {
            session.scriptWeird("ssl_early_application_data");
        }
        switch (type) {
            case SslAnalyzer.CHANGE_CIPHER_SPEC -> {
                if (!handshake.tls13()) {
                    if (isOrig) {
                        origEncrypted = true;
                    } else {
                        respEncrypted = true;
                    }
                }
                for (int k = 0; k < length; k++) {
                    session.history();
                }
            }
            case SslAnalyzer.ALERT -> {
                int max = handshake.tls13() ? 2 : SslAnalyzer.MAX_ALERTS_PER_RECORD * 2;
                if (length > max) {
                    session.weird("SSL_excessive_alerts_in_record", Integer.toString(length / 2));
                }
                for (int k = 0; k < Math.min(length, max) / 2; k++) {
                    session.history();
                }
            }
            case SslAnalyzer.HANDSHAKE -> handshakeFragment(isOrig, seq, b, at, length);
            case SslAnalyzer.APPLICATION_DATA -> {
            }
            case SslAnalyzer.HEARTBEAT -> {
                if (length >= 3) {
                    session.history();
                }
            }
            default -> session.violation("unknown SSL record type (" + type + ") from " + SslSession.label(isOrig));
        }
    }

    private void ciphertext() {
        if (origEncrypted && respEncrypted && !establishedFlag) {
            establishedFlag = true;
            session.sslEstablished();
        }
    }

    /** proc_unified_record: no ChangeCipherSpec in DTLS 1.3; a unified record from each side establishes. */
    private void unified(boolean isOrig) {
        if (isOrig) {
            origEncrypted = true;
        } else {
            respEncrypted = true;
        }
        ciphertext();
    }

    /** Zeek's proc_handshake (dtls-analyzer.pac): a complete message goes on at once, fragments are reassembled. */
    private void handshakeFragment(boolean isOrig, long seq, byte[] b, int at, int length) {
        if (length < HS_HEADER) {
            return;
        }
        int type = b[at] & 0xFF;
        int msgLen = u24(b, at + 1);
        int messageSeq = SslAnalyzer.u16(b, at + 4);
        int fragOffset = u24(b, at + 6);
        int fragLen = u24(b, at + 9);
        int dataAt = at + HS_HEADER;
        int dataLen = length - HS_HEADER;
        if (fragOffset == 0 && msgLen == fragLen) {
            send(isOrig, type, msgLen, b, dataAt, dataLen);
            return;
        }
        if (msgLen > MAX_HANDSHAKE) {
            session.violation("DTLS record length " + msgLen + " larger than allowed maximum.");
            return;
        }
        Fragments f = isOrig ? client : server;
        if (!f.active || f.messageSeq != messageSeq || f.length != msgLen) {
            // Cannot resume: start over with this message.
            f.active = true;
            f.messageSeq = messageSeq;
            f.length = msgLen;
            f.firstSeq = seq;
            f.firstSeen = false;
            f.lastSeq = 0;
            f.seen = 0;
            if (f.buffer == null || f.buffer.length < msgLen) {
                f.buffer = new byte[msgLen];
            }
        }
        long distance = Math.abs(f.firstSeq - seq);
        if (distance >= 32) {
            session.violation("DTLS handshake fragment sequence number outside reassembly window.");
            return;
        }
        if (f.firstSeq > seq) {
            if (f.firstSeen) {
                session.violation("Saw second and different first message fragment for handshake.");
                return;
            }
            f.seen = (f.seen << (f.firstSeq - seq)) & 0xFFFF_FFFFL;
            f.firstSeq = seq;
        }
        if (fragOffset == 0) {
            f.firstSeen = true;
        }
        long bit = 1L << (seq - f.firstSeq);
        if ((f.seen & bit) != 0) {
            return; // a fragment seen before
        }
        if (dataLen != fragLen) {
            session.violation("DTLS handshake record length does not match packet length");
            return;
        }
        if ((long) fragOffset + fragLen > msgLen) {
            session.violation("DTLS handshake fragment trying to write past end of buffer");
            return;
        }
        f.seen |= bit;
        System.arraycopy(b, dataAt, f.buffer, fragOffset, dataLen);
        if (fragOffset + fragLen == msgLen) {
            f.lastSeq = seq;
        }
        if (f.lastSeq != 0 && f.firstSeen) {
            long total = f.lastSeq - f.firstSeq;
            if (total > 30) {
                session.violation("DTLS Message fragmented over more than 30 pieces. Cannot reassemble.");
                return;
            }
            long all = (1L << (total + 1)) - 1;
            if ((~f.seen & all) == 0) {
                send(isOrig, type, msgLen, f.buffer, 0, msgLen);
            }
        }
    }

    /** DTLS_Analyzer::SendHandshake: a TLS-style header (type, 24-bit length), then the message bytes. */
    private void send(boolean isOrig, int type, int msgLen, byte[] b, int from, int n) {
        hsHead[0] = (byte) type;
        hsHead[1] = (byte) (msgLen >> 16);
        hsHead[2] = (byte) (msgLen >> 8);
        hsHead[3] = (byte) msgLen;
        handshake.deliver(isOrig, hsHead, 0, 4);
        handshake.deliver(isOrig, b, from, n);
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
    }

    /** Bytes held in buffers, for tests of the caps. */
    int bufferedCapacity() {
        return dgram.length + (client.buffer == null ? 0 : client.buffer.length)
                + (server.buffer == null ? 0 : server.buffer.length) + handshake.bufferedCapacity();
    }
}
