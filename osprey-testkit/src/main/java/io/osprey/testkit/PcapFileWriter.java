package io.osprey.testkit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes classic libpcap files (little-endian, version 2.4) with microsecond or nanosecond timestamps and any link
 * type, for tests and for feeding Zeek.
 *
 * <pre>{@code
 * byte[] frame = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80).syn().build();
 * try (PcapFileWriter w = PcapFileWriter.create(Path.of("x.pcap"), PcapFileWriter.LINKTYPE_ETHERNET, false)) {
 *     w.write(1_700_000_000_000_000_000L, frame);
 * }
 * byte[] pcap = PcapFileWriter.toBytes(PcapFileWriter.LINKTYPE_ETHERNET, List.of(frame)); // in memory
 * }</pre>
 */
public final class PcapFileWriter implements Closeable {
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** LINKTYPE_RAW (raw IPv4/IPv6). */
    public static final int LINKTYPE_RAW = 101;
    private static final int MAGIC_US = 0xA1B2C3D4;
    private static final int MAGIC_NS = 0xA1B23C4D;

    private final OutputStream out;
    private final boolean nanos;
    private final byte[] hdr = new byte[24];

    /** Writes the file header to {@code out}; {@code snaplen} 262144. */
    public PcapFileWriter(OutputStream out, int linkType, boolean nanos) {
        this.out = out;
        this.nanos = nanos;
        put32(hdr, 0, nanos ? MAGIC_NS : MAGIC_US);
        put16(hdr, 4, 2);
        put16(hdr, 6, 4);
        put32(hdr, 16, 262144);
        put32(hdr, 20, linkType);
        write(hdr, 24);
    }

    /** A writer on a new file at {@code path}. */
    public static PcapFileWriter create(Path path, int linkType, boolean nanos) {
        try {
            return new PcapFileWriter(Files.newOutputStream(path), linkType, nanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a µs pcap holding {@code frames}, one second apart starting at 1 000 000 000 s. */
    public static byte[] toBytes(int linkType, List<byte[]> frames) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (PcapFileWriter w = new PcapFileWriter(bo, linkType, false)) {
            long ts = 1_000_000_000L * 1_000_000_000L;
            for (byte[] f : frames) {
                w.write(ts, f);
                ts += 1_000_000_000L;
            }
        }
        return bo.toByteArray();
    }

    /** Writes one packet, captured whole. */
    public void write(long tsNanos, byte[] frame) {
        write(tsNanos, frame, frame.length);
    }

    /** Writes one packet whose wire length was {@code wireLen} (&gt;= frame.length for a snapped capture). */
    public void write(long tsNanos, byte[] frame, int wireLen) {
        byte[] rec = new byte[16];
        long sec = Math.floorDiv(tsNanos, 1_000_000_000L);
        long frac = Math.floorMod(tsNanos, 1_000_000_000L);
        put32(rec, 0, (int) sec);
        put32(rec, 4, (int) (nanos ? frac : frac / 1000));
        put32(rec, 8, frame.length);
        put32(rec, 12, wireLen);
        write(rec, 16);
        write(frame, frame.length);
    }

    private void write(byte[] b, int n) {
        try {
            out.write(b, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }
}
