package io.osprey.analyzer.radius;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;

/**
 * RADIUS recognition as Zeek's binpac analyzer does it ({@code radius-protocol.pac}): each datagram is one message,
 * a 20-byte header (code, identifier, length, authenticator) then attributes (type, length, value of length - 2)
 * until the datagram ends (the header's length field is not used). A message that parses to its end confirms the
 * protocol; one that does not is a violation with binpac's exception text, as Zeek reports it ("Binpac exception:
 * " + binpac's message). No allocation except for a violation's text.
 */
public final class RadiusAnalyzer extends Analyzer {
    /** Declaration: Zeek's RADIUS::ports (1812/udp). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("RADIUS", "radius", AnalyzerSpec.UDP,
            new int[] {1812}, null, null, RadiusAnalyzer::new);

    /** RFC 2865 §3: code, identifier, length (4 bytes) and the 16-byte authenticator. */
    static final int HEADER = 20;

    public RadiusAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        if (len < 4) {
            violation("RADIUS_PDU", 4, len);
            return;
        }
        if (len < HEADER) {
            violation("RADIUS_PDU:authenticator", HEADER - 4, len - 4);
            return;
        }
        int p = HEADER;
        while (p < len) {
            int left = len - p;
            if (left < 2) {
                violation("RADIUS_Attribute", 2, left);
                return;
            }
            int attrLen = Bytes.u8(data, offset + p + 1);
            if (attrLen < 2) {
                // binpac refuses a negative string length (value: &length = length - 2).
                ctx.violation("Binpac exception: binpac exception: invalid string length: RADIUS_Attribute:value: "
                        + (attrLen - 2), null);
                return;
            }
            if (attrLen - 2 > left - 2) {
                violation("RADIUS_Attribute:value", attrLen - 2, left - 2);
                return;
            }
            p += attrLen;
        }
        ctx.confirm();
    }

    /** binpac's ExceptionOutOfBound, as Zeek's analyzer reports it. */
    private void violation(String where, int needed, int given) {
        ctx.violation("Binpac exception: binpac exception: out_of_bound: " + where + ": " + needed + " > " + given,
                null);
    }
}
