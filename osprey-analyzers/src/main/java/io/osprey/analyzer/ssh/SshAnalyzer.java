package io.osprey.analyzer.ssh;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * SSH recognition (Zeek's SSH analyzer, {@code src/analyzer/protocol/ssh}, its protocol-detection part): follows each
 * direction through the version line (RFC 4253 §4.2) and the unencrypted binary packets of the key exchange
 * (§6: {@code uint32 packet_length, byte padding_length, byte msg_code ...}) and confirms the protocol at the first
 * {@code SSH_MSG_NEWKEYS} (21), as Zeek does; after it, that direction is encrypted and only skipped. ssh.log (version
 * strings, algorithms, authentication heuristics) is not written yet.
 */
public final class SshAnalyzer extends Analyzer {
    /** Declaration: port 22, and Zeek's dpd.sig (an "SSH-1." or "SSH-2." line from both sides). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("SSH", "ssh", AnalyzerSpec.TCP, new int[] {22},
            SshAnalyzer::versionPrefix, SshAnalyzer::versionPrefix, SshAnalyzer::new);

    /** Longest version line kept (RFC 4253 §4.2 allows 255 characters including CR LF). */
    static final int MAX_VERSION_LINE = 255;
    /**
     * Zeek's {@code SSH::max_packet_length} (8 MiB): a longer key-exchange packet length is capped to it, with the
     * weird {@code SSH_max_packet_length_exceeded} ("LEN > 8388608") and history {@code X} (Zeek's
     * LimitReachedWeird), and parsing goes on past the capped packet, as in Zeek's ssh-analyzer.pac.
     */
    static final long MAX_PACKET_LENGTH = 8L * 1024 * 1024;
    static final int MSG_NEWKEYS = 21;

    private final Direction orig = new Direction(true);
    private final Direction resp = new Direction(false);
    /** Protocol versions (Zeek's SSH::Version): unknown, 1, 1.99, 2. */
    static final int UNK = 0;
    static final int SSH1 = 1;
    static final int SSH199 = 2;
    static final int SSH2 = 3;
    /** SSH-1 messages that end the plaintext part: SSH_SMSG_PUBLIC_KEY (server), SSH_CMSG_SESSION_KEY (client). */
    static final int SSH1_SMSG_PUBLIC_KEY = 2;
    static final int SSH1_CMSG_SESSION_KEY = 3;
    private boolean stopped;

    /** Per-direction parse state. */
    private static final class Direction {
        static final int VERSION = 0;
        static final int PACKETS = 1;
        static final int ENCRYPTED = 2;
        final boolean isOrig;
        int state;
        int version = UNK;
        /** The current version line's first bytes ("SSH-x.yy"), enough to tell the version. */
        final byte[] line = new byte[8];
        int lineLen;
        /** Header bytes of the current binary packet: length and what identifies the message. */
        final byte[] header = new byte[12];
        int headerLen;
        int headerNeed = 6;
        /** Bytes of the current packet still to skip after its header. */
        long skip;

        Direction(boolean isOrig) {
            this.isOrig = isOrig;
        }
    }

    /** Zeek's combination of the two sides' versions (ssh-protocol.pac update_version). */
    private int version() {
        int c = orig.version;
        int v = resp.version;
        if (c == v) {
            return v == SSH199 ? SSH2 : v;
        }
        if ((c == SSH199 && v == SSH2) || (c == SSH2 && v == SSH199)) {
            return SSH2;
        }
        if ((c == SSH1 && v == SSH199) || (c == SSH199 && v == SSH1)) {
            return SSH1;
        }
        return UNK;
    }

    public SshAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    /** Zeek's {@code /^[sS][sS][hH]-[12]\./}. */
    static int versionPrefix(byte[] b, int len) {
        String want = "ssh-";
        for (int i = 0; i < Math.min(len, 6); i++) {
            int c = b[i];
            boolean ok = i < 4 ? (c | 0x20) == want.charAt(i) : i == 4 ? (c == '1' || c == '2') : c == '.';
            if (!ok) {
                return Probe.NO_MATCH;
            }
        }
        return len >= 6 ? Probe.MATCH : Probe.MORE;
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (ctx.conn().partial()) {
            return; // Zeek's SSH_Analyzer::DeliverStream ignores a connection whose start was not seen
        }
        Direction d = isOrig ? orig : resp;
        long i = offset;
        long end = offset + len;
        while (i < end && !stopped && d.state != Direction.ENCRYPTED) {
            if (d.state == Direction.VERSION) {
                byte c = data.get(ValueLayout.JAVA_BYTE, i++);
                if (c == '\n') {
                    endOfLine(d);
                } else if (d.lineLen < d.line.length) {
                    d.line[d.lineLen++] = c;
                } else if (++d.lineLen > MAX_VERSION_LINE) {
                    stop();
                }
                continue;
            }
            if (d.skip > 0) {
                long n = Math.min(d.skip, end - i);
                d.skip -= n;
                i += n;
                continue;
            }
            d.header[d.headerLen++] = data.get(ValueLayout.JAVA_BYTE, i++);
            if (d.headerLen == 4) {
                // The version decides the packet layout; Zeek's parser fails when it is not known yet.
                int v = version();
                if (v == UNK) {
                    ctx.violation("SSH packet before both version strings", null);
                    stop();
                    return;
                }
                long packetLength = packetLength(d);
                if (packetLength > MAX_PACKET_LENGTH) {
                    ctx.weird("SSH_max_packet_length_exceeded", packetLength + " > " + MAX_PACKET_LENGTH);
                    ctx.limitReached();
                    packetLength = MAX_PACKET_LENGTH;
                    d.header[0] = (byte) (packetLength >>> 24);
                    d.header[1] = (byte) (packetLength >>> 16);
                    d.header[2] = (byte) (packetLength >>> 8);
                    d.header[3] = (byte) packetLength;
                }
                if (packetLength < 5) {
                    stop();
                    return;
                }
                // SSH-2: padding length and code follow; SSH-1: 8 - len % 8 padding bytes, then the code.
                d.headerNeed = v == SSH2 ? 6 : 4 + (int) (8 - packetLength % 8) + 1;
            }
            if (d.headerLen == d.headerNeed) {
                packet(d);
            }
        }
    }

    private static long packetLength(Direction d) {
        return ((d.header[0] & 0xFFL) << 24) | ((d.header[1] & 0xFF) << 16) | ((d.header[2] & 0xFF) << 8)
                | (d.header[3] & 0xFF);
    }

    private void endOfLine(Direction d) {
        boolean isVersion = d.lineLen >= 4 && d.line[0] == 'S' && d.line[1] == 'S' && d.line[2] == 'H'
                && d.line[3] == '-';
        if (!isVersion) {
            // Servers may send other lines before their version (RFC 4253 §4.2); clients may not.
            if (d.isOrig) {
                ctx.violation("SSH client did not start with a version string", null);
                stop();
            }
            d.lineLen = 0;
            return;
        }
        d.version = UNK;
        if (d.lineLen >= 5 && d.line[4] == '2') {
            d.version = SSH2;
        } else if (d.lineLen >= 5 && d.line[4] == '1') {
            d.version = d.lineLen >= 8 && d.line[6] == '9' && d.line[7] == '9' ? SSH199 : SSH1;
        }
        d.lineLen = 0;
        d.state = Direction.PACKETS;
    }

    private void packet(Direction d) {
        long packetLength = packetLength(d);
        int code = d.header[d.headerLen - 1] & 0xFF;
        d.headerLen = 0;
        if (version() == SSH2) {
            d.skip = packetLength - 2;
            if (code == MSG_NEWKEYS) {
                ctx.confirm();
                d.state = Direction.ENCRYPTED;
            }
            return;
        }
        d.skip = packetLength - 1;
        if (code != SSH1_SMSG_PUBLIC_KEY && code != SSH1_CMSG_SESSION_KEY) {
            ctx.violation("unexpected SSH-1 message " + code, null);
            stop();
            return;
        }
        if (code == SSH1_CMSG_SESSION_KEY) {
            ctx.confirm();
        }
        d.state = Direction.ENCRYPTED;
    }

    private void stop() {
        stopped = true;
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        // Zeek's SSH analyzer stops parsing a connection after a content gap.
        stop();
    }
}
