package io.osprey.analyzer.dhcp;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;

/**
 * DHCP/BOOTP recognition (RFC 2131 §2, Zeek's {@code src/analyzer/protocol/dhcp}): a datagram with the fixed BOOTP
 * header (236 bytes), an op of BOOTREQUEST or BOOTREPLY and the DHCP magic cookie confirms the protocol, as Zeek
 * confirms on any single well-formed message; a wrong op or cookie, or a datagram too short for the header, is a
 * violation. dhcp.log is not written yet.
 */
public final class DhcpAnalyzer extends Analyzer {
    /** Declaration: Zeek's DHCP::server_ports (67, 4011) and client_ports (68). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("DHCP", "dhcp", AnalyzerSpec.UDP,
            new int[] {67, 68, 4011}, null, null, DhcpAnalyzer::new);

    /** op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr(16), sname(64), file(128). */
    static final int FIXED_HEADER = 236;
    static final int MAGIC_COOKIE = 0x63825363;

    public DhcpAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        if (len < FIXED_HEADER + 4) {
            ctx.violation("DHCP message too short (" + len + " bytes)", null);
            return;
        }
        int op = Bytes.u8(data, offset);
        if (op != 1 && op != 2) {
            ctx.violation("invalid DHCP op (" + op + ")", null);
            return;
        }
        int cookie = (int) Bytes.u32(data, offset + FIXED_HEADER);
        if (cookie != MAGIC_COOKIE) {
            ctx.violation("bad cookie (" + cookie + ")", null);
            return;
        }
        ctx.confirm();
    }
}
