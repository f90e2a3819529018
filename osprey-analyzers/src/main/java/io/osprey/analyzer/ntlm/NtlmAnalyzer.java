package io.osprey.analyzer.ntlm;

import io.osprey.analyzer.utf16.Utf16;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.EventBus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Zeek's NTLM analyzer ({@code src/analyzer/protocol/ntlm}): each {@link #deliverStream} call is one whole NTLMSSP
 * message (a security blob its parent took out of SMB's SESSION_SETUP or out of a GSSAPI mechToken), parsed by
 * {@link NtlmParser}. A message that parses publishes {@link NtlmNegotiate}, {@link NtlmChallenge} or
 * {@link NtlmAuthenticate} (when someone subscribed: ntlm.log's {@link NtlmLog}) and confirms (conn.log's service
 * "ntlm"); one that does not is a violation "Binpac exception: binpac exception: ...", as Zeek's
 * {@code NTLM_Analyzer::DeliverStream} reports it. Zeek's base/protocols/ntlm puts NTLM in
 * {@code DPD::ignore_violations}, so with that script loaded violations change nothing.
 *
 * <p>Not attached by port or payload: the parent creates it with {@link AnalyzerContext#instantiate} and owns it.
 * Worker thread only.
 */
public final class NtlmAnalyzer extends Analyzer {
    /** The analyzer's declaration: no ports, no payload detection (only parents create it). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("NTLM", "ntlm", AnalyzerSpec.TCP, new int[0], null, null,
            NtlmAnalyzer::new);

    private final NtlmParser parser = new NtlmParser();

    NtlmAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (!parser.parse(data, offset, len)) {
            ctx.violation("Binpac exception: binpac exception: " + parser.error, null);
            return;
        }
        if (parser.avUnderflow) {
            // Zeek reports it while building the event's record, then raises the event and confirms all the same.
            ctx.violation("NTLM AV Pair loop underflow", null);
        }
        publish(data);
        ctx.confirm();
    }

    private void publish(MemorySegment data) {
        EventBus events = ctx.events();
        long ts = ctx.networkTime();
        NtlmParser p = parser;
        switch (p.type) {
            case NtlmParser.NEGOTIATE -> {
                if (events.wants(NtlmNegotiate.class)) {
                    events.publish(new NtlmNegotiate(ctx.conn(), ts, p.flags, string(data, NtlmParser.DOMAIN),
                            string(data, NtlmParser.WORKSTATION)));
                }
            }
            case NtlmParser.CHALLENGE -> {
                if (events.wants(NtlmChallenge.class)) {
                    events.publish(new NtlmChallenge(ctx.conn(), ts, p.flags, string(data, NtlmParser.TARGET_NAME),
                            p.targetInfo, string(data, NtlmParser.NB_COMPUTER), string(data, NtlmParser.NB_DOMAIN),
                            string(data, NtlmParser.DNS_COMPUTER), string(data, NtlmParser.DNS_DOMAIN),
                            string(data, NtlmParser.DNS_TREE)));
                }
            }
            case NtlmParser.AUTHENTICATE -> {
                if (events.wants(NtlmAuthenticate.class)) {
                    events.publish(new NtlmAuthenticate(ctx.conn(), ts, p.flags, string(data, NtlmParser.DOMAIN),
                            string(data, NtlmParser.USER), string(data, NtlmParser.WORKSTATION)));
                }
            }
            default -> {
            }
        }
    }

    /**
     * String {@code slot} as Zeek's {@code utf16_to_utf8_val} makes it (whatever the Unicode flag says), or null
     * when absent; a failed conversion is the weird {@code utf16_conversion_failed} and keeps the raw bytes.
     */
    private byte[] string(MemorySegment data, int slot) {
        long at = parser.start(slot);
        if (at < 0) {
            return null;
        }
        byte[] raw = data.asSlice(at, parser.length(slot)).toArray(ValueLayout.JAVA_BYTE);
        byte[] s = Utf16.utf16ToUtf8(raw, 0, raw.length);
        if (s == null) {
            ctx.weird("utf16_conversion_failed", "utf16 conversion failed in utf16_to_utf8_val");
            return raw;
        }
        return s;
    }
}
