package io.osprey.analyzer.ntp;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.EventBus;

import java.lang.foreign.MemorySegment;

/**
 * NTP as Zeek's binpac analyzer parses it ({@code src/analyzer/protocol/ntp/ntp-protocol.pac}, {@code ntp-mode7.pac},
 * {@code ntp-analyzer.pac}) and base/protocols/ntp/main.zeek logs it. Each datagram is one message: the first byte's
 * mode selects a standard message (modes 1-5, RFC 5905 §7.3: 48 bytes, then RFC 7822 extension fields while more
 * than 24 bytes follow, then an optional MAC), a control message (mode 6, RFC 1305 appendix B) or a private one
 * (mode 7, ntpd's {@code ntp_request.h}); modes 0 carries nothing. A message that parses confirms the protocol
 * (Zeek confirms each parsed message) and becomes an {@link NtpInfo}, {@link NtpControlInfo} or
 * {@link NtpPrivateInfo} event; one that does not is a violation with binpac's exception text, as Zeek reports it.
 *
 * <p>Like Zeek's analyzer it swaps the connection's roles once, at the first message that shows them reversed (a
 * server-mode message from the originator or a client-mode one from the responder: both ends often use port 123).
 * Like Zeek's script, which keeps the last row of each kind in the connection record and logs every kept row at each
 * message, every parsed message re-publishes the connection's last standard, control and private rows (a control
 * message after a standard one logs that standard row again, with its old time).
 *
 * <p>Per message, nothing is allocated but the new row (and, for modes 6 and 7, copies of its data bytes).
 */
public final class NtpAnalyzer extends Analyzer {
    /** Declaration: Zeek's NTP::ports (123/udp). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("NTP", "ntp", AnalyzerSpec.UDP, new int[] {123}, null,
            null, NtpAnalyzer::new);

    /** Standard message (modes 1-5): 48 bytes before extensions and MAC. */
    static final int STANDARD_LENGTH = 48;
    /** Control message (mode 6) header: first byte, then the 11 bytes up to and including the count. */
    static final int CONTROL_HEADER = 12;
    /** Private (mode 7) header as Zeek's parser reads it: first byte, then 5 bytes up to the err/length word. */
    static final int PRIVATE_HEADER = 6;
    /** RFC 5905 §7.3 modes. */
    static final int MODE_CLIENT = 3;
    static final int MODE_SERVER = 4;
    /** ntp-protocol.pac: extensions are parsed while the input of the last one was longer than this. */
    static final int EXTENSIONS_UNTIL = 24;
    /** RFC 5905 §7.3 / ntp-analyzer.pac: NTP time starts in 1900, Unix time in 1970. */
    static final double EPOCH_OFFSET = -2208988800.0;
    private static final String BINPAC = "Binpac exception: binpac exception: ";

    /** The roles were swapped already (Zeek swaps them at most once per connection). */
    private boolean flipped;
    /** The last row of each kind (Zeek's {@code c$ntp}, {@code c$ntp_control}, {@code c$ntp_private}). */
    private NtpInfo lastStandard;
    private NtpControlInfo lastControl;
    private NtpPrivateInfo lastPrivate;
    /** Extension fields of the standard message being parsed. */
    private int exts;

    public NtpAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        if (len < 1) {
            ctx.violation(BINPAC + "out_of_bound: NTP_PDU:first_byte: 1 > " + len, null);
            return;
        }
        int first = Bytes.u8(data, offset);
        int mode = first & 0x7;
        int version = (first >> 3) & 0x7;
        String error = switch (mode) {
            case 1, 2, 3, 4, 5 -> checkStandard(data, offset, len);
            case 6 -> checkControl(data, offset, len);
            case 7 -> checkPrivate(data, offset, len);
            default -> null;
        };
        if (error != null) {
            ctx.violation(BINPAC + error, null);
            return;
        }
        ctx.confirm();
        if (!flipped && ((mode == MODE_SERVER && orig) || (mode == MODE_CLIENT && !orig))) {
            flipped = true;
            ctx.flipRoles();
        }
        EventBus events = ctx.events();
        long ts = ctx.networkTime();
        switch (mode) {
            case 1, 2, 3, 4, 5 -> {
                if (events.wants(NtpInfo.class)) {
                    lastStandard = standard(ts, version, mode, data, offset);
                }
            }
            case 6 -> {
                if (events.wants(NtpControlInfo.class)) {
                    lastControl = control(ts, version, data, offset, len);
                }
            }
            case 7 -> {
                if (events.wants(NtpPrivateInfo.class)) {
                    lastPrivate = privateMessage(ts, version, data, offset);
                }
            }
            default -> {
            }
        }
        if (lastStandard != null) {
            events.publish(lastStandard);
        }
        if (lastControl != null) {
            events.publish(lastControl);
        }
        if (lastPrivate != null) {
            events.publish(lastPrivate);
        }
    }

    /**
     * Checks a standard message as binpac parses it and counts its extension fields into {@link #exts}; returns
     * binpac's exception text, or null when it parses. Extension fields (ntp-protocol.pac's {@code Extension_Field})
     * come after the 48 bytes when more than 24 bytes follow them, one after another as long as the previous one
     * started more than 24 bytes before the end; each is checked as binpac does, including its quirks (the signature
     * length's check tests the value length; the signature itself is not bounds-checked; a field shorter than its
     * contents ends where its contents end). What follows is a MAC or ignored; Zeek does not log either.
     */
    String checkStandard(MemorySegment data, long offset, int len) {
        exts = 0;
        if (len < STANDARD_LENGTH) {
            return "out_of_bound: NTP_std_msg:transmit_ts: 47 > " + (len - 1);
        }
        if (len - STANDARD_LENGTH <= EXTENSIONS_UNTIL) {
            return null;
        }
        long p = STANDARD_LENGTH;
        while (p < len) {
            long avail = len - p;
            if (avail < 18) {
                return "out_of_bound: Extension_Field:value_len: 18 > " + avail;
            }
            int fieldLen = Bytes.u16(data, offset + p + 2);
            if (fieldLen < 16) {
                return "&enforce violation : Extension_Field:len";
            }
            long valueLen = Bytes.u32(data, offset + p + 14);
            if (fieldLen < 18 || valueLen > fieldLen - 18) {
                return "&enforce violation : Extension_Field:value_len";
            }
            if (18 + valueLen > avail) {
                return "out_of_bound: Extension_Field:value: " + (18 + valueLen) + " > " + avail;
            }
            if (22 + valueLen > avail) {
                return "out_of_bound: Extension_Field:sig_len: " + (22 + valueLen) + " > " + avail;
            }
            long sigLen = Bytes.u32(data, offset + p + 18 + valueLen);
            if (fieldLen < 22 || valueLen > fieldLen - 22) {
                return "&enforce violation : Extension_Field:sig_len";
            }
            if (fieldLen > avail) {
                // binpac's padding check reports the space left after the padded end.
                return "out_of_bound: Extension_Field:pad: " + fieldLen + " > " + (avail - fieldLen);
            }
            exts++;
            p += Math.max(fieldLen, 22 + valueLen + sigLen);
            if (avail <= EXTENSIONS_UNTIL) {
                break;
            }
        }
        return null;
    }

    /** Checks a control message (ntp-protocol.pac {@code NTP_control_msg}); binpac's exception text or null. */
    static String checkControl(MemorySegment data, long offset, int len) {
        if (len < CONTROL_HEADER) {
            return "out_of_bound: NTP_control_msg:c: 11 > " + (len - 1);
        }
        int count = Bytes.u16(data, offset + 10);
        if (CONTROL_HEADER + count > len) {
            return "out_of_bound: NTP_control_msg:data: " + (11 + count) + " > " + (len - 1);
        }
        return null;
    }

    /** Checks a private message (ntp-mode7.pac {@code NTP_mode7_msg}); binpac's exception text or null. */
    static String checkPrivate(MemorySegment data, long offset, int len) {
        if (len < PRIVATE_HEADER) {
            return "out_of_bound: NTP_mode7_msg:err_and_data_len: 5 > " + (len - 1);
        }
        int dataLen = Bytes.u16(data, offset + 4) & 0xFFF;
        if (PRIVATE_HEADER + dataLen > len) {
            return "out_of_bound: NTP_mode7_msg:data: " + (5 + dataLen) + " > " + (len - 1);
        }
        boolean auth = (Bytes.u8(data, offset + 1) & 0x80) != 0;
        int left = len - PRIVATE_HEADER - dataLen;
        if (auth && left < 20) {
            return "out_of_bound: NTP_MAC: 20 > " + left;
        }
        return null;
    }

    private NtpInfo standard(long ts, int version, int mode, MemorySegment d, long o) {
        int stratum = Bytes.u8(d, o + 1);
        byte poll = d.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o + 2);
        byte precision = d.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o + 3);
        return new NtpInfo(ts, ctx.conn(), version, mode, stratum, Math.pow(2, poll), Math.pow(2, precision),
                shortTime(d, o + 4), shortTime(d, o + 8), Bytes.i32(d, o + 12), timestamp(d, o + 16),
                timestamp(d, o + 24), timestamp(d, o + 32), timestamp(d, o + 40), exts);
    }

    private NtpControlInfo control(long ts, int version, MemorySegment d, long o, int len) {
        int second = Bytes.u8(d, o + 1);
        int count = Bytes.u16(d, o + 10);
        byte[] bytes = count > 0 ? copy(d, o + CONTROL_HEADER, count) : null;
        // A MAC when exactly 12 bytes follow the data (ntp-protocol.pac has_control_mac).
        boolean mac = len - CONTROL_HEADER - count == 12;
        long macAt = o + CONTROL_HEADER + count;
        return new NtpControlInfo(ts, ctx.conn(), version, 6, second & 0x1F, Bytes.u16(d, o + 2),
                Bytes.u16(d, o + 4), Bytes.u16(d, o + 6), (second & 0x80) != 0, (second & 0x40) != 0,
                (second & 0x20) != 0, bytes, mac ? Bytes.u32(d, macAt) : -1, mac ? copy(d, macAt + 4, 8) : null);
    }

    private NtpPrivateInfo privateMessage(long ts, int version, MemorySegment d, long o) {
        int second = Bytes.u8(d, o + 1);
        int word = Bytes.u16(d, o + 4);
        int dataLen = word & 0xFFF;
        return new NtpPrivateInfo(ts, ctx.conn(), version, 7, Bytes.u8(d, o + 3), second & 0x7F,
                Bytes.u8(d, o + 2), (second & 0x80) != 0, word >>> 12,
                dataLen > 0 ? copy(d, o + PRIVATE_HEADER, dataLen) : null);
    }

    /** RFC 5905 §6 short format as Zeek reads it: both 16-bit halves signed, {@code secs + frac * 2^-16}. */
    static double shortTime(MemorySegment d, long at) {
        short secs = (short) Bytes.u16(d, at);
        short frac = (short) Bytes.u16(d, at + 2);
        return secs + frac * 0x1p-16;
    }

    /** RFC 5905 §6 timestamp format as Unix seconds, computed as Zeek does; 0 stays 0 (unset on the wire). */
    static double timestamp(MemorySegment d, long at) {
        long secs = Bytes.u32(d, at);
        long frac = Bytes.u32(d, at + 4);
        if (secs == 0 && frac == 0) {
            return 0.0;
        }
        return EPOCH_OFFSET + secs + frac * 0x1p-32;
    }

    private static byte[] copy(MemorySegment d, long at, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(d, java.lang.foreign.ValueLayout.JAVA_BYTE, at, b, 0, n);
        return b;
    }
}
