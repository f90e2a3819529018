package io.osprey.packet.ip;

import static io.osprey.packet.ip.FragTestPackets.L2;
import static io.osprey.packet.ip.FragTestPackets.datagram;
import static io.osprey.packet.ip.FragTestPackets.get16;
import static io.osprey.packet.ip.FragTestPackets.payload;
import static io.osprey.packet.ip.FragTestPackets.v4;
import static io.osprey.packet.ip.FragTestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.packet.Packet;
import io.osprey.packet.ip.FragTestPackets.Frag;
import io.osprey.packet.ip.FragTestPackets.Weirds;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FragmentReassemblerTest {
    private static final long T0 = 1_000_000_000_000L;
    private static final long SEC = 1_000_000_000L;

    private final Weirds weirds = new Weirds();
    private final FragmentReassembler r = new FragmentReassembler(weirds);
    private final Packet p = new Packet();

    private static Frag[] v4Split(int id, byte[] data, int... cuts) {
        Frag[] f = new Frag[cuts.length + 1];
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : data.length;
            f[i] = v4(id, from, i < cuts.length, data, from, to - from);
            from = to;
        }
        return f;
    }

    private static Frag[] v6Split(long id, boolean hbh, byte[] data, int... cuts) {
        Frag[] f = new Frag[cuts.length + 1];
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : data.length;
            f[i] = v6(id, 17, from, i < cuts.length, hbh, data, from, to - from);
            from = to;
        }
        return f;
    }

    private boolean feed(Frag f, long ts) {
        return f.feed(r, p, ts);
    }

    private void assertV4Datagram(byte[] data, int id) {
        assertThat(p.reassembled).isTrue();
        assertThat(p.l3Offset).isZero();
        assertThat(p.base).isZero();
        byte[] d = datagram(p);
        assertThat(d.length).isEqualTo(20 + data.length);
        assertThat(p.caplen).isEqualTo(d.length);
        assertThat(p.wirelen).isEqualTo(d.length);
        assertThat(d[0]).isEqualTo((byte) 0x45);
        assertThat(get16(d, 2)).isEqualTo(20 + data.length);
        assertThat(get16(d, 4)).isEqualTo(id);
        assertThat(get16(d, 6)).as("MF and offset cleared").isZero();
        assertThat(FragTestPackets.checksum(d, 0, 20)).as("checksum valid").isZero();
        assertThat(Arrays.copyOfRange(d, 20, d.length)).isEqualTo(data);
        assertThat(r.size()).isZero();
        assertThat(r.bytesHeld()).isZero();
    }

    @Test
    void v4InOrder() {
        byte[] data = payload(4000, 1);
        Frag[] f = v4Split(77, data, 1480, 2960);
        assertThat(feed(f[0], T0)).isFalse();
        assertThat(feed(f[1], T0)).isFalse();
        assertThat(r.size()).isEqualTo(1);
        assertThat(feed(f[2], T0)).isTrue();
        assertV4Datagram(data, 77);
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void v4OutOfOrder() {
        byte[] data = payload(4000, 2);
        Frag[] f = v4Split(78, data, 1480, 2960);
        assertThat(feed(f[2], T0)).isFalse();
        assertThat(feed(f[0], T0)).isFalse();
        assertThat(feed(f[1], T0)).isTrue();
        assertV4Datagram(data, 78);
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void v4HeaderComesFromFirstArrivedFragmentWithOptions() {
        byte[] data = payload(200, 3);
        Frag a = v4(5, 17, 104, false, false, data, 104, 96, 4, FragTestPackets.V4_SRC);
        Frag b = v4(5, 17, 0, true, false, data, 0, 104, 4, FragTestPackets.V4_SRC);
        assertThat(feed(a, T0)).isFalse();
        assertThat(feed(b, T0)).isTrue();
        byte[] d = datagram(p);
        assertThat(d[0]).isEqualTo((byte) 0x46);
        assertThat(get16(d, 2)).isEqualTo(24 + 200);
        assertThat(FragTestPackets.checksum(d, 0, 24)).isZero();
        assertThat(Arrays.copyOfRange(d, 24, d.length)).isEqualTo(data);
    }

    @Test
    void independentDatagramsByKey() {
        byte[] a = payload(3000, 4);
        byte[] b = payload(3000, 5);
        Frag[] fa = v4Split(1, a, 1480);
        Frag[] fb = v4Split(2, b, 1480);
        Frag other = v4(1, 17, 0, true, false, b, 0, 1480, 0, 0x0A000009);
        assertThat(feed(fa[0], T0)).isFalse();
        assertThat(feed(fb[0], T0)).isFalse();
        assertThat(feed(other, T0)).isFalse();
        assertThat(r.size()).isEqualTo(3);
        assertThat(feed(fb[1], T0)).isTrue();
        assertThat(Arrays.copyOfRange(datagram(p), 20, 3020)).isEqualTo(b);
        assertThat(feed(fa[1], T0)).isTrue();
        assertThat(Arrays.copyOfRange(datagram(p), 20, 3020)).isEqualTo(a);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.maxSize()).isEqualTo(3);
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void v6InOrderAndOutOfOrderWithHopByHop() {
        byte[] data = payload(3000, 6);
        Frag[] f = v6Split(0xA0000001L, true, data, 1448);
        assertThat(feed(f[0], T0)).isFalse();
        assertThat(feed(f[1], T0)).isTrue();
        assertV6(data, true);

        Frag[] g = v6Split(0xA0000002L, false, data, 1232, 2464);
        assertThat(feed(g[1], T0)).isFalse();
        assertThat(feed(g[2], T0)).isFalse();
        assertThat(feed(g[0], T0)).isTrue();
        assertV6(data, false);
        assertThat(weirds.names).isEmpty();
    }

    private void assertV6(byte[] data, boolean hbh) {
        int unfrag = hbh ? 48 : 40;
        byte[] d = datagram(p);
        assertThat(p.reassembled).isTrue();
        assertThat(d.length).isEqualTo(unfrag + data.length);
        assertThat(d[0] & 0xF0).isEqualTo(0x60);
        assertThat(get16(d, 4)).isEqualTo(unfrag - 40 + data.length);
        if (hbh) {
            assertThat(d[6]).as("IPv6 next header untouched").isEqualTo((byte) 0);
            assertThat(d[40]).as("HBH next header rewritten").isEqualTo((byte) 17);
        } else {
            assertThat(d[6]).isEqualTo((byte) 17);
        }
        assertThat(Arrays.copyOfRange(d, unfrag, d.length)).isEqualTo(data);
        assertThat(r.size()).isZero();
    }

    @Test
    void v6UsesNextHeaderOfOffsetZeroFragment() {
        byte[] data = payload(2000, 7);
        Frag last = v6(9, 6, 1000, false, false, data, 1000, 1000);
        Frag first = v6(9, 17, 0, true, false, data, 0, 1000);
        assertThat(feed(last, T0)).isFalse();
        assertThat(feed(first, T0)).isTrue();
        assertThat(datagram(p)[6]).isEqualTo((byte) 17);
        assertThat(weirds.names).containsExactly("fragment_protocol_inconsistency");
    }

    @Test
    void v6AtomicFragmentCompletesAtOnce() {
        byte[] data = payload(100, 8);
        assertThat(feed(v6(1, 58, 0, false, false, data, 0, 100), T0)).isTrue();
        assertThat(datagram(p)).hasSize(140);
        assertThat(datagram(p)[6]).isEqualTo((byte) 58);
        assertThat(r.size()).isZero();
    }

    @Test
    void v4AndV6WithSameIdDoNotMix() {
        byte[] data = payload(2000, 9);
        assertThat(feed(v4(3, 0, true, data, 0, 1000), T0)).isFalse();
        assertThat(feed(v6(3, 17, 1000, false, false, data, 1000, 1000), T0)).isFalse();
        assertThat(r.size()).isEqualTo(2);
    }

    @Test
    void duplicateFragmentIsOverlapAndStillCompletes() {
        byte[] data = payload(3000, 10);
        Frag[] f = v4Split(11, data, 1480);
        feed(f[0], T0);
        feed(f[0], T0);
        assertThat(weirds.names).containsExactly("fragment_overlap");
        assertThat(feed(f[1], T0)).isTrue();
        assertV4Datagram(data, 11);
    }

    @Test
    void inconsistentOverlapKeepsFirstData() {
        byte[] data = payload(3000, 12);
        byte[] evil = payload(3000, 13);
        feed(v4(12, 0, true, data, 0, 1480), T0);
        // overlaps [1000, 1480) with different bytes, then extends to the end
        assertThat(feed(v4(12, 1000, false, evil, 1000, 2000), T0)).isTrue();
        assertThat(weirds.names).containsExactly("fragment_inconsistency");
        byte[] d = datagram(p);
        assertThat(Arrays.copyOfRange(d, 20, 20 + 1480)).isEqualTo(Arrays.copyOfRange(data, 0, 1480));
        assertThat(Arrays.copyOfRange(d, 20 + 1480, 20 + 3000)).isEqualTo(Arrays.copyOfRange(evil, 1480, 3000));
    }

    @Test
    void overlapIsReportedOncePerHeldBlock() {
        byte[] data = payload(4000, 14);
        feed(v4(13, 0, true, data, 0, 1000), T0);
        feed(v4(13, 2000, true, data, 2000, 1000), T0);
        // spans both held blocks: two Overlap() calls in Zeek
        feed(v4(13, 512, true, data, 512, 2000), T0);
        assertThat(weirds.names).containsExactly("fragment_overlap", "fragment_overlap");
        weirds.names.clear();
        // now [0,3000) is three blocks; a last fragment over [8, 4000) overlaps all three
        assertThat(feed(v4(13, 8, false, data, 8, 3992), T0)).isTrue();
        assertThat(weirds.names).containsExactly("fragment_overlap", "fragment_overlap", "fragment_overlap");
        assertThat(Arrays.copyOfRange(datagram(p), 20, 4020)).isEqualTo(data);
    }

    @Test
    void missingFragmentTimesOutSilently() {
        byte[] data = payload(4000, 15);
        Frag[] f = v4Split(14, data, 1480, 2960);
        feed(f[0], T0);
        feed(f[2], T0 + 10 * SEC);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.bytesHeld()).isPositive();
        r.expire(T0 + 300 * SEC - 1);
        assertThat(r.size()).isEqualTo(1);
        r.expire(T0 + 300 * SEC); // frag_timeout counts from the first fragment
        assertThat(r.size()).isZero();
        assertThat(r.bytesHeld()).isZero();
        assertThat(feed(f[1], T0 + 301 * SEC)).isFalse();
        assertThat(r.size()).isEqualTo(1);
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void expiryHappensLazilyOnTheNextFragment() {
        byte[] data = payload(3000, 16);
        Frag[] f = v4Split(15, data, 1480);
        feed(f[0], T0);
        assertThat(feed(f[1], T0 + 300 * SEC)).as("expired before this fragment is seen").isFalse();
        assertThat(r.size()).isEqualTo(1);
        assertThat(feed(f[0], T0 + 301 * SEC)).isTrue();
    }

    @Test
    void zeroTimeoutKeepsForever() {
        FragmentReassembler forever = new FragmentReassembler(weirds, 0, 16, FragmentReassembler.MIN_MAX_BYTES);
        byte[] data = payload(3000, 17);
        Frag[] f = v4Split(16, data, 1480);
        f[0].feed(forever, p, T0);
        forever.expire(Long.MAX_VALUE);
        assertThat(f[1].feed(forever, p, T0 + 100_000 * SEC)).isTrue();
    }

    @Test
    void slotCapEvictsOldestWithWeird() {
        FragmentReassembler small = new FragmentReassembler(weirds, FragmentReassembler.DEFAULT_TIMEOUT_NANOS, 16,
                FragmentReassembler.DEFAULT_MAX_BYTES);
        byte[] data = payload(3000, 18);
        for (int id = 0; id < 100; id++) {
            assertThat(v4(id, 0, true, data, 0, 1480).feed(small, p, T0 + id)).isFalse();
            assertThat(small.size()).isLessThanOrEqualTo(16);
        }
        assertThat(small.size()).isEqualTo(16);
        assertThat(small.evictions()).isEqualTo(84);
        assertThat(weirds.names).hasSize(84).allMatch(n -> n.equals("net:fragment_reassembly_evicted:max_reassemblies"));
        // the survivors are the 16 newest
        assertThat(v4(99, 1480, false, data, 1480, 1520).feed(small, p, T0 + 200)).isTrue();
        assertThat(v4(0, 1480, false, data, 1480, 1520).feed(small, p, T0 + 201)).isFalse();
    }

    @Test
    void byteCapEvictsOldestWithWeird() {
        FragmentReassembler small = new FragmentReassembler(weirds, FragmentReassembler.DEFAULT_TIMEOUT_NANOS, 4096,
                FragmentReassembler.MIN_MAX_BYTES);
        byte[] data = payload(65000, 19);
        for (int id = 0; id < 50; id++) {
            // each holds 30000 bytes at offset 32000: 16 pages, plus a header page
            assertThat(v4(id, 32000, true, data, 32000, 30000).feed(small, p, T0 + id)).isFalse();
            assertThat(small.bytesHeld()).isLessThanOrEqualTo(small.maxBytes());
        }
        assertThat(small.evictions()).isPositive();
        assertThat(weirds.names).allMatch(n -> n.equals("net:fragment_reassembly_evicted:max_bytes"));
        assertThat(small.size()).isBetween(2, 6);
    }

    @Test
    void tinyNonLastFragmentIsExcessivelySmall() {
        byte[] data = payload(100, 20);
        feed(v4(21, 0, true, data, 0, 40), T0); // total length 60 < 64
        assertThat(weirds.names).containsExactly("excessively_small_fragment");
        weirds.names.clear();
        assertThat(feed(v4(21, 40, false, data, 40, 8), T0)).isTrue(); // last: no small check
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void fragmentBeyond64000IsExcessivelyLarge() {
        byte[] data = payload(66000, 21);
        feed(v4(22, 63360, true, data, 63360, 1440), T0);
        assertThat(weirds.names).containsExactly("excessively_large_fragment");
    }

    @Test
    void datagramOver65535WrapsItsLengthLikeZeek() {
        byte[] data = payload(66000, 22);
        for (int off = 0; off < 64800; off += 1440) {
            assertThat(feed(v4(23, off, true, data, off, 1440), T0)).isFalse();
        }
        assertThat(feed(v4(23, 64800, false, data, 64800, 1200), T0)).isTrue();
        byte[] d = datagram(p);
        assertThat(d).hasSize(20 + 66000);
        assertThat(get16(d, 2)).isEqualTo((20 + 66000) & 0xFFFF);
        assertThat(Arrays.copyOfRange(d, 20, d.length)).isEqualTo(data);
    }

    @Test
    void dfIsReported() {
        byte[] data = payload(3000, 23);
        feed(v4(24, 17, 0, true, true, data, 0, 1480, 0, FragTestPackets.V4_SRC), T0);
        assertThat(weirds.names).containsExactly("fragment_with_DF");
    }

    @Test
    void protocolInconsistencyIsReportedButUsed() {
        byte[] data = payload(3000, 24);
        feed(v4(25, 17, 0, true, false, data, 0, 1480, 0, FragTestPackets.V4_SRC), T0);
        assertThat(v4(25, 6, 1480, false, false, data, 1480, 1520, 0, FragTestPackets.V4_SRC).feed(r, p, T0))
                .isTrue();
        assertThat(weirds.names).containsExactly("fragment_protocol_inconsistency");
        assertThat(datagram(p)[9]).as("protocol of the first fragment").isEqualTo((byte) 17);
    }

    @Test
    void lastFragmentsDisagreeOnSize() {
        byte[] data = payload(4000, 25);
        feed(v4(26, 1480, false, data, 1480, 1000), T0); // end 2480
        feed(v4(26, 1480, false, data, 1480, 2000), T0); // end 3480: size inconsistency + overlap
        assertThat(weirds.names).containsExactly("fragment_size_inconsistency", "fragment_overlap");
        weirds.names.clear();
        assertThat(feed(v4(26, 0, true, data, 0, 1480), T0)).isTrue();
        assertThat(datagram(p)).hasSize(20 + 3480);
    }

    @Test
    void moreFragmentBeyondKnownEndGrowsIt() {
        byte[] data = payload(4000, 26);
        feed(v4(27, 1480, false, data, 1480, 1000), T0); // end 2480
        feed(v4(27, 2480, true, data, 2480, 800), T0); // ends 3280 > 2480 with MF
        assertThat(weirds.names).containsExactly("fragment_size_inconsistency");
        weirds.names.clear();
        assertThat(feed(v4(27, 0, true, data, 0, 1480), T0)).isTrue();
        assertThat(datagram(p)).hasSize(20 + 3280);
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void contiguousPrefixPastEndIsDeliveredDespiteHole() {
        byte[] data = payload(8000, 27);
        feed(v4(28, 4000, true, data, 4000, 1000), T0); // beyond a hole
        feed(v4(28, 0, true, data, 0, 1480), T0);
        assertThat(feed(v4(28, 1480, false, data, 1480, 520), T0)).isTrue(); // end 2000, hole [2000,4000)
        assertThat(weirds.names).containsExactly("fragment_size_inconsistency");
        assertThat(datagram(p)).hasSize(20 + 2000);
    }

    @Test
    void totalLengthBelowHeaderIsProtocolInconsistency() {
        byte[] data = payload(100, 28);
        Frag f = v4(29, 0, true, data, 0, 40);
        FragTestPackets.put16(f.frame(), L2 + 2, 10);
        // only reachable when the IP layer tolerates the length (Zeek: ip_len 0 under ignore_checksums uses caplen)
        FragTestPackets.load(p, f, T0);
        p.ipCapLen = f.frame().length - L2;
        assertThat(r.reassembleV4(p)).isFalse();
        assertThat(weirds.names).containsExactly("fragment_protocol_inconsistency");
        assertThat(r.size()).isEqualTo(1);
    }

    @Test
    void emptyLastFragmentDoesNotCompleteByItself() {
        byte[] data = payload(1480, 29);
        feed(v4(30, 0, true, data, 0, 1480), T0);
        assertThat(feed(v4(30, 1480, false, data, 0, 0), T0)).as("empty blocks skip BlockInserted").isFalse();
        assertThat(feed(v4(30, 0, true, data, 0, 1480), T0)).isTrue();
        assertThat(datagram(p)).hasSize(1500);
    }

    @Test
    void incompletelyCapturedFragmentIsIgnored() {
        byte[] data = payload(3000, 30);
        Frag f = v4(31, 0, true, data, 0, 1480);
        FragTestPackets.load(p, f, T0);
        p.ipCapLen = 100;
        assertThat(r.reassembleV4(p)).isFalse();
        assertThat(r.size()).isZero();
        assertThat(weirds.names).isEmpty();
    }

    @Test
    void innerDatagramCompletedInsideReassembledOuterUsesOtherBuffer() {
        byte[] innerData = payload(3000, 40);
        Frag innerFirst = v4(50, 0, true, innerData, 0, 1480);
        Frag innerLast = v4(50, 1480, false, innerData, 1480, 1520);
        byte[] innerLastIp = Arrays.copyOfRange(innerLast.frame(), L2, innerLast.frame().length);
        // the outer datagram (IP-in-IP) carries the inner last fragment and is itself fragmented
        Frag[] outer = new Frag[] {
            v4(60, 4, 0, true, false, innerLastIp, 0, 800, 0, 0x0A000063),
            v4(60, 4, 800, false, false, innerLastIp, 800, innerLastIp.length - 800, 0, 0x0A000063)};
        assertThat(feed(innerFirst, T0)).isFalse();
        assertThat(feed(outer[0], T0)).isFalse();
        assertThat(feed(outer[1], T0)).isTrue();
        MemorySegment outerSeg = p.seg;
        byte[] outerBytes = datagram(p);
        assertThat(Arrays.copyOfRange(outerBytes, 20, outerBytes.length)).isEqualTo(innerLastIp);
        // the IP layer re-decodes the outer datagram and finds the inner fragment at offset 20
        p.l3Offset = 20;
        p.ipTotalLen = innerLastIp.length;
        p.ipCapLen = innerLastIp.length;
        p.srcLo = io.osprey.common.net.Addr.v4Lo(FragTestPackets.V4_SRC);
        p.dstLo = io.osprey.common.net.Addr.v4Lo(FragTestPackets.V4_DST);
        assertThat(r.reassembleV4(p)).isTrue();
        assertThat(p.seg).isNotSameAs(outerSeg);
        assertThat(Arrays.copyOfRange(datagram(p), 20, 3020)).isEqualTo(innerData);
        assertThat(outerSeg.asSlice(0, outerBytes.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                .as("outer datagram intact").isEqualTo(outerBytes);
    }

    @Test
    void garbageNeverThrows() {
        Packet q = new Packet();
        assertThat(r.reassembleV4(null)).isFalse();
        assertThat(r.reassembleV4(q)).isFalse();
        q.reset(MemorySegment.ofArray(new byte[30]), 0, 30, 30, T0, 1);
        q.l3Offset = 25;
        q.ipCapLen = 5000;
        assertThat(r.reassembleV4(q)).isFalse();
        q.l3Offset = -3;
        assertThat(r.reassembleV4(q)).isFalse();
        assertThat(r.reassembleV6(q, 1, 0)).isFalse();
        q.l3Offset = 0;
        assertThat(r.reassembleV6(q, 40, 6)).isFalse();
        assertThat(r.reassembleV6(q, 22, 6)).isFalse();
        assertThat(r.reassembleV6(q, Long.MAX_VALUE, Long.MIN_VALUE)).isFalse();
        assertThat(r.size()).isZero();
    }
}
