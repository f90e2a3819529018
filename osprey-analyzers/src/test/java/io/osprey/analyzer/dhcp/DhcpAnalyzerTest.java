package io.osprey.analyzer.dhcp;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.EventBus;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.osprey.analyzer.dhcp.DhcpMessages.END;
import static io.osprey.analyzer.dhcp.DhcpMessages.client;
import static io.osprey.analyzer.dhcp.DhcpMessages.message;
import static io.osprey.analyzer.dhcp.DhcpMessages.opt;
import static io.osprey.analyzer.dhcp.DhcpMessages.opts;
import static io.osprey.analyzer.dhcp.DhcpMessages.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DHCP datagram by datagram, parsed as Zeek's binpac grammar parses it: what confirms, what is a violation (with the
 * texts Zeek 9.1 reports for the same bytes), and the grammar's quirks that decide what the log gets. Rows are read
 * from a transaction table flushed at the end of each test.
 */
class DhcpAnalyzerTest {
    private final EventBus bus = new EventBus();
    private final List<DhcpInfo> rows = new ArrayList<>();
    private final DhcpTransactions tx = new DhcpTransactions(DhcpTransactions.Settings.DEFAULT, bus);

    {
        bus.subscribe(DhcpInfo.class, rows::add);
    }

    private AnalyzerHarness harness() {
        return new AnalyzerHarness(AnalyzerSpec.UDP, 67, DhcpAnalyzer.spec(tx));
    }

    private static String error(byte[] m) {
        return new DhcpAnalyzer(null, null).parse(true, MemorySegment.ofArray(m), 0, m.length);
    }

    private static String error(DhcpAnalyzer a, byte[] m) {
        return a.parse(true, MemorySegment.ofArray(m), 0, m.length);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMessageWithTypeAndCookieConfirmsWhateverItsOp() {
        AnalyzerHarness h = harness().packet(true, client(1, opts(type(1), END)));
        assertThat(h.services()).containsExactly("dhcp");
        // Zeek's grammar does not check op.
        assertThat(harness().packet(true, message(5, 2, null, DhcpMessages.MAC, opts(type(1), END))).services())
                .containsExactly("dhcp");
        tx.flush();
        assertThat(rows).extracting(r -> r.msgTypes.toString()).containsExactly("[DISCOVER]", "[DISCOVER]");
    }

    @Test
    void aMessageWithoutTypeIsAViolationButStillCounts() {
        AnalyzerHarness h = harness().packet(true, client(3, opts(opt(12, "host3"), END)));
        assertThat(h.services()).isEmpty();
        assertThat(h.analyzer("DHCP")).isNull();
        harness().packet(true, client(7, new byte[0]));
        tx.flush();
        assertThat(rows).extracting(r -> r.msgTypes.getFirst() + " " + s(r.hostName)).containsExactly(
                "unknown-message-type-0 host3", "unknown-message-type-0 null");
    }

    @Test
    void badCookiesAndTruncatedMessagesViolateWithoutARow() {
        byte[] bad = client(11, opts(type(1), END));
        bad[236] = 0x12;
        bad[237] = 0x34;
        bad[238] = 0x56;
        bad[239] = 0x78;
        for (byte[] m : new byte[][] {bad, java.util.Arrays.copyOf(client(6, END), 200),
                java.util.Arrays.copyOf(client(6, END), 238)}) {
            AnalyzerHarness h = harness().packet(true, m);
            assertThat(h.services()).isEmpty();
            assertThat(h.analyzer("DHCP")).isNull();
        }
        tx.flush();
        assertThat(rows).isEmpty();
    }

    @Test
    void malformedMessagesGetBinpacsExceptionText() {
        assertThat(error(java.util.Arrays.copyOf(client(6, END), 200)))
                .isEqualTo("out_of_bound: DHCP_Message:file_n: 236 > 200");
        assertThat(error(java.util.Arrays.copyOf(client(6, END), 238)))
                .isEqualTo("out_of_bound: DHCP_Message:cookie: 240 > 238");
        assertThat(error(client(12, opts(type(1), opt(61, new byte[0]), END))))
                .isEqualTo("out_of_bound: Client_Identifier:hwaddr: 0 > 1");
        assertThat(error(client(18, opts(type(1), opt(81, new byte[2]), END))))
                .isEqualTo("out_of_bound: Client_FQDN:domain_name: 2 > 3");
        // A router option of 5 bytes takes 4: the fifth is read as option 5 whose length is END (255).
        assertThat(error(client(13, opts(type(1), opt(3, new byte[] {1, 2, 3, 4, 5}), END))))
                .isEqualTo("out_of_bound: NAME_SERVER_OPTION:nameserver_list: 63 > 0");
        assertThat(error(client(21, opts(type(1), java.util.Arrays.copyOf(opt(12, "xxxxxxxxxx"), 6)))))
                .isEqualTo("out_of_bound: HOST_NAME_OPTION:host_name: 10 > 4");
        assertThat(error(client(22, opts(type(1), new byte[] {12})))).isEqualTo(
                "out_of_bound: OptionValueWrapper:length: 1 > 0");
        // The relay agent option's running sum of sub-option sizes is kept for the direction's life: a second
        // message with the same option reads past it.
        DhcpAnalyzer a = new DhcpAnalyzer(null, null);
        byte[] relay = client(16, opts(type(1), opt(82, new byte[] {1, 2, 'a', 'b'}), END));
        assertThat(error(a, relay)).isNull();
        assertThat(error(a, relay)).isEqualTo("out_of_bound: Relay_Agent_SubOption:length: 2 > 1");
        assertThat(error(client(15, opts(type(1), opt(82, new byte[] {1, 2, 'a', 'b', 2, 1, 'c'}), END)))).isNull();
    }

    @Test
    void optionsAreReadInTheShapeZeeksGrammarGivesThem() {
        // A message type option of length 3 takes one byte; the other two are pads. No END: the options end with
        // the datagram. Only the first message type counts.
        harness().packet(true, client(5, opts(opt(53, new byte[] {3, 0, 0}), opt(12, "h5"), type(1))));
        tx.flush();
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.msgTypes).containsExactly("REQUEST");
            assertThat(s(r.hostName)).isEqualTo("h5");
        });
    }

    @Test
    void valuesAreRenderedAsZeekRendersThem() {
        // Client identifier of hardware type 1: the MAC; FQDN: its name; a later duplicate option wins.
        harness().packet(true, client(9, opts(type(3), opt(61, new byte[] {1, 2, (byte) 0xaa, (byte) 0xbb,
                (byte) 0xcc, (byte) 0xdd, (byte) 0xee}), opt(50, new byte[] {10, 1, 0, 99}),
                opt(81, "\0\0\0host9.example"), opt(12, "first"), opt(12, "second"), END)));
        // Hardware type 0: the chaddr stands in; an eight-byte chaddr is printed with eight octets.
        byte[] chaddr = {1, 2, 3, 4, 5, 6, 7, 8};
        harness().packet(true, message(1, 10, null, chaddr, opts(type(4), opt(61, "\0myid"), opt(56, "declined!"),
                END)));
        tx.flush();
        assertThat(rows).extracting(r -> r.mac + " " + s(r.hostName) + " " + s(r.clientFqdn) + " "
                + r.hasRequested + " " + s(r.clientMessage)).containsExactly(
                "02:aa:bb:cc:dd:ee second host9.example true null",
                "01:02:03:04:05:06:07:08 null null false declined!");
    }
}
