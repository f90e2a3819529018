package io.osprey.pcap;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds pcap and pcapng bytes in test code, and reads sources back into comparable values. */
final class TestCaptures {
    private TestCaptures() {
    }

    /** A packet as read, with its bytes copied (as hex) so records can be compared after the source moved on. */
    record Pkt(long ts, int caplen, int wirelen, int linkType, int interfaceId, int sourceIndex, long fileOffset,
            String hex) {
        static Pkt of(PacketRecord r) {
            byte[] b = r.segment.asSlice(r.offset, r.caplen).toArray(ValueLayout.JAVA_BYTE);
            return new Pkt(r.tsNanos, r.caplen, r.wirelen, r.linkType, r.interfaceId, r.sourceIndex, r.fileOffset,
                    HexFormat.of().formatHex(b));
        }
    }

    /** Everything a source delivers, then closes it. */
    static List<Pkt> readAll(PacketSource s) {
        try (s) {
            List<Pkt> out = new ArrayList<>();
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                out.add(Pkt.of(r));
            }
            return out;
        }
    }

    /** Deterministic packet bytes. */
    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gzip, one member per part (concatenated members when more than one). */
    static byte[] gzip(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            for (byte[] p : parts) {
                try (GZIPOutputStream z = new GZIPOutputStream(all) {
                    @Override
                    public void close() throws IOException {
                        finish(); // keep the shared stream open for the next member
                    }
                }) {
                    z.write(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toByteArray();
    }

    static byte[] zstd(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A source reading {@code bytes} as if mapped (no file needed). */
    static PacketSource mapped(String name, byte[] bytes, java.util.function.Consumer<String> warnings) {
        return Captures.forWindow(ByteWindow.mapped(name, MemorySegment.ofArray(bytes), null), warnings);
    }

    /** A source streaming {@code bytes} through a buffer of {@code bufSize} bytes (tiny sizes force refills). */
    static PacketSource streamed(String name, byte[] bytes, int bufSize,
            java.util.function.Consumer<String> warnings) {
        return Captures.openStream(name, new java.io.ByteArrayInputStream(bytes), bytes.length, bufSize, warnings);
    }

    /** Little helper over a growable byte array with a switchable byte order. */
    static class Out {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        Out u8(int v) {
            out.write(v);
            return this;
        }

        Out u16(int v) {
            out.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
            return this;
        }

        Out u32(long v) {
            out.writeBytes(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
            return this;
        }

        Out u64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(v).array());
            return this;
        }

        Out bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Classic pcap writer. */
    static final class Pcap extends Out {
        final boolean nanos;

        Pcap(boolean bigEndian, boolean nanos, long snaplen, long linkType) {
            this.nanos = nanos;
            order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            u32(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS).u16(2).u16(4).u32(0).u32(0).u32(snaplen)
                    .u32(linkType);
        }

        Pcap(boolean bigEndian, boolean nanos) {
            this(bigEndian, nanos, 65535, LinkTypes.EN10MB);
        }

        /** A record; {@code frac} is µs or ns as the file says. */
        Pcap packet(long sec, long frac, byte[] data, long wirelen) {
            u32(sec).u32(frac).u32(data.length).u32(wirelen).bytes(data);
            return this;
        }

        Pcap packet(long sec, long frac, byte[] data) {
            return packet(sec, frac, data, data.length);
        }
    }

    /** pcapng writer: blocks are written in the byte order of the last section header. */
    static final class Pcapng extends Out {
        Pcapng shb(boolean bigEndian) {
            order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Out body = body().u32(PcapngReader.BYTE_ORDER_MAGIC).u16(1).u16(0).u64(-1L);
            return block(PcapngReader.SHB, body.toByteArray());
        }

        Pcapng idb(int linkType, long snaplen, Integer tsresol, Long tsoffset) {
            Out b = body().u16(linkType).u16(0).u32(snaplen);
            if (tsresol != null) {
                b.u16(9).u16(1).u8(tsresol).u8(0).u8(0).u8(0);
            }
            if (tsoffset != null) {
                b.u16(14).u16(8).u64(tsoffset);
            }
            if (tsresol != null || tsoffset != null) {
                b.u16(0).u16(0);
            }
            return block(PcapngReader.IDB, b.toByteArray());
        }

        Pcapng epb(int ifId, long ts, byte[] data, long wirelen) {
            Out b = body().u32(ifId).u32(ts >>> 32).u32(ts & 0xffffffffL).u32(data.length).u32(wirelen).bytes(data)
                    .bytes(new byte[pad(data.length)]);
            return block(PcapngReader.EPB, b.toByteArray());
        }

        Pcapng pb(int ifId, long ts, byte[] data, long wirelen) {
            Out b = body().u16(ifId).u16(0).u32(ts >>> 32).u32(ts & 0xffffffffL).u32(data.length).u32(wirelen)
                    .bytes(data).bytes(new byte[pad(data.length)]);
            return block(PcapngReader.PB, b.toByteArray());
        }

        Pcapng spb(byte[] data, long wirelen) {
            Out b = body().u32(wirelen).bytes(data).bytes(new byte[pad(data.length)]);
            return block(PcapngReader.SPB, b.toByteArray());
        }

        /** Any block: type, total length, body, total length. */
        Pcapng block(int type, byte[] body) {
            u32(type).u32(12 + body.length).bytes(body).u32(12 + body.length);
            return this;
        }

        private Out body() {
            Out b = new Out();
            b.order = order;
            return b;
        }

        private static int pad(int n) {
            return (4 - (n & 3)) & 3;
        }
    }
}
