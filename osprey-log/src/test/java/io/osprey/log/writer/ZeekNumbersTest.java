package io.osprey.log.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZeekNumbersTest {
    private static String fixed6(double d) {
        ByteSink out = new ByteSink(8);
        ZeekNumbers.fixed6(out, d);
        return out.toString();
    }

    private static String zeekDouble(double d) {
        ByteSink out = new ByteSink(8);
        ZeekNumbers.zeekDouble(out, d);
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1300475167.096535|1300475167.096535", "0.01436|0.014360", "0|0.000000", "-0.0|-0.000000",
        "-0.0001|-0.000100", "0.0078125|0.007812", "0.0234375|0.023438", "999999.9999995|999999.999999", "999999.9999996|1000000.000000",
        "1e20|100000000000000000000.000000", "Infinity|inf", "-Infinity|-inf", "NaN|nan"})
    void fixed6LikeToChars(String in, String want) {
        assertThat(fixed6(Double.parseDouble(in))).isEqualTo(want);
    }

    @Test
    void fixed6IsCorrectlyRoundedHalfEven() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble() * 2e9;
                case 1 -> (r.nextLong(2_000_000_000_000_000L)) / 1e6 + r.nextInt(3) * 5e-7;
                case 2 -> Math.scalb(r.nextDouble(), r.nextInt(-40, 62));
                default -> r.nextInt(1 << 20) / (double) (1 << r.nextInt(1, 20));
            };
            if (r.nextBoolean()) {
                d = -d;
            }
            String want = new BigDecimal(Math.abs(d)).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
            if (Double.doubleToRawLongBits(d) < 0) {
                want = "-" + want;
            }
            assertThat(fixed6(d)).as("%s", d).isEqualTo(want);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1.0", "0.5|0.5", "1e-7|0", "5.0000004|5", "5.0000000001|5.0", "-0.0|0.0", "-2.5|-2.5",
        "123456789.123456789|123456789.123457", "1e20|100000000000000000000.0", "-1e-7|-0", "NaN|nan",
        "Infinity|inf"})
    void doublesLikeDescAdd(String in, String want) {
        assertThat(zeekDouble(Double.parseDouble(in))).isEqualTo(want);
    }

    @Test
    void grisuAlwaysRoundTrips() {
        SplittableRandom r = new SplittableRandom(7);
        Grisu2 g = new Grisu2();
        ByteSink out = new ByteSink(32);
        for (int i = 0; i < 200_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            out.clear();
            g.write(out, d);
            assertThat(Double.parseDouble(out.toString())).as("%s", d).isEqualTo(d);
        }
    }

    @ParameterizedTest
    @CsvSource({"0,0", "9,9", "10,10", "18446744073709551615,-1", "9223372036854775808,-9223372036854775808",
        "1000000000000000000,1000000000000000000"})
    void unsignedCounts(String want, long v) {
        ByteSink out = new ByteSink(1);
        ZeekNumbers.unsigned(out, v);
        assertThat(out.toString()).isEqualTo(want);
    }

    @Test
    void signedExtremes() {
        ByteSink out = new ByteSink(1);
        ZeekNumbers.signed(out, Long.MIN_VALUE);
        out.put(' ');
        ZeekNumbers.signed(out, Long.MAX_VALUE);
        out.put(' ');
        ZeekNumbers.signed(out, -7);
        assertThat(out.toString()).isEqualTo("-9223372036854775808 9223372036854775807 -7");
    }
}
