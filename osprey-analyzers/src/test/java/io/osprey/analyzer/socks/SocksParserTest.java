package io.osprey.analyzer.socks;

import io.osprey.common.net.Addr;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.osprey.analyzer.socks.SocksTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SocksParser} on single messages (bytes in the code): each message type complete, every truncation of it
 * (binpac's out_of_bound with Zeek's numbers), and malformed values, with the connection state binpac keeps.
 */
class SocksParserTest {
    private static int parse(SocksParser p, boolean orig, byte[] b) {
        return p.parse(orig, MemorySegment.ofArray(b), 0, b.length);
    }

    private static SocksParser v5Authenticated() {
        SocksParser p = new SocksParser();
        assertThat(parse(p, true, hex("050100"))).isEqualTo(SocksParser.NOTHING);
        assertThat(parse(p, false, hex("0500"))).isEqualTo(SocksParser.NOTHING);
        assertThat(p.pastAuthentication).isTrue();
        assertThat(p.inAuthSubNegotiation).isFalse();
        return p;
    }

    private static String name(SocksParser p) {
        return p.hasName ? new String(p.name, 0, p.nameLen, StandardCharsets.ISO_8859_1) : null;
    }

    @Test
    void socks4Request() {
        SocksParser p = new SocksParser();
        assertThat(parse(p, true, hex("04 01 0050 c0a80101 626f62 00"))).isEqualTo(SocksParser.V4_REQUEST);
        assertThat(p.code).isEqualTo(1);
        assertThat(p.port).isEqualTo(80);
        assertThat(Addr.toString(p.hostHi, p.hostLo)).isEqualTo("192.168.1.1");
        assertThat(new String(p.user, 0, p.userLen, StandardCharsets.US_ASCII)).isEqualTo("bob");
        assertThat(p.hasName).isFalse();
        // An unterminated user id ends with the delivery (binpac's &until loop stops at the end of data).
        assertThat(parse(p, true, hex("04 02 0050 c0a80101 626f"))).isEqualTo(SocksParser.V4_REQUEST);
        assertThat(p.userLen).isEqualTo(2);
        assertThat(p.code).isEqualTo(2);
    }

    @Test
    void socks4aRequestHasAddressAndName() {
        SocksParser p = new SocksParser();
        assertThat(parse(p, true, hex("04 01 01bb 000000ff 00 686f7374 00"))).isEqualTo(SocksParser.V4_REQUEST);
        assertThat(Addr.toString(p.hostHi, p.hostLo)).isEqualTo("0.0.0.255");
        assertThat(name(p)).isEqualTo("host");
        // No name at all: an empty one (Zeek's array_to_string of nothing).
        assertThat(parse(p, true, hex("04 01 01bb 00000001 00"))).isEqualTo(SocksParser.V4_REQUEST);
        assertThat(name(p)).isEmpty();
        // 0.0.1.0 is above 0.0.0.255: a plain SOCKS4 request.
        assertThat(parse(p, true, hex("04 01 01bb 00000100 00 686f7374 00"))).isEqualTo(SocksParser.V4_REQUEST);
        assertThat(p.hasName).isFalse();
    }

    @Test
    void socks4FieldsLongerThanTheCapAreCut() {
        byte[] longUser = new byte[8 + 1000 + 1];
        System.arraycopy(hex("04010050c0a80101"), 0, longUser, 0, 8);
        Arrays.fill(longUser, 8, 8 + 1000, (byte) 'u');
        SocksParser p = new SocksParser();
        assertThat(parse(p, true, longUser)).isEqualTo(SocksParser.V4_REQUEST);
        assertThat(p.userLen).isEqualTo(SocksParser.MAX_V4_FIELD);
    }

    @Test
    void socks4ReplyNeedsVersionFourAndEightMoreBytes() {
        SocksParser p = new SocksParser();
        assertThat(parse(p, false, hex("04 00 5b 0050 0a000001"))).isEqualTo(SocksParser.V4_REPLY);
        assertThat(p.code).isEqualTo(0x5b);
        assertThat(p.port).isEqualTo(80);
        assertThat(Addr.toString(p.hostHi, p.hostLo)).isEqualTo("10.0.0.1");
        assertThat(parse(p, false, hex("04 5a 0050 0a000001"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).isEqualTo("Binpac exception: binpac exception: out_of_bound: SOCKS4_Reply: 8 > 7");
        assertThat(parse(p, false, hex("00 5a 0050 0a000001"))).isEqualTo(SocksParser.VERSION_ERROR);
        assertThat(p.version).isZero();
    }

    @Test
    void everyTruncationOfAFixedSizeMessageIsOutOfBound() {
        String[][] cases = {
            // {orig?, state, message, out_of_bound text of the shortest cut (1 byte)}
            {"T", "", "04010050c0a80101", "SOCKS4_Request:addr: 7 > 0"},
            {"T", "", "05020002", "SOCKS5_Auth_Negotiation_Request:method_count: 1 > 0"},
            {"F", "", "0502", "SOCKS5_Auth_Negotiation_Reply: 1 > 0"},
            {"T", "auth", "050100017f0000010050", "SOCKS5_Request:reserved: 2 > 0"},
            {"F", "auth", "050000017f0000010050", "SOCKS5_Reply:reserved: 2 > 0"},
            {"T", "auth", "0501000420010db80000000000000000000000010050", "SOCKS5_Request:reserved: 2 > 0"},
            {"T", "auth", "05010003036162630050", "SOCKS5_Request:reserved: 2 > 0"},
            {"T", "login", "0103626f6205616c696365", "SOCKS5_Auth_Request_UserPass_v1:ulen: 1 > 0"},
            {"F", "login", "0100", "SOCKS5_Auth_Reply_UserPass_v1: 1 > 0"},
        };
        for (String[] c : cases) {
            boolean orig = c[0].equals("T");
            byte[] msg = hex(c[2]);
            for (int cut = 1; cut < msg.length; cut++) {
                SocksParser p = state(c[1]);
                int r = parse(p, orig, Arrays.copyOf(msg, cut));
                assertThat(r).as("%s cut at %d", c[2], cut).isEqualTo(SocksParser.OUT_OF_BOUND);
                if (cut == 1) {
                    assertThat(p.outOfBound()).endsWith(c[3]);
                }
            }
            SocksParser whole = state(c[1]);
            assertThat(parse(whole, orig, msg)).as(c[2]).isNotEqualTo(SocksParser.OUT_OF_BOUND);
        }
    }

    private static SocksParser state(String s) {
        return switch (s) {
            case "auth" -> v5Authenticated();
            case "login" -> {
                SocksParser p = new SocksParser();
                parse(p, true, hex("050102"));
                parse(p, false, hex("0502"));
                assertThat(p.inAuthSubNegotiation).isTrue();
                assertThat(p.authMethod).isEqualTo(2);
                yield p;
            }
            default -> new SocksParser();
        };
    }

    @Test
    void outOfBoundNumbersAreRelativeToTheRecordBinpacChecks() {
        SocksParser p = v5Authenticated();
        assertThat(parse(p, true, hex("0501000301"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("Domain_Name:name: 2 > 1");
        assertThat(parse(p, true, hex("050100017f00"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("SOCKS5_Address:ipv4: 5 > 3");
        assertThat(parse(p, true, hex("05010004 20010db8"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("SOCKS5_Address:ipv6: 4 > 4");
        assertThat(parse(p, true, hex("050100017f000001"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("SOCKS5_Request:port: 9 > 7");
        assertThat(parse(p, true, hex("0501"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("SOCKS5_Request:reserved: 2 > 1");
        assertThat(parse(p, true, hex("050100"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("SOCKS5_Address:addr_type: 1 > 0");
        SocksParser g = new SocksParser();
        assertThat(parse(g, true, hex("050300"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(g.outOfBound()).endsWith("SOCKS5_Auth_Negotiation_Request:methods: 3 > 1");
        SocksParser l = state("login");
        assertThat(parse(l, true, hex("0103626f"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(l.outOfBound()).endsWith("SOCKS5_Auth_Request_UserPass_v1:username: 4 > 3");
        assertThat(parse(l, true, hex("0103626f62"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(l.outOfBound()).endsWith("SOCKS5_Auth_Request_UserPass_v1:plen: 5 > 4");
        assertThat(parse(l, true, hex("0103626f620261"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(l.outOfBound()).endsWith("SOCKS5_Auth_Request_UserPass_v1:password: 7 > 6");
    }

    @Test
    void socks5AddressTypes() {
        SocksParser p = v5Authenticated();
        assertThat(parse(p, true, hex("05 02 00 01 0a000001 1f90"))).isEqualTo(SocksParser.V5_REQUEST);
        assertThat(p.code).isEqualTo(2);
        assertThat(p.addrType).isEqualTo(1);
        assertThat(Addr.toString(p.hostHi, p.hostLo)).isEqualTo("10.0.0.1");
        assertThat(p.port).isEqualTo(8080);
        assertThat(parse(p, true, hex("05 03 00 03 03 616263 0035"))).isEqualTo(SocksParser.V5_REQUEST);
        assertThat(p.hasHost).isFalse();
        assertThat(name(p)).isEqualTo("abc");
        assertThat(p.port).isEqualTo(53);
        assertThat(parse(p, true, hex("05 01 00 04 fe800000000000000000000000000001 0016")))
                .isEqualTo(SocksParser.V5_REQUEST);
        assertThat(Addr.toString(p.hostHi, p.hostLo)).isEqualTo("fe80::1");
        assertThat(parse(p, false, hex("05 04 00 03 00 0000"))).isEqualTo(SocksParser.V5_REPLY);
        assertThat(p.code).isEqualTo(4);
        assertThat(name(p)).isEmpty();
        assertThat(p.port).isZero();
    }

    @Test
    void methodSelectionDecidesTheSubNegotiation() {
        for (int m : new int[] {0, 0xff}) {
            SocksParser p = new SocksParser();
            parse(p, false, new byte[] {5, (byte) m});
            assertThat(p.inAuthSubNegotiation).isFalse();
            assertThat(p.pastAuthentication).isTrue();
        }
        SocksParser gss = new SocksParser();
        parse(gss, false, hex("0501"));
        assertThat(gss.inAuthSubNegotiation).isTrue();
        assertThat(parse(gss, true, hex("0001"))).isEqualTo(SocksParser.UNSUPPORTED_METHOD);
        assertThat(gss.inAuthSubNegotiation).isTrue();
        assertThat(parse(gss, false, hex(""))).isEqualTo(SocksParser.NOTHING); // empty delivery: nothing
        assertThat(parse(gss, false, hex("00"))).isEqualTo(SocksParser.UNSUPPORTED_METHOD);
        assertThat(gss.inAuthSubNegotiation).isFalse();
    }

    @Test
    void loginMessages() {
        SocksParser p = state("login");
        assertThat(parse(p, true, hex("01 03 626f62 00"))).isEqualTo(SocksParser.LOGIN_REQUEST);
        assertThat(new String(p.user, 0, p.userLen, StandardCharsets.US_ASCII)).isEqualTo("bob");
        assertThat(p.passwordLen).isZero();
        assertThat(p.inAuthSubNegotiation).isTrue();
        assertThat(parse(p, false, hex("01"))).isEqualTo(SocksParser.OUT_OF_BOUND);
        assertThat(p.outOfBound()).endsWith("SOCKS5_Auth_Reply_UserPass_v1: 1 > 0");
        assertThat(p.inAuthSubNegotiation).isTrue(); // the reply's &let runs only once it parsed
        assertThat(parse(p, false, hex("01 01"))).isEqualTo(SocksParser.LOGIN_REPLY);
        assertThat(p.code).isEqualTo(1);
        assertThat(p.inAuthSubNegotiation).isFalse();
    }

    @Test
    void otherVersionsAreErrors() {
        for (int v : new int[] {0, 1, 3, 6, 0x47, 0xff}) {
            SocksParser p = new SocksParser();
            assertThat(parse(p, true, new byte[] {(byte) v, 1, 0})).isEqualTo(SocksParser.VERSION_ERROR);
            assertThat(p.version).isEqualTo(v);
        }
    }
}
