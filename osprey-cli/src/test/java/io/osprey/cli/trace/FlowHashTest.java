package io.osprey.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.pcap.LinkTypes;
import io.osprey.testkit.PacketBuilder;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The split hash: symmetric for every encapsulation and key, spreads flows, sends non-IP to file 0. */
class FlowHashTest {
    static long hash(FlowHash h, byte[] frame, int linkType) {
        return h.hash(MemorySegment.ofArray(frame), 0, frame.length, linkType);
    }

    /** Frames of one flow in both directions: (a, b) gives the packet from a to b. */
    record Shape(String name, int linkType, BiFunction<Boolean, Integer, byte[]> frame) {
    }

    static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        s.add(new Shape("eth/ipv4/tcp", LinkTypes.EN10MB, (fwd, i) -> (fwd
                ? PacketBuilder.eth().ipv4("10.0.0.1", "10.0.1." + i).tcp(40000 + i, 80)
                : PacketBuilder.eth().ipv4("10.0.1." + i, "10.0.0.1").tcp(80, 40000 + i)).build()));
        s.add(new Shape("eth/vlan/vlan/ipv4/udp", LinkTypes.EN10MB, (fwd, i) -> (fwd
                ? PacketBuilder.eth().vlan(10).vlan(20).ipv4("192.168.0.1", "172.16.0." + i).udp(5353, 53)
                : PacketBuilder.eth().vlan(10).vlan(20).ipv4("172.16.0." + i, "192.168.0.1").udp(53, 5353)).build()));
        s.add(new Shape("eth/mpls/mpls/ipv4/tcp", LinkTypes.EN10MB, (fwd, i) -> (fwd
                ? PacketBuilder.eth().mpls(100).mpls(200).ipv4("10.1.0.1", "10.2.0." + i).tcp(1234, 443)
                : PacketBuilder.eth().mpls(100).mpls(200).ipv4("10.2.0." + i, "10.1.0.1").tcp(443, 1234)).build()));
        s.add(new Shape("eth/pppoe/ipv4/tcp", LinkTypes.EN10MB, (fwd, i) -> (fwd
                ? PacketBuilder.eth().pppoe(7).ipv4("100.64.0.1", "8.8.8." + i).tcp(5000 + i, 22)
                : PacketBuilder.eth().pppoe(7).ipv4("8.8.8." + i, "100.64.0.1").tcp(22, 5000 + i)).build()));
        s.add(new Shape("eth/ipv6/hbh/tcp", LinkTypes.EN10MB, (fwd, i) -> (fwd
                ? PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8:1::" + (i + 1)).hopByHop().tcp(50000, 8080)
                : PacketBuilder.eth().ipv6("2001:db8:1::" + (i + 1), "2001:db8::1").hopByHop().tcp(8080, 50000))
                .build()));
        s.add(new Shape("raw/ipv6/udp", LinkTypes.RAW, (fwd, i) -> (fwd
                ? PacketBuilder.raw().ipv6("fe80::1", "fe80::" + (i + 2)).udp(546, 547)
                : PacketBuilder.raw().ipv6("fe80::" + (i + 2), "fe80::1").udp(547, 546)).build()));
        s.add(new Shape("raw/ipv4/icmp", LinkTypes.RAW, (fwd, i) -> (fwd
                ? PacketBuilder.raw().ipv4("10.9.9.9", "10.8.8." + i).icmpEcho(1, i)
                : PacketBuilder.raw().ipv4("10.8.8." + i, "10.9.9.9").icmp(0, 0, i)).build()));
        s.add(new Shape("eth/ipv4 fragment", LinkTypes.EN10MB, (fwd, i) -> (fwd
                ? PacketBuilder.eth().ipv4("10.0.0.7", "10.0.3." + i).fragment(0, true).udp(1111, 2222)
                : PacketBuilder.eth().ipv4("10.0.3." + i, "10.0.0.7").fragment(0, true).udp(2222, 1111)).build()));
        return s;
    }

    @Test
    void bothDirectionsHashAlikeForEveryKeyAndEncapsulation() {
        for (String key : new String[] {"5tuple", "4tuple", "2tuple", "net24", "vlan+5tuple", "vlan+2tuple"}) {
            FlowHash h = FlowHash.parse(key);
            for (Shape s : shapes()) {
                Set<Long> distinct = new HashSet<>();
                for (int i = 1; i <= 50; i++) {
                    long a = hash(h, s.frame().apply(true, i), s.linkType());
                    long b = hash(h, s.frame().apply(false, i), s.linkType());
                    assertThat(a).as("%s %s flow %d", key, s.name(), i).isNotEqualTo(FlowHash.NOT_IP).isEqualTo(b);
                    distinct.add(a);
                }
                // net24 puts all of 10.0.1.x in one /24; the other keys tell the 50 flows apart
                if (!key.equals("net24") || s.name().contains("ipv6") && !s.name().contains("raw")) {
                    assertThat(distinct).as("%s %s", key, s.name()).hasSizeGreaterThan(key.equals("net24") ? 0 : 45);
                }
            }
        }
    }

    @Test
    void allFragmentsOfADatagramGoTogether() {
        FlowHash h = FlowHash.parse("5tuple");
        byte[] head = PacketBuilder.eth().ipv4("10.0.0.7", "10.0.3.1").id(77).fragment(0, true).udp(1111, 2222)
                .payload("first part").build();
        byte[] tail = PacketBuilder.eth().ipv4("10.0.0.7", "10.0.3.1").id(77).fragment(1480, false).ipProto(17)
                .payload("tail").build();
        assertThat(hash(h, head, 1)).isEqualTo(hash(h, tail, 1));
        byte[] v6head = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").fragment6(0, true, 5).udp(1, 2).build();
        byte[] v6tail = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").fragment6(1448, false, 5)
                .payload("tail").setByte(14 + 40, 17).build(); // the fragment header announces UDP
        assertThat(hash(h, v6head, 1)).isEqualTo(hash(h, v6tail, 1));
    }

    @Test
    void keysSeeWhatTheySay() {
        byte[] http = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).build();
        byte[] ssh = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40001, 22).build();
        byte[] udp = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 80).build();
        byte[] near = PacketBuilder.eth().ipv4("10.0.0.9", "10.0.0.200").tcp(1, 2).build();
        FlowHash five = FlowHash.parse("5tuple");
        FlowHash four = FlowHash.parse("4tuple");
        FlowHash two = FlowHash.parse("2tuple");
        FlowHash net = FlowHash.parse("net24");
        assertThat(hash(five, http, 1)).isNotEqualTo(hash(five, udp, 1)).isNotEqualTo(hash(five, ssh, 1));
        assertThat(hash(four, http, 1)).isEqualTo(hash(four, udp, 1)).isNotEqualTo(hash(four, ssh, 1));
        assertThat(hash(two, http, 1)).isEqualTo(hash(two, ssh, 1)).isNotEqualTo(hash(two, near, 1));
        assertThat(hash(net, http, 1)).isEqualTo(hash(net, near, 1));
        byte[] v10 = PacketBuilder.eth().vlan(10).ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).build();
        byte[] v11 = PacketBuilder.eth().vlan(11).ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).build();
        assertThat(hash(five, v10, 1)).isEqualTo(hash(five, v11, 1)).isEqualTo(hash(five, http, 1));
        FlowHash vlan = FlowHash.parse("VLAN+5tuple");
        assertThat(hash(vlan, v10, 1)).isNotEqualTo(hash(vlan, v11, 1));
        assertThat(vlan.label()).isEqualTo("vlan+5tuple");
    }

    @Test
    void nonIpAndShortPacketsGoToFileZero() {
        FlowHash h = FlowHash.parse("5tuple");
        byte[] arp = PacketBuilder.eth().arp(1, 0x1, "10.0.0.1", 0, "10.0.0.2").build();
        assertThat(hash(h, arp, LinkTypes.EN10MB)).isEqualTo(FlowHash.NOT_IP);
        assertThat(h.bucket(MemorySegment.ofArray(arp), 0, arp.length, LinkTypes.EN10MB, 8)).isZero();
        byte[] tcp = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).build();
        for (int cut = 0; cut < 34; cut++) { // shorter than Ethernet + IPv4: no IP header to read
            assertThat(h.hash(MemorySegment.ofArray(tcp), 0, cut, LinkTypes.EN10MB)).as("caplen %d", cut)
                    .isEqualTo(FlowHash.NOT_IP);
        }
        // cut inside the TCP header: addresses only, still the same in both directions
        byte[] back = PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(2, 1).build();
        assertThat(h.hash(MemorySegment.ofArray(tcp), 0, 36, 1)).isEqualTo(h.hash(MemorySegment.ofArray(back), 0, 36, 1));
        assertThat(hash(h, tcp, 9999)).isEqualTo(FlowHash.NOT_IP); // unknown link type
    }

    @Test
    void everyTruncationOfEveryShapeIsSafe() {
        FlowHash h = FlowHash.parse("vlan+5tuple");
        for (Shape s : shapes()) {
            byte[] f = s.frame().apply(true, 3);
            for (int cut = 0; cut <= f.length; cut++) {
                h.hash(MemorySegment.ofArray(f), 0, cut, s.linkType()); // must not throw
            }
        }
    }

    @Test
    void flowsSpreadOverTheFiles() {
        FlowHash h = FlowHash.parse("5tuple");
        int[] count = new int[8];
        for (int i = 0; i < 8000; i++) {
            byte[] f = PacketBuilder.eth().ipv4("10.0." + (i >> 8) + "." + (i & 255), "192.0.2.1")
                    .tcp(1024 + i % 50000, 443).build();
            count[h.bucket(MemorySegment.ofArray(f), 0, f.length, 1, 8)]++;
        }
        for (int c : count) {
            assertThat(c).isBetween(800, 1200); // 1000 expected each
        }
    }

    @Test
    void unknownKeysAreRefusedWithTheChoices() {
        assertThatThrownBy(() -> FlowHash.parse("3tuple")).hasMessage(
                "unknown --by '3tuple' (5tuple, 4tuple, 2tuple or net24, optionally prefixed vlan+)");
    }

    /** The split hash runs per packet: no allocation (an allocation bound, not a timing). */
    @Test
    void hashingAllocatesNothing() {
        FlowHash h = FlowHash.parse("vlan+5tuple");
        List<MemorySegment> frames = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (Shape s : shapes()) {
            for (int i = 1; i < 4; i++) {
                frames.add(MemorySegment.ofArray(s.frame().apply(i % 2 == 0, i)));
                types.add(s.linkType());
            }
        }
        int[] lt = types.stream().mapToInt(Integer::intValue).toArray();
        MemorySegment[] f = frames.toArray(MemorySegment[]::new);
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += h.bucket(f[i % f.length], 0, (int) f[i % f.length].byteSize(), lt[i % f.length], 8);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            sum += h.bucket(f[i % f.length], 0, (int) f[i % f.length].byteSize(), lt[i % f.length], 8);
        }
        long after = mx.getCurrentThreadAllocatedBytes();
        assertThat(sum).isPositive();
        assertThat(after - before).isLessThan(4096);
    }
}
