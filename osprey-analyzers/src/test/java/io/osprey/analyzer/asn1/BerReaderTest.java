package io.osprey.analyzer.asn1;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BerReader}: headers in both length forms, bounds, narrowing, integers; never throws. */
class BerReaderTest {
    private static BerReader over(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new BerReader().reset(MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void shortForm() {
        BerReader r = over(0x30, 0x03, 0x02, 0x01, 0x05);
        assertThat(r.header()).isTrue();
        assertThat(r.tag()).isEqualTo(0x30);
        assertThat(r.lenByte()).isEqualTo(3);
        assertThat(r.length()).isEqualTo(3);
        assertThat(r.pos()).isEqualTo(2);
        long outer = r.limit();
        assertThat(outer).isEqualTo(5);
        assertThat(r.header()).isTrue();
        assertThat(r.tag()).isEqualTo(0x02);
        assertThat(r.contentFits()).isTrue();
        assertThat(r.contentAsLong()).isEqualTo(5);
        assertThat(r.skip()).isTrue();
        assertThat(r.remaining()).isZero();
        r.restore(outer);
        assertThat(r.end()).isEqualTo(5);
    }

    @Test
    void longForm() {
        int[] b = new int[4 + 300];
        b[0] = 0x04;
        b[1] = 0x82;
        b[2] = 0x01;
        b[3] = 0x2C;
        BerReader r = over(b);
        assertThat(r.header()).isTrue();
        assertThat(r.length()).isEqualTo(300);
        assertThat(r.lenByte()).isEqualTo(0x82);
        assertThat(r.pos()).isEqualTo(4);
        BerReader again = over(b);
        assertThat(again.element()).isTrue();
        assertThat(again.remaining()).isZero();
    }

    @Test
    void indefiniteLengthReadsAsZero() {
        BerReader r = over(0x30, 0x80, 0x00, 0x00);
        assertThat(r.header()).isTrue();
        assertThat(r.length()).isZero();
    }

    @Test
    void truncatedHeaders() {
        assertThat(over().header()).isFalse();
        assertThat(over(0x30).header()).isFalse();
        assertThat(over(0x30, 0x82, 0x01).header()).isFalse();
    }

    @Test
    void lengthBeyondTheInputFailsOnlyWhereUsed() {
        BerReader r = over(0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        assertThat(r.header()).isTrue(); // Zeek's ASN1EncodingMeta does not check the length
        assertThat(r.length()).isEqualTo(0xFFFFFFFFL);
        assertThat(r.contentFits()).isFalse();
        long p = r.pos();
        assertThat(r.limit()).isEqualTo(-1);
        assertThat(r.skip()).isFalse();
        assertThat(r.pos()).isEqualTo(p);
    }

    @Test
    void moreThanEightLengthOctetsKeepTheLowBits() {
        BerReader r = over(0x04, 0x89, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0x02, 0xAA, 0xBB);
        assertThat(r.header()).isTrue();
        assertThat(r.length()).isEqualTo(2);
        assertThat(r.skip()).isTrue();
        assertThat(r.remaining()).isZero();
    }

    @Test
    void contextIndex() {
        BerReader r = over(0xA2, 0x00, 0x30, 0x00);
        assertThat(r.header()).isTrue();
        assertThat(r.index()).isEqualTo(2);
        assertThat(r.header()).isTrue();
        assertThat(r.index()).isEqualTo((0x30 - 0xA0) & 0xFF);
    }

    @Test
    void randomBytesNeverThrow() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextInt(12)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) rnd.nextInt(256);
            }
            BerReader r = new BerReader().reset(MemorySegment.ofArray(b), 0, b.length);
            int steps = 0;
            while (r.remaining() > 0 && steps++ < 20) {
                if (!r.header()) {
                    break;
                }
                if (r.contentFits()) {
                    r.contentAsLong();
                }
                if (rnd.nextBoolean()) {
                    long outer = r.limit();
                    if (outer >= 0) {
                        r.restore(outer);
                    }
                } else if (!r.skip()) {
                    break;
                }
            }
            assertThat(r.pos()).isLessThanOrEqualTo(b.length);
        }
    }
}
