package io.osprey.log.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZeekStringsTest {
    /** Random bytes: ASCII output never holds a raw separator or newline, and unescaping gives the input back. */
    @Test
    void asciiEscapingIsReversibleAndNeverBreaksTheRow() {
        SplittableRandom r = new SplittableRandom(3);
        ByteSink out = new ByteSink(64);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[r.nextInt(0, 12)];
            for (int j = 0; j < b.length; j++) {
                // Bias towards the interesting bytes.
                b[j] = switch (r.nextInt(6)) {
                    case 0 -> (byte) "\t,\\\n-(".charAt(r.nextInt(6));
                    case 1 -> (byte) r.nextInt(0x80, 0x100);
                    case 2 -> (byte) r.nextInt(0, 0x20);
                    default -> (byte) r.nextInt(0x20, 0x7F);
                };
            }
            boolean inSet = r.nextBoolean();
            out.clear();
            ZeekStrings.asciiValue(out, b, 0, b.length, inSet, true);
            String s = out.toString();
            assertThat(s).doesNotContain("\t").doesNotContain("\n");
            if (inSet) {
                assertThat(s).doesNotContain(",");
            }
            byte[] back = s.equals("(empty)") ? new byte[0]
                    : ZeekCorpusRoundTripTest.unescape(TestSupport.text(java.util.Arrays.copyOf(out.array(),
                    out.length())));
            assertThat(back).isEqualTo(b);
        }
    }

    @Test
    void okUtf8FollowsConvertUtfAndZeeksExclusions() {
        assertThat(ok(0xc3, 0xb1)).isTrue(); // ñ
        assertThat(ok(0xf0, 0x9f, 0x98, 0x80)).isTrue(); // emoji
        assertThat(ok(0xc2, 0xa0)).isTrue(); // NBSP
        assertThat(ok(0xc2, 0x80)).isFalse(); // C1 control
        assertThat(ok(0xee, 0x80, 0x80)).isFalse(); // private use
        assertThat(ok(0xef, 0xbf, 0xbf)).isFalse(); // U+FFFF
        assertThat(ok(0xed, 0xa0, 0x80)).isFalse(); // surrogate
        assertThat(ok(0xe0, 0x80, 0x80)).isFalse(); // overlong
        assertThat(ok(0xc1, 0x81)).isFalse(); // overlong
        assertThat(ok(0xf4, 0x90, 0x80, 0x80)).isFalse(); // > U+10FFFF
        assertThat(ok(0x07)).isFalse();
    }

    private static boolean ok(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return ZeekStrings.okUtf8(b, 0, ZeekStrings.sequenceLength(bytes[0]));
    }
}
