package io.osprey.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Synthetic IMIX captures (7:4:1 of 64, 576 and 1518-byte packets) for allocation checks and throughput runs. */
final class Imix {
    private static final int[] SIZES = {64, 64, 576, 64, 64, 576, 64, 1518, 64, 576, 64, 576};

    private Imix() {
    }

    static byte[] pcap(int packets) {
        long total = 24;
        for (int i = 0; i < packets; i++) {
            total += 16 + SIZES[i % SIZES.length];
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PcapReader.MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LinkTypes.EN10MB);
        for (int i = 0; i < packets; i++) {
            int n = SIZES[i % SIZES.length];
            b.putInt(1_700_000_000 + i / 1000).putInt(i % 1000 * 1000).putInt(n).putInt(n);
            b.put((byte) i);
            b.position(b.position() + n - 1);
        }
        return b.array();
    }

    static byte[] pcapng(int packets) {
        long total = 28 + 20;
        for (int i = 0; i < packets; i++) {
            total += 32 + ((SIZES[i % SIZES.length] + 3) & ~3);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PcapngReader.SHB).putInt(28).putInt(PcapngReader.BYTE_ORDER_MAGIC).putShort((short) 1)
                .putShort((short) 0).putLong(-1).putInt(28);
        b.putInt(PcapngReader.IDB).putInt(20).putShort((short) 1).putShort((short) 0).putInt(0).putInt(20);
        for (int i = 0; i < packets; i++) {
            int n = SIZES[i % SIZES.length];
            int len = 32 + ((n + 3) & ~3);
            long ts = 1_700_000_000_000_000L + i;
            b.putInt(PcapngReader.EPB).putInt(len).putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(n)
                    .putInt(n);
            b.position(b.position() + ((n + 3) & ~3));
            b.putInt(len);
        }
        return b.array();
    }
}
