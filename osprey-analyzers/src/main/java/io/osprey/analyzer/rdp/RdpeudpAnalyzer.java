package io.osprey.analyzer.rdp;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * RDP's UDP transport ([MS-RDPEUDP], [MS-RDPEUDP2]) as Zeek's RDPEUDP analyzer follows it
 * (src/analyzer/protocol/rdp: RDPEUDP.cc, rdpeudp-protocol.pac, rdpeudp-analyzer.pac): only the three-way handshake
 * matters to the logs. Each datagram is parsed by the connection's state:
 * <pre>
 *   NEED_SYN     SYN:    FEC header (snSourceAck(4) window(2) uFlags(2), big-endian) | SYNDATA(8)
 *                        | [CORRELATION_ID(32) if uFlags &amp; 0x0800] | [SYNEX(4) if uFlags &amp; 0x1000, +32 for version 3]
 *   NEED_SYNACK  SYNACK: the same layout
 *   later        ACK:    version 1: FEC header | ack vector (size(2), elements, padding to 4) | [4 if ACK_OF_ACKS]
 *                        | [8 if DATA] | data;  version 2 (both sides announced 0x0101): prefix byte, header(2), data
 * </pre>
 * An originator SYN with the SYN flag and snSourceAck 0xFFFFFFFF moves to NEED_SYNACK; a responder SYNACK with SYN or
 * ACK set confirms ({@code rdpeudp} in conn.log's service). Zeek's grammar reads the SYNEX payload's version even
 * when the flag is off, which makes binpac throw: such SYN/SYNACK datagrams, and datagrams shorter than their
 * layout, are violations ("Binpac exception: ..."), as with Zeek.
 *
 * <p>Stateless per datagram apart from the handshake state; nothing is allocated or copied. Called by the engine's
 * connection analyzers on one worker thread.
 */
public final class RdpeudpAnalyzer extends Analyzer {
    /** main.zeek's {@code RDP::rdpeudp_ports}. */
    static final int[] PORTS = {3389};

    private static final int NEED_SYN = 1;
    private static final int NEED_SYNACK = 2;
    private static final int NEED_ACK = 3;
    private static final int ESTABLISHED = 4;
    private static final int VERSION_3 = 0x0101;
    private static final int FLAG_SYN = 0x0001;
    private static final int FLAG_ACK = 0x0004;
    private static final int FLAG_DATA = 0x0008;
    private static final int FLAG_ACK_OF_ACKS = 0x0100;
    private static final int FLAG_CORRELATION_ID = 0x0800;
    private static final int FLAG_SYNEX = 0x1000;

    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED
            .withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    /**
     * dpd.sig's {@code dpd_rdpeudp_syn}: a datagram of 1132 to 1232 bytes beginning with four 0xFF bytes whose
     * eighth byte is 0x01 ({@code /^\xff{4}.{2}.{1}\x01/}).
     */
    static final Probe PROBE = new Probe() {
        @Override
        public int test(byte[] prefix, int len) {
            return test(prefix, len, len);
        }

        @Override
        public int test(byte[] prefix, int len, int size) {
            if (size < 1132 || size > 1232 || len < 8) {
                return Probe.NO_MATCH;
            }
            for (int i = 0; i < 4; i++) {
                if (prefix[i] != (byte) 0xff) {
                    return Probe.NO_MATCH;
                }
            }
            return prefix[7] == 1 ? Probe.MATCH : Probe.NO_MATCH;
        }
    };

    /** The declaration; BuiltinAnalyzers registers it: 3389/udp and the SYN signature (originator side). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("RDPEUDP", "rdpeudp", AnalyzerSpec.UDP, PORTS, PROBE,
            null, RdpeudpAnalyzer::new);

    private int state = NEED_SYN;
    private int origVersion = 1;
    private int respVersion = 1;

    private RdpeudpAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    /** The handshake state (for tests): 1 NEED_SYN, 2 NEED_SYNACK, 3 NEED_ACK, 4 ESTABLISHED. */
    int state() {
        return state;
    }

    @Override
    public void deliverPacket(boolean isOrig, MemorySegment data, long offset, int len) {
        String failure = switch (state) {
            case NEED_SYN, NEED_SYNACK -> syn(isOrig, data, offset, len);
            default -> origVersion == VERSION_3 && respVersion == VERSION_3 ? ack2(data, offset, len)
                    : ack1(data, offset, len);
        };
        if (failure != null) {
            ctx.violation("Binpac exception: binpac exception: " + failure, null);
        }
    }

    /** RDPEUDP_SYN or RDPEUDP_SYNACK (same layout), then proc_rdpeudp_syn / proc_rdpeudp_synack. */
    private String syn(boolean isOrig, MemorySegment d, long off, int len) {
        String type = state == NEED_SYN ? "RDPEUDP_SYN" : "RDPEUDP_SYNACK";
        if (len < 16) {
            return "out_of_bound: " + type + ":syndata_payload: 16 > " + len;
        }
        long sourceAck = Integer.toUnsignedLong(d.get(BE32, off));
        int flags = Short.toUnsignedInt(d.get(BE16, off + 6));
        int p = 16;
        if ((flags & FLAG_CORRELATION_ID) != 0) {
            if (len - p < 32) {
                return "out_of_bound: RDPUDP_CORRELATION_ID_PAYLOAD:uReserved: 32 > " + (len - p);
            }
            p += 32;
        }
        if ((flags & FLAG_SYNEX) == 0) {
            // The proc's argument has_synex_payload.uUdpVer reads a case field that was not parsed.
            return "invalid case: has_synex_payload: 0 (true)";
        }
        if (len - p < 4) {
            return "out_of_bound: RDPUDP_SYNEX_PAYLOAD:uUdpVer: 4 > " + (len - p);
        }
        int version = Short.toUnsignedInt(d.get(BE16, off + p + 2));
        p += 4;
        if (version == VERSION_3 && len - p < 32) {
            return "out_of_bound: RDPUDP_SYNEX_PAYLOAD:has_cookie_hash: 32 > " + (len - p);
        }
        if (state == NEED_SYN) {
            if (isOrig && (flags & FLAG_SYN) != 0 && sourceAck == 0xffffffffL) {
                origVersion = version;
                state = NEED_SYNACK;
            }
        } else if (!isOrig && (flags & (FLAG_SYN | FLAG_ACK)) != 0) {
            ctx.confirm();
            state = NEED_ACK;
            respVersion = version;
        }
        return null;
    }

    /** RDPEUDP1_ACK: FEC header, ack vector with its padding, optional headers, data. */
    private String ack1(MemorySegment d, long off, int len) {
        if (len < 10) {
            return "out_of_bound: RDPUDP_ACK_VECTOR_HEADER:uAckVectorSize: 10 > " + len;
        }
        int flags = Short.toUnsignedInt(d.get(BE16, off + 6));
        int size = Short.toUnsignedInt(d.get(BE16, off + 8));
        // The vector header is 2 + size bytes, padded to a multiple of 4 from its start.
        int vector = 2 + size;
        vector += (4 - vector % 4) % 4;
        long p = 8L + vector;
        if (p > len) {
            return "out_of_bound: RDPUDP_ACK_VECTOR_HEADER:pad: " + (p - 8) + " > " + (len - 8);
        }
        if ((flags & FLAG_ACK_OF_ACKS) != 0) {
            if (len - p < 4) {
                return "out_of_bound: RDPUDP_ACK_OF_ACKVECTOR_HEADER:snAckOfAcksSeqNum: 4 > " + (len - p);
            }
            p += 4;
        }
        if ((flags & FLAG_DATA) != 0 && len - p < 8) {
            return "out_of_bound: RDPUDP_SOURCE_PAYLOAD_HEADER:snSourceStart: 8 > " + (len - p);
        }
        if (state == NEED_ACK) {
            state = ESTABLISHED;
        }
        return null;
    }

    /** RDPEUDP2_ACK: the prefix byte (packet type index 1 is a dummy packet) and the header. */
    private String ack2(MemorySegment d, long off, int len) {
        if (len < 3) {
            return "out_of_bound: RDPUDP2_PACKET_HEADER:everything: 3 > " + len;
        }
        int type = d.get(ValueLayout.JAVA_BYTE, off) & 0x78;
        if (type != 8 && state == NEED_ACK) {
            state = ESTABLISHED;
        }
        return null;
    }
}
