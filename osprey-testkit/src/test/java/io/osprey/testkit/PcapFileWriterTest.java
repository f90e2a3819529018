package io.osprey.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileWriterTest {
    @Test
    void microsecondFileLayout() {
        byte[] pcap = PcapFileWriter.toBytes(PcapFileWriter.LINKTYPE_ETHERNET, List.of(new byte[] {1, 2, 3}));
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xA1B2C3D4);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(20)).isEqualTo(1);
        assertThat(b.getInt(24)).isEqualTo(1_000_000_000);
        assertThat(b.getInt(28)).isZero();
        assertThat(b.getInt(32)).isEqualTo(3);
        assertThat(b.getInt(36)).isEqualTo(3);
        assertThat(pcap).hasSize(24 + 16 + 3);
    }

    @Test
    void nanosecondsAndWireLength() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapFileWriter w = new PcapFileWriter(out, 101, true)) {
            w.write(1_500_000_000_123_456_789L, new byte[10], 1500);
        }
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xA1B23C4D);
        assertThat(b.getInt(20)).isEqualTo(101);
        assertThat(b.getInt(24)).isEqualTo(1_500_000_000);
        assertThat(b.getInt(28)).isEqualTo(123_456_789);
        assertThat(b.getInt(32)).isEqualTo(10);
        assertThat(b.getInt(36)).isEqualTo(1500);
    }

    @Test
    void writesFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(f, 1, false)) {
            w.write(0, PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        }
        assertThat(Files.size(f)).isEqualTo(24 + 16 + 42);
    }
}
