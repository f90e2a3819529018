package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.testkit.PacketBuilder;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each construct of the language on packets built here, with the verdicts libpcap gives (tcpdump -r selects the
 * same packets; the differential tests check that at scale).
 */
class FilterCompilerTest {
    private static final FilterCompiler.Options OPTS = FilterCompiler.Options.tcpdumpOffline()
            .withNames(new FixedNames("10.0.0.80 web.example\n2001:db8::80 web.example\n10.0.0.2 gw\n",
                    "00:00:00:00:00:02 gw\n", "corp 10.0\n"));

    /** Named test packets on Ethernet. */
    private static final Map<String, byte[]> P = new LinkedHashMap<>();

    static {
        P.put("syn80", PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.80").tcp(40000, 80).syn().build());
        P.put("synack80", PacketBuilder.eth().ipv4("10.0.0.80", "10.0.0.1").tcp(80, 40000)
                .flags(PacketBuilder.SYN | PacketBuilder.ACK).build());
        P.put("dns", PacketBuilder.eth().ipv4("10.0.0.1", "192.168.1.53").udp(40001, 53).payload("q").build());
        P.put("big", PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payload(new byte[1600]).build());
        P.put("ping", PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(1, 1).build());
        P.put("frag2", PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.80").fragment(1480, false).ipProto(6)
                .payload(new byte[] {(byte) 0x9c, 0x40, 0, 80, 0, 0, 0, 0}).build());
        P.put("v6web", PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::80").tcp(40002, 80).syn().build());
        P.put("v6frag", PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").fragment6(0, true, 1).udp(3, 53)
                .build());
        P.put("ns", PacketBuilder.eth().ipv6("fe80::1", "ff02::1:ff00:2").icmp(135, 0, 0).build());
        P.put("arp", PacketBuilder.eth().arp(1, 1, "10.0.0.1", 0, "10.0.0.80").build());
        P.put("vlan", PacketBuilder.eth().vlan(100).ipv4("10.0.0.1", "10.0.0.80").tcp(40003, 80).syn().build());
        P.put("qinq", PacketBuilder.eth().vlan(100).vlan(200).ipv4("10.0.0.1", "10.0.0.2").udp(5, 53).build());
        P.put("mpls", PacketBuilder.eth().mpls(16).ipv4("10.0.0.1", "10.0.0.80").tcp(40004, 80).syn().build());
        P.put("sctp", PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").ipProto(132)
                .payload(new byte[] {0, 80, 0, 80, 0, 0, 0, 0}).build());
        P.put("short", java.util.Arrays.copyOf(P.get("syn80"), 30));
    }

    private static List<String> selected(String expr) throws FilterSyntaxException {
        List<String> out = new ArrayList<>();
        PacketFilter jit = FilterCompiler.compile(expr, 1, 65535, OPTS);
        PacketFilter interp = FilterCompiler.compile(expr, 1, 65535, OPTS.withJit(false));
        for (Map.Entry<String, byte[]> e : P.entrySet()) {
            MemorySegment s = MemorySegment.ofArray(e.getValue());
            boolean m = jit.matches(s, 0, e.getValue().length, e.getValue().length);
            assertThat(interp.matches(s, 0, e.getValue().length, e.getValue().length)).as(expr + " " + e.getKey())
                    .isEqualTo(m);
            if (m) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static FilterSyntaxException error(String expr, int dlt) {
        try {
            FilterCompiler.compileProgram(expr, dlt, 65535, OPTS);
        } catch (FilterSyntaxException e) {
            return e;
        }
        throw new AssertionError("accepted: " + expr);
    }

    @Test
    void emptyExpressionSelectsEverything() throws Exception {
        assertThat(selected("")).hasSize(P.size());
        assertThat(selected("   ")).hasSize(P.size());
    }

    @Test
    void hostsAndNetworksMeanIpv4ArpRarpOrIpv6() throws Exception {
        assertThat(selected("host 10.0.0.80")).containsExactly("syn80", "synack80", "frag2", "arp");
        assertThat(selected("dst host 10.0.0.80")).containsExactly("syn80", "frag2", "arp");
        assertThat(selected("src host 10.0.0.80")).containsExactly("synack80");
        assertThat(selected("src and dst host 10.0.0.1")).isEmpty();
        assertThat(selected("ip host 10.0.0.80")).containsExactly("syn80", "synack80", "frag2");
        assertThat(selected("host 2001:db8::80")).containsExactly("v6web");
        assertThat(selected("host web.example")).containsExactly("syn80", "synack80", "frag2", "v6web", "arp");
        assertThat(selected("net 192.168.0.0/16")).containsExactly("dns");
        assertThat(selected("net 192.168.1.0 mask 255.255.255.0")).containsExactly("dns");
        assertThat(selected("dst net 192.168")).containsExactly("dns");
        assertThat(selected("net corp")).containsExactly("syn80", "synack80", "dns", "big", "ping", "frag2", "arp",
                "sctp", "short");
        assertThat(selected("net fe80::/10")).containsExactly("ns");
        assertThat(selected("host 10.0.0.80 or 192.168.1.53")).containsExactly("syn80", "synack80", "dns", "frag2",
                "arp");
    }

    @Test
    void portsAreTcpUdpOrSctpOverIpv4FirstFragmentsOrIpv6() throws Exception {
        assertThat(selected("port 80")).containsExactly("syn80", "synack80", "v6web", "sctp");
        assertThat(selected("tcp port 80")).containsExactly("syn80", "synack80", "v6web");
        assertThat(selected("tcp dst port 80")).containsExactly("syn80", "v6web");
        assertThat(selected("udp port domain")).containsExactly("dns");
        assertThat(selected("portrange 50-100")).containsExactly("syn80", "synack80", "dns", "v6web", "sctp");
        assertThat(selected("src portrange 40000-40002")).containsExactly("syn80", "dns", "v6web");
        assertThat(selected("port 80 or 53")).containsExactly("syn80", "synack80", "dns", "v6web", "sctp");
        // the IPv6 fragment header hides the UDP port, as in libpcap
        assertThat(selected("udp port 53")).doesNotContain("v6frag");
    }

    @Test
    void linkLayerAddressesAndBroadcasts() throws Exception {
        assertThat(selected("ether src 00:00:00:00:00:01")).hasSize(P.size());
        assertThat(selected("ether host 00:00:00:00:00:03")).isEmpty();
        assertThat(selected("ether broadcast")).isEmpty();
        assertThat(selected("ether multicast")).isEmpty();
        // every frame goes to gw's MAC; the IPv4 and ARP ones not from or to gw's address went through it (the
        // short copy of syn80 lacks its destination address, so it does not qualify)
        assertThat(selected("gateway gw")).containsExactly("syn80", "synack80", "dns", "frag2", "arp");
        assertThat(selected("ether dst gw")).hasSize(P.size());
    }

    @Test
    void protocols() throws Exception {
        assertThat(selected("icmp")).containsExactly("ping");
        assertThat(selected("icmp6")).containsExactly("ns");
        assertThat(selected("arp")).containsExactly("arp");
        assertThat(selected("sctp")).containsExactly("sctp");
        assertThat(selected("ip6")).containsExactly("v6web", "v6frag", "ns");
        assertThat(selected("ip proto 132")).containsExactly("sctp");
        assertThat(selected("ip proto \\icmp")).containsExactly("ping");
        // ip6 proto also looks after one fragment header
        assertThat(selected("ip6 proto \\udp")).containsExactly("v6frag");
        assertThat(selected("ether proto \\arp")).containsExactly("arp");
        assertThat(selected("ip6 protochain \\udp")).containsExactly("v6frag");
    }

    @Test
    void vlanAndMplsShiftWhatFollows() throws Exception {
        assertThat(selected("vlan")).containsExactly("vlan", "qinq");
        assertThat(selected("vlan 100 and tcp port 80")).containsExactly("vlan");
        assertThat(selected("vlan and vlan 200 and udp")).containsExactly("qinq");
        // before "vlan", the EtherType must be IP; after, a VLAN TPID: nothing can match
        assertThat(error("tcp port 80 and vlan", Dlt.EN10MB).getMessage()).contains("expression rejects all packets");
        assertThat(selected("mpls 16 and host 10.0.0.80")).containsExactly("mpls");
        assertThat(selected("mpls and tcp")).containsExactly("mpls");
        // as in libpcap, "vlan or ..." leaves the shift in place for what follows
        assertThat(selected("vlan or tcp")).containsExactly("vlan", "qinq");
    }

    @Test
    void lengthsAndByteExpressions() throws Exception {
        assertThat(selected("greater 1000")).containsExactly("big");
        assertThat(selected("len > 1000")).containsExactly("big");
        assertThat(selected("less 40")).containsExactly("short");
        assertThat(selected("ip[2:2] > 1500")).containsExactly("big");
        assertThat(selected("tcp[13] & 2 != 0")).containsExactly("syn80", "synack80");
        assertThat(selected("tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn")).containsExactly("syn80");
        assertThat(selected("icmp[icmptype] = icmp-echo")).containsExactly("ping");
        assertThat(selected("ip[9] = 17 and udp[2:2] = 53")).containsExactly("dns");
        assertThat(selected("ether[12:2] = 0x86dd")).containsExactly("v6web", "v6frag", "ns");
        // a load past the captured bytes fails the test (the short copy of syn80 has 30 bytes)
        assertThat(selected("ip[16:4] = 0x0a000050")).containsExactly("syn80", "frag2");
    }

    @Test
    void arithmeticFollowsYaccPrecedence() throws Exception {
        // * before +, left to right for - ; % and ^ take everything to their right (yacc shifts on them)
        List<String> tcp = List.of("syn80", "synack80", "frag2", "short");
        assertThat(selected("ip[9] + 2 * 2 = 10")).isEqualTo(tcp);
        assertThat(selected("20 - 2 - 1 = ip[9] + 11")).isEqualTo(tcp);
        // ip[9] % (10 + 1): 6 for TCP and for UDP (17)
        assertThat(selected("ip[9] % 10 + 1 = 6")).containsExactly("syn80", "synack80", "dns", "big", "frag2",
                "short");
        assertThat(selected("ip[9] * 2 % 7 = 12")).isEqualTo(tcp);
        assertThat(selected("- ip[9] + 6 = 0")).isEqualTo(tcp);
        assertThat(selected("(ip[9] & 0xf) << 1 | 1 = 13")).isEqualTo(tcp);
    }

    @Test
    void andOrHaveEqualPrecedenceAndNotBindsTighter() throws Exception {
        // (icmp or tcp) and port 80
        assertThat(selected("icmp or tcp and port 80")).containsExactly("syn80", "synack80", "v6web");
        assertThat(selected("not tcp and ip")).containsExactly("dns", "big", "ping", "sctp");
        assertThat(selected("!tcp && ip || arp")).containsExactly("dns", "big", "ping", "arp", "sctp");
        assertThat(selected("not (tcp or udp)")).containsExactly("ping", "ns", "arp", "vlan", "qinq", "mpls",
                "sctp");
    }

    @Test
    void rawIpAndCookedLinkTypes() throws Exception {
        byte[] ip = PacketBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(1, 53).build();
        MemorySegment s = MemorySegment.ofArray(ip);
        assertThat(FilterCompiler.compile("udp port 53", 101, 65535, OPTS).matches(s, 0, ip.length, ip.length))
                .isTrue();
        assertThat(FilterCompiler.compile("ip6", 101, 65535, OPTS).matches(s, 0, ip.length, ip.length)).isFalse();
        byte[] sll = new byte[16 + ip.length];
        sll[14] = 0x08;
        System.arraycopy(ip, 0, sll, 16, ip.length);
        assertThat(FilterCompiler.compile("host 10.0.0.2 and inbound", 113, 65535, OPTS)
                .matches(MemorySegment.ofArray(sll), 0, sll.length, sll.length)).isTrue();
    }

    @Test
    void syntaxErrorsCarryThePositionOfTheOffendingToken() {
        FilterSyntaxException e = error("tcp and port", Dlt.EN10MB);
        assertThat(e.isSyntaxError()).isTrue();
        assertThat(e.position()).isEqualTo(12);
        assertThat(e.getMessage()).startsWith("syntax error at position 12: expected");
        assertThat(e.render()).isEqualTo("filter: " + e.getMessage() + "\n  tcp and port\n              ^");
        assertThat(error("host 10.0.0.1 and", Dlt.EN10MB).position()).isEqualTo(17);
        assertThat(error("(tcp", Dlt.EN10MB).getMessage()).contains("expected ')'");
        assertThat(error("tcp port 80)", Dlt.EN10MB).position()).isEqualTo(11);
        assertThat(error("foo", Dlt.EN10MB).position()).isZero();
        assertThat(error("not 10.0.0.1", Dlt.EN10MB).position()).isEqualTo(4);
        assertThat(error("ip[1:2", Dlt.EN10MB).getMessage()).contains("expected ']'");
        assertThat(error("port 80 # comment", Dlt.EN10MB).getMessage()).contains("unexpected character '#'");
        assertThat(error("port 09", Dlt.EN10MB).getMessage()).contains("number 09 contains non-octal digit");
        assertThat(error("host 4294967296", Dlt.EN10MB).getMessage()).contains("overflows 32 bits");
        assertThat(error("host 1:2:3:4:5:6:7:8:9", Dlt.EN10MB).isSyntaxError()).isTrue();
    }

    @Test
    void semanticErrorsAreLibpcaps() {
        assertThat(error("port 70000", Dlt.EN10MB).getMessage())
                .isEqualTo("error at position 5: port number 70000 greater than maximum 65535");
        assertThat(error("tcp and vlan", Dlt.RAW).getMessage())
                .contains("position 8").contains("'vlan' not supported on DLT_RAW");
        assertThat(error("ip proto 256", Dlt.EN10MB).getMessage()).contains("protocol number 256 greater than");
        assertThat(error("net 10.0.0.1/8", Dlt.EN10MB).getMessage()).contains("non-network bits set in");
        assertThat(error("ether host 10.0.0.1", Dlt.EN10MB).getMessage()).contains("illegal link-layer address");
        assertThat(error("port 10.0.0.1", Dlt.EN10MB).getMessage())
                .contains("'port' qualifier applied to IPv4 address");
        assertThat(error("host nosuchhost.invalid", Dlt.EN10MB).getMessage()).contains("unknown host");
        assertThat(error("port nosuchservice", Dlt.EN10MB).getMessage()).contains("unknown port");
        assertThat(error("ip and ip6", Dlt.EN10MB).getMessage()).contains("expression rejects all packets");
        assertThat(error("len / 0 = 1", Dlt.EN10MB).getMessage()).contains("division by zero");
        assertThat(error("ip[0:3] = 1", Dlt.EN10MB).getMessage()).contains("data size must be 1, 2, or 4");
        assertThat(error("wlan addr1 aa:bb:cc:dd:ee:ff", Dlt.EN10MB).getMessage())
                .contains("'addr1' is valid for 802.11 syntax only");
        FilterSyntaxException unknownMask = null;
        try {
            FilterCompiler.compileProgram("ip broadcast", Dlt.EN10MB, 65535, OPTS.withNetmask(-1));
        } catch (FilterSyntaxException e) {
            unknownMask = e;
        }
        assertThat(unknownMask).hasMessageContaining("netmask not known, so 'ip broadcast' not supported");
    }

    @Test
    void ipBroadcastUsesTheNetmask() throws Exception {
        byte[] b = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.255").udp(1, 2).build();
        PacketFilter f = FilterCompiler.compile("ip broadcast", 1, 65535, OPTS.withNetmask(0xffffff00));
        assertThat(f.matches(MemorySegment.ofArray(b), 0, b.length, b.length)).isTrue();
        // tcpdump -r uses netmask 0: only 0.0.0.0 and 255.255.255.255
        PacketFilter f0 = FilterCompiler.compile("ip broadcast", 1, 65535, OPTS);
        assertThat(f0.matches(MemorySegment.ofArray(b), 0, b.length, b.length)).isFalse();
    }

    @Test
    void unknownLinkTypesAreRefusedWithAMessage() {
        assertThatThrownBy(() -> FilterCompiler.compile("tcp", 99999, 65535, OPTS))
                .isInstanceOf(FilterSyntaxException.class).hasMessageContaining("unknown data link type");
        assertThatThrownBy(() -> FilterCompiler.compile("tcp", 1, 0, OPTS))
                .hasMessageContaining("snaplen of 0 rejects all packets");
    }

    @Test
    void aPacketAtAnOffsetInALargerSegmentIsReadInPlace() throws Exception {
        byte[] frame = P.get("syn80");
        byte[] buf = new byte[frame.length + 100];
        System.arraycopy(frame, 0, buf, 37, frame.length);
        PacketFilter f = FilterCompiler.compile("tcp dst port 80", 1, 65535, OPTS);
        assertThat(f.matches(MemorySegment.ofArray(buf), 37, frame.length, frame.length)).isTrue();
        assertThat(f.matches(MemorySegment.ofArray(buf), 36, frame.length, frame.length)).isFalse();
        // the bytes after caplen are not the packet's, even when the segment has them
        assertThat(f.matches(MemorySegment.ofArray(buf), 37, 36, frame.length)).isFalse();
    }

    @Test
    void aProtochainLoopThatNeverEndsIsNoMatch() throws Exception {
        // IPv4, protocol AH; the AH header right after the 20-byte IP header names AH again, with a length (3)
        // that brings libpcap's loop back to the same place: it sets X to (3 + 2) * 4 = 20, not X + 20
        byte[] b = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").ipProto(51)
                .payload(new byte[] {51, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).build();
        for (boolean jit : new boolean[] {true, false}) {
            PacketFilter f = FilterCompiler.compile("ip protochain 6", 1, 65535, OPTS.withJit(jit));
            assertThat(f.matches(MemorySegment.ofArray(b), 0, b.length, b.length)).isFalse();
        }
    }

    @Test
    void absurdNestingIsAnErrorNotACrash() {
        String deep = "(".repeat(200_000) + "tcp" + ")".repeat(200_000);
        assertThatThrownBy(() -> FilterCompiler.compileProgram(deep, Dlt.EN10MB, 65535, OPTS))
                .isInstanceOf(FilterSyntaxException.class).hasMessageContaining("too deeply nested");
        assertThatThrownBy(() -> FilterCompiler.compileProgram("not ".repeat(200_000) + "tcp", Dlt.EN10MB, 65535,
                OPTS)).isInstanceOf(FilterSyntaxException.class);
    }
}
