package io.osprey.analyzer.ntp;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.osprey.analyzer.ntp.NtpMessages.cat;
import static io.osprey.analyzer.ntp.NtpMessages.control;
import static io.osprey.analyzer.ntp.NtpMessages.ext;
import static io.osprey.analyzer.ntp.NtpMessages.priv;
import static io.osprey.analyzer.ntp.NtpMessages.std;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NTP datagram by datagram: what confirms, what is a violation (with binpac's text, as Zeek 9.1 reports it for the
 * same bytes), role swaps, the values of the published rows, and Zeek's re-logging of a connection's last rows.
 */
class NtpAnalyzerTest {
    private static byte[] msg(int version, int mode, int len) {
        byte[] b = new byte[len];
        if (len > 0) {
            b[0] = (byte) ((version << 3) | mode);
        }
        return b;
    }

    /** A harness whose NTP events are recorded, in order, into {@code events}. */
    private static AnalyzerHarness harness(List<Object> events) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        h.events().subscribe(NtpInfo.class, events::add);
        h.events().subscribe(NtpControlInfo.class, events::add);
        h.events().subscribe(NtpPrivateInfo.class, events::add);
        return h;
    }

    @Test
    void messagesLongEnoughForTheirModeConfirm() {
        for (byte[] m : new byte[][] {msg(4, 3, 48), msg(4, 4, 48), msg(2, 6, 12), msg(2, 7, 6), msg(4, 3, 68),
                msg(4, 0, 1), msg(4, 5, 72)}) {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
            h.packet(true, m);
            assertThat(h.services()).as("%d bytes", m.length).containsExactly("ntp");
        }
    }

    @Test
    void rolesAreSwappedOnceWhenAMessageShowsThemReversed() {
        // A server-mode reply from the originator (both ends on port 123, the reply seen first): swapped once, and
        // not again by the client's request that follows from what is now the originator.
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        h.packet(true, msg(4, 4, 48));
        assertThat(h.flips()).isEqualTo(1);
        h.packet(true, msg(4, 3, 48)).packet(false, msg(4, 4, 48)).packet(true, msg(4, 4, 48));
        assertThat(h.flips()).isEqualTo(1);
        // A client-mode request from the responder; requests from the originator and replies to it never swap.
        AnalyzerHarness c = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        c.packet(false, msg(4, 3, 48));
        assertThat(c.flips()).isEqualTo(1);
        AnalyzerHarness n = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        n.packet(true, msg(4, 3, 48)).packet(false, msg(4, 4, 48)).packet(true, msg(2, 6, 12));
        assertThat(n.flips()).isZero();
    }

    @Test
    void truncatedMessagesViolate() {
        for (byte[] m : new byte[][] {msg(4, 3, 47), msg(2, 6, 11), msg(2, 7, 5), new byte[0]}) {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
            h.packet(true, m);
            assertThat(h.services()).isEmpty();
            assertThat(h.analyzer("NTP")).isNull();
        }
    }

    /** binpac's exception for {@code m}, or null when it parses (Zeek 9.1's texts for the same bytes). */
    private static String error(byte[] m) {
        java.lang.foreign.MemorySegment s = java.lang.foreign.MemorySegment.ofArray(m);
        int mode = m.length == 0 ? -1 : m[0] & 7;
        return switch (mode) {
            case 1, 2, 3, 4, 5 -> ((NtpAnalyzer) new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC)
                    .analyzer("NTP")).checkStandard(s, 0, m.length);
            case 6 -> NtpAnalyzer.checkControl(s, 0, m.length);
            case 7 -> NtpAnalyzer.checkPrivate(s, 0, m.length);
            default -> null;
        };
    }

    @Test
    void malformedMessagesGetBinpacsExceptionText() {
        assertThat(error(msg(4, 3, 47))).isEqualTo("out_of_bound: NTP_std_msg:transmit_ts: 47 > 46");
        assertThat(error(msg(2, 6, 11))).isEqualTo("out_of_bound: NTP_control_msg:c: 11 > 10");
        assertThat(error(control(2, 1, 1, 0, 0, 9, "abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("out_of_bound: NTP_control_msg:data: 20 > 14");
        assertThat(error(msg(2, 7, 5))).isEqualTo("out_of_bound: NTP_mode7_msg:err_and_data_len: 5 > 4");
        assertThat(error(priv(2, 0x80, 0, 42, 0, new byte[0]))).isEqualTo("out_of_bound: NTP_MAC: 20 > 0");
        assertThat(error(priv(2, 0, 0, 42, 9, new byte[3]))).isEqualTo("out_of_bound: NTP_mode7_msg:data: 14 > 8");
        // Extension fields (more than 24 bytes after the 48).
        assertThat(error(cat(std(3), new byte[25]))).isEqualTo("&enforce violation : Extension_Field:len");
        assertThat(error(cat(std(3), ext(22, 0, 0, 22), new byte[3])))
                .isEqualTo("out_of_bound: Extension_Field:value_len: 18 > 3");
        assertThat(error(cat(std(3), ext(100, 50, 2, 30)))).isEqualTo("out_of_bound: Extension_Field:value: 68 > 30");
        assertThat(error(cat(std(3), ext(26, 2, 0, 25)))).isEqualTo("out_of_bound: Extension_Field:pad: 26 > -1");
        assertThat(error(cat(std(3), ext(30, 9, 0, 30)))).isEqualTo("out_of_bound: Extension_Field:sig_len: 31 > 30");
        assertThat(error(cat(std(3), ext(16, 0, 0, 22), new byte[3])))
                .isEqualTo("&enforce violation : Extension_Field:value_len");
        assertThat(error(cat(std(3), ext(100, 2, 2, 30)))).isEqualTo("out_of_bound: Extension_Field:pad: 100 > -70");
        // Another field is parsed after one that started more than 24 bytes before the end, even if fewer follow.
        assertThat(error(cat(std(3), ext(28, 2, 2, 28), new byte[20])))
                .isEqualTo("&enforce violation : Extension_Field:len");
    }

    @Test
    void extensionFieldsAreCountedAsZeekCountsThem() {
        List<Object> events = new ArrayList<>();
        AnalyzerHarness h = harness(events);
        h.packet(true, cat(std(3), ext(28, 2, 2, 28)));                      // one, nothing after
        h.packet(true, cat(std(3), ext(28, 2, 2, 28), ext(28, 2, 2, 28)));   // two
        h.packet(true, cat(std(3), ext(24, 2, 2, 26)));                      // contents past its length: one
        h.packet(true, cat(std(3), ext(30, 2, 100, 30)));                    // signature past the end: not checked
        h.packet(true, cat(std(3), new byte[24]));                          // 24 bytes: a MAC, no field
        assertThat(h.analyzer("NTP")).isNotNull();
        assertThat(events).map(e -> ((NtpInfo) e).numExts()).containsExactly(1, 2, 1, 1, 0);
    }

    @Test
    void aStandardMessagesValuesAreZeeksDoubles() {
        List<Object> events = new ArrayList<>();
        harness(events).at(1_700_000_000_123_456_789L).packet(true, std(4, 3, 2, 0x0A010203, 0x83aa7e80L));
        NtpInfo i = (NtpInfo) events.getFirst();
        assertThat(i.ts()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(i.version()).isEqualTo(4);
        assertThat(i.mode()).isEqualTo(3);
        assertThat(i.stratum()).isEqualTo(2);
        assertThat(i.poll()).isEqualTo(64.0);
        assertThat(i.precision()).isEqualTo(Math.pow(2, -20));
        assertThat(i.rootDelay()).isEqualTo(0x1234 / 65536.0);
        // 0x0001 / 0x8001: Zeek reads the fraction as a signed 16-bit value.
        assertThat(i.rootDisp()).isEqualTo(1 + (short) 0x8001 / 65536.0);
        assertThat(i.refId()).isEqualTo(0x0A010203);
        // 0x83aa7e80 s after 1900 is the Unix epoch.
        assertThat(i.refTime()).isEqualTo(0.5);
        assertThat(i.xmtTime()).isEqualTo(3.5 + 3 * 0x1p-32);
        // All-zero timestamps stay 0 (not 1900).
        events.clear();
        harness(events).packet(true, msg(4, 3, 48));
        assertThat(((NtpInfo) events.getFirst()).refTime()).isZero();
    }

    @Test
    void controlAndPrivateMessagesCarryTheirFields() {
        List<Object> events = new ArrayList<>();
        AnalyzerHarness h = harness(events);
        h.packet(true, control(2, 0x82, 2, 5, 7, 4, "abcd\0\0\0\u000512345678".getBytes(StandardCharsets.ISO_8859_1)));
        NtpControlInfo c = (NtpControlInfo) events.getFirst();
        assertThat(List.of(c.opCode(), c.sequence(), c.status(), c.associationId())).containsExactly(2, 2, 5, 7);
        assertThat(List.of(c.resp(), c.err(), c.more())).containsExactly(true, false, false);
        assertThat(new String(c.data(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
        assertThat(c.keyId()).isEqualTo(5);
        assertThat(new String(c.cryptoChecksum(), StandardCharsets.US_ASCII)).isEqualTo("12345678");

        events.clear();
        harness(events).packet(true, priv(2, 0x85, 1, 42, 0x3003, cat("xyz".getBytes(StandardCharsets.US_ASCII),
                new byte[20])));
        NtpPrivateInfo p = (NtpPrivateInfo) events.getFirst();
        assertThat(List.of(p.reqCode(), p.sequence(), p.implementation(), p.err())).containsExactly(42, 5, 1, 3);
        assertThat(p.auth()).isTrue();
        assertThat(new String(p.data(), StandardCharsets.US_ASCII)).isEqualTo("xyz");
        // No data, no MAC: both unset.
        events.clear();
        harness(events).packet(true, control(2, 1, 1, 0, 0, 0, new byte[0]));
        assertThat(((NtpControlInfo) events.getFirst()).data()).isNull();
        assertThat(((NtpControlInfo) events.getFirst()).keyId()).isEqualTo(-1);
    }

    @Test
    void everyMessageLogsTheConnectionsLastRowsAgain() {
        // Zeek's script keeps c$ntp, c$ntp_control and c$ntp_private and writes each that is set at every message.
        List<Object> events = new ArrayList<>();
        AnalyzerHarness h = harness(events);
        h.packet(true, control(2, 1, 1, 0, 0, 0, new byte[0]));
        h.packet(true, std(3));
        h.packet(true, msg(4, 0, 1));
        h.packet(false, std(4));
        assertThat(events).extracting(e -> e.getClass().getSimpleName() + (e instanceof NtpInfo i ? i.mode() : ""))
                .containsExactly("NtpControlInfo", "NtpInfo3", "NtpControlInfo", "NtpInfo3", "NtpControlInfo",
                        "NtpInfo4", "NtpControlInfo");
        assertThat(events.get(3)).isSameAs(events.get(1));
    }
}
