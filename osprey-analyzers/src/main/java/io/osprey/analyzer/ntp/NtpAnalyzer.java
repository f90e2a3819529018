package io.osprey.analyzer.ntp;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;

/**
 * NTP recognition (RFC 5905 §7.3, RFC 1305 appendix B for mode 6; Zeek's {@code src/analyzer/protocol/ntp}): every
 * datagram long enough for the message its mode announces confirms the protocol, as Zeek confirms each parsed
 * message; one too short for it is a violation (Zeek's parser fails on it). Like Zeek's analyzer it swaps the
 * connection's roles once, at the first message that shows them reversed (a server-mode message from the originator
 * or a client-mode one from the responder: both ends often use port 123). ntp.log is not written yet.
 */
public final class NtpAnalyzer extends Analyzer {
    /** Declaration: Zeek's NTP::ports (123/udp). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("NTP", "ntp", AnalyzerSpec.UDP, new int[] {123}, null,
            null, NtpAnalyzer::new);

    /** Standard message (modes 1-5): 48 bytes before extensions and MAC. */
    static final int STANDARD_LENGTH = 48;
    /** Control message (mode 6) header. */
    static final int CONTROL_HEADER = 12;
    /** Private (mode 7) message header. */
    static final int PRIVATE_HEADER = 8;
    /** RFC 5905 §7.3 modes. */
    static final int MODE_CLIENT = 3;
    static final int MODE_SERVER = 4;

    /** The roles were swapped already (Zeek swaps them at most once per connection). */
    private boolean flipped;

    public NtpAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        if (len < 1) {
            ctx.violation("empty NTP message", null);
            return;
        }
        int mode = Bytes.u8(data, offset) & 0x7;
        int need = switch (mode) {
            case 6 -> CONTROL_HEADER;
            case 7 -> PRIVATE_HEADER;
            default -> STANDARD_LENGTH;
        };
        if (len < need) {
            ctx.violation("NTP message too short for mode " + mode + " (" + len + " bytes)", null);
            return;
        }
        ctx.confirm();
        if (!flipped && ((mode == MODE_SERVER && orig) || (mode == MODE_CLIENT && !orig))) {
            flipped = true;
            ctx.flipRoles();
        }
    }
}
