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
    /** Largest plausible key-exchange packet; a larger length means we are not looking at SSH-2 plaintext. */
    static final long MAX_PACKET_LENGTH = 256 * 1024;
    static final int MSG_NEWKEYS = 21;

    private final Direction orig = new Direction();
    private final Direction resp = new Direction();

    /** Per-direction parse state. */
    private static final class Direction {
        static final int VERSION = 0;
        static final int PACKETS = 1;
        static final int ENCRYPTED = 2;
        int state;
        int lineLen;
        /** Header bytes of the current binary packet (length, padding length, message code). */
        final byte[] header = new byte[6];
        int headerLen;
        /** Bytes of the current packet still to skip after its header. */
        long skip;
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
        Direction d = isOrig ? orig : resp;
        long i = offset;
        long end = offset + len;
        while (i < end && d.state != Direction.ENCRYPTED) {
            if (d.state == Direction.VERSION) {
                byte c = data.get(ValueLayout.JAVA_BYTE, i++);
                if (c == '\n') {
                    d.state = Direction.PACKETS;
                } else if (++d.lineLen > MAX_VERSION_LINE) {
                    d.state = Direction.ENCRYPTED;
                    return;
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
            if (d.headerLen == d.header.length) {
                long packetLength = ((d.header[0] & 0xFFL) << 24) | ((d.header[1] & 0xFF) << 16)
                        | ((d.header[2] & 0xFF) << 8) | (d.header[3] & 0xFF);
                int code = d.header[5] & 0xFF;
                d.headerLen = 0;
                if (packetLength < 2 || packetLength > MAX_PACKET_LENGTH) {
                    // Not a plaintext key-exchange packet (an SSH-1 session, or garbage): stop following it.
                    d.state = Direction.ENCRYPTED;
                    return;
                }
                d.skip = packetLength - 2;
                if (code == MSG_NEWKEYS) {
                    ctx.confirm();
                    d.state = Direction.ENCRYPTED;
                }
            }
        }
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        // Zeek's SSH analyzer stops parsing a connection after a content gap.
        orig.state = Direction.ENCRYPTED;
        resp.state = Direction.ENCRYPTED;
    }
}
