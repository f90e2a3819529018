package io.osprey.analyzer.mysql;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.osprey.analyzer.mysql.Mysql.concat;
import static io.osprey.analyzer.mysql.Mysql.packet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL recognition: confirmed when the client's handshake response parses after a v10 or v9 greeting (in any split
 * of the stream), not before; Zeek's binpac failures become violations; nothing is parsed after a gap.
 */
class MysqlAnalyzerTest {
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 3306, MysqlAnalyzer.spec(null));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    @Test
    void v10HandshakeConfirmsAtTheResponse() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10());
        assertThat(h.services()).isEmpty();
        h.stream(true, Mysql.responseV10());
        assertThat(h.services()).containsExactly("mysql");
        h.stream(false, Mysql.ok(2)).stream(true, Mysql.query("select 1")).done();
        assertThat(h.services()).containsExactly("mysql");
        assertThat(violations).isEmpty();
    }

    @Test
    void v9HandshakeConfirms() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV9()).stream(true, Mysql.responseV9());
        assertThat(h.services()).containsExactly("mysql");
        assertThat(violations).isEmpty();
    }

    @Test
    void everySplitSizeConfirmsOnceTheResponseIsComplete() {
        byte[] server = Mysql.greetingV10();
        byte[] client = Mysql.responseV10();
        for (int size = 1; size <= client.length; size++) {
            AnalyzerHarness h = harness();
            for (int o = 0; o < server.length; o += size) {
                h.stream(false, Arrays.copyOfRange(server, o, Math.min(server.length, o + size)));
            }
            for (int o = 0; o < client.length; o += size) {
                assertThat(h.services()).as("size %d at %d", size, o).isEmpty();
                h.stream(true, Arrays.copyOfRange(client, o, Math.min(client.length, o + size)));
            }
            assertThat(h.services()).as("size %d", size).containsExactly("mysql");
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void responseWithoutGreetingIsAViolation() {
        // Zeek's Handshake_Response_Packet is a case on the greeting's version with no default.
        AnalyzerHarness h = harness();
        h.stream(true, Mysql.responseV10());
        assertThat(h.services()).isEmpty();
        assertThat(violations).containsExactly(
                "Binpac exception: binpac exception: invalid index for case: Handshake_Response_Packet: 0");
        assertThat(h.analyzer("MYSQL")).isNull();
    }

    @Test
    void badAuthPluginDataLengthIsAViolation() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10(5));
        assertThat(violations).containsExactly(
                "Binpac exception: binpac exception: &enforce violation : Handshake_v10:auth_plugin_data_len");
        assertThat(h.services()).isEmpty();
    }

    @Test
    void garbageIsAViolation() {
        AnalyzerHarness h = harness();
        // "GET / HTTP/1.1\r\n": a 3-byte length of 0x202f20 and more than the capture holds: nothing to parse yet.
        h.stream(true, "GET / HTTP/1.1\r\n\r\n");
        assertThat(violations).isEmpty();
        // A short server packet with an unknown version byte: Zeek parses it as an ERR packet, 8 bytes short.
        AnalyzerHarness s = harness();
        s.stream(false, packet(0, new byte[] {'H', 'T', 'T'}));
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).startsWith("Binpac exception: binpac exception: out_of_bound: ERR_Packet");
        assertThat(s.services()).isEmpty();
    }

    @Test
    void truncatedResponseIsAViolation() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10());
        // The user name has no NUL inside the packet.
        byte[] cut = new Mysql.Bytes().u32(Mysql.CAPS_41).u32(1 << 24).u8(0x21).zeros(23).raw("root").bytes();
        h.stream(true, packet(1, cut));
        assertThat(h.services()).isEmpty();
        assertThat(violations).hasSize(1);
        // binpac names the field by its line in mysql-protocol.pac (394: Handshake_Credentials_v10's username).
        assertThat(violations.get(0)).contains("mysql-protocol.pac:394: ").endsWith("actual data: \"root\"");
    }

    @Test
    void serverErrInsteadOfGreetingMovesOnWithoutConfirming() {
        AnalyzerHarness h = harness();
        byte[] err = new Mysql.Bytes().u8(0xff).u16(1130).raw("#HY000").raw("Host is not allowed").bytes();
        h.stream(false, packet(0, err));
        assertThat(violations).isEmpty();
        h.stream(true, Mysql.query("select 1")).done();
        assertThat(h.services()).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void unknownServerConnectionPhasePacketIsAViolation() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10()).stream(true, Mysql.responseV10());
        h.stream(false, packet(2, new byte[] {0x42, 1, 2, 3}));
        assertThat(violations).containsExactly(
                "Binpac exception: binpac exception: invalid index for case: Server_Connection_Phase_Packets: 66");
    }

    @Test
    void authSwitchThenOkReachesTheCommandPhase() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10()).stream(true, Mysql.responseV10());
        h.stream(false, packet(2, new Mysql.Bytes().u8(0xfe).cstr("caching_sha2_password").raw("12345").bytes()));
        h.stream(true, packet(3, new byte[] {1, 2, 3, 4})).stream(false, Mysql.ok(4));
        // Command phase: an empty client packet lacks its command byte.
        h.stream(true, packet(0, new byte[0]));
        assertThat(violations).containsExactly(
                "Binpac exception: binpac exception: out_of_bound: Command_Request_Packet:command: 1 > 0");
        // A violation after the confirmation (early in the connection) takes the service back, as Zeek's DPD does.
        assertThat(h.services()).isEmpty();
    }

    @Test
    void nothingIsParsedAfterAGap() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10());
        h.gap(true, 0, 10);
        h.stream(true, Mysql.responseV10());
        assertThat(h.services()).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void longPacketsAreSkippedBeyondTheCap() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10()).stream(true, Mysql.responseV10()).stream(false, Mysql.ok(2));
        byte[] big = new byte[3 * MysqlAnalyzer.MAX_KEPT];
        big[0] = 3;
        h.stream(true, packet(0, big)).stream(true, Mysql.query("select 2")).done();
        assertThat(violations).isEmpty();
        assertThat(h.services()).containsExactly("mysql");
    }

    @Test
    void packetsInOneDeliveryAreParsedInOrder() {
        AnalyzerHarness h = harness();
        h.stream(false, Mysql.greetingV10());
        h.stream(true, concat(Mysql.responseV10(), packet(2, new byte[] {9})));
        assertThat(h.services()).containsExactly("mysql");
        assertThat(violations).isEmpty();
    }

    @Test
    void aFailedPacketDropsTheRestOfItsDelivery() {
        AnalyzerHarness h = harness();
        // A greeting with 12 KB of trailing bytes (binpac ignores them): past the 10 KiB after which violations no
        // longer detach the analyzer (Zeek's DPD::ignore_violations_after).
        byte[] g = Mysql.greetingV10();
        byte[] big = Arrays.copyOfRange(g, 4, g.length + 12_000);
        h.stream(false, packet(0, big));
        byte[] good = Mysql.responseV10();
        byte[] cut = packet(1, Arrays.copyOfRange(good, 4, 20));
        // binpac discards the rest of the delivery after its exception: the good response behind the cut one is lost.
        h.stream(true, concat(cut, good));
        assertThat(h.services()).isEmpty();
        // The next delivery starts a new packet.
        h.stream(true, good);
        assertThat(h.services()).containsExactly("mysql");
    }
}
