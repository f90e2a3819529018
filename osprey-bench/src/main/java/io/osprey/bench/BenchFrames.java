package io.osprey.bench;

import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.PSH;

/**
 * Frames shared by the benchmarks: a realistic mix built with {@link PacketBuilder}, laid out back to back in one
 * off-heap segment (as the mmap reader hands them out), and a pcap file of that mix for the reader benchmark.
 * Set-up code only; nothing here runs in a measured loop.
 */
final class BenchFrames {
    private BenchFrames() {
    }

    /**
     * A traffic mix of 16 frames: IPv4 TCP (bulk 1448-byte segments, small requests, pure ACKs), IPv6 TCP, IPv4/IPv6
     * UDP (DNS-sized), ICMP echo, an 802.1Q-tagged TCP frame and one VXLAN-encapsulated TCP frame. Weighted like the
     * bench capture: mostly TCP, bulk data and ACKs.
     */
    static List<byte[]> mix() {
        List<byte[]> f = new ArrayList<>();
        byte[] bulk = payload(1448);
        byte[] req = payload(120);
        byte[] dns = payload(48);
        for (int i = 0; i < 4; i++) {
            f.add(PacketBuilder.eth().ipv4("10.1.0.1", "10.2.0.1").tcp(443, 40000 + i).flags(PSH | ACK)
                    .seq(1000 + i * 1448L).ack(77).payload(bulk).build());
            f.add(PacketBuilder.eth().ipv4("10.2.0.1", "10.1.0.1").tcp(40000 + i, 443).flags(ACK).seq(77)
                    .ack(1000 + (i + 1) * 1448L).build());
        }
        f.add(PacketBuilder.eth().ipv4("10.2.0.1", "10.1.0.1").tcp(40010, 80).flags(PSH | ACK).seq(5).ack(9)
                .payload(req).build());
        f.add(PacketBuilder.eth().ipv6("fd00::1", "fd00::2").tcp(40011, 443).flags(PSH | ACK).seq(5).ack(9)
                .payload(req).build());
        f.add(PacketBuilder.eth().ipv4("10.2.0.1", "10.1.0.53").udp(53000, 53).payload(dns).build());
        f.add(PacketBuilder.eth().ipv6("fd00::1", "fd00::53").udp(53001, 53).payload(dns).build());
        f.add(PacketBuilder.eth().ipv4("10.2.0.1", "10.1.0.1").icmpEcho(7, 1).payload(payload(56)).build());
        f.add(PacketBuilder.eth().vlan(100).ipv4("10.3.0.1", "10.1.0.1").tcp(40012, 22).flags(PSH | ACK).seq(5)
                .ack(9).payload(req).build());
        f.add(PacketBuilder.eth().ipv4("192.0.2.1", "192.0.2.2").udp(50000, 4789).vxlan(42).ethernet()
                .ipv4("10.9.0.1", "10.9.0.2").tcp(40013, 80).flags(PSH | ACK).seq(5).ack(9).payload(req).build());
        f.add(PacketBuilder.eth().ipv4("10.2.0.1", "10.1.0.1").tcp(40014, 443).flags(ACK).seq(9).ack(5).build());
        return f;
    }

    static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Frames copied back to back into one off-heap segment, with each frame's offset and length. */
    static final class Laid {
        final MemorySegment seg;
        final long[] offsets;
        final int[] lengths;

        Laid(Arena arena, List<byte[]> frames) {
            long total = 0;
            for (byte[] b : frames) {
                total += b.length;
            }
            seg = arena.allocate(Math.max(1, total), 8);
            offsets = new long[frames.size()];
            lengths = new int[frames.size()];
            long off = 0;
            for (int i = 0; i < frames.size(); i++) {
                byte[] b = frames.get(i);
                MemorySegment.copy(MemorySegment.ofArray(b), 0, seg, off, b.length);
                offsets[i] = off;
                lengths[i] = b.length;
                off += b.length;
            }
        }
    }

    /** Writes {@code packets} frames of the {@link #mix()} (in turn) to a new temporary pcap file, 10 µs apart. */
    static Path writeMixPcap(int packets) {
        List<byte[]> mix = mix();
        try {
            Path p = Files.createTempFile("osprey-bench-", ".pcap");
            p.toFile().deleteOnExit();
            try (PcapFileWriter w = new PcapFileWriter(new BufferedOutputStream(Files.newOutputStream(p), 1 << 20),
                    PcapFileWriter.LINKTYPE_ETHERNET, false)) {
                long ts = 1_700_000_000L * 1_000_000_000L;
                for (int i = 0; i < packets; i++) {
                    w.write(ts, mix.get(i % mix.size()));
                    ts += 10_000;
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
