package io.osprey.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * tcpslice's time syntax. Expected values are the ones Debian's tcpslice 1.5 prints with {@code -d} for a capture
 * whose first packet is at 1795469746.456089 (2026-11-23 21:35:46.456089 UTC), TZ=UTC, except where a comment says
 * Osprey deliberately differs.
 */
class TimeSpecTest {
    static final ZoneId UTC = ZoneOffset.UTC;
    static final long FIRST = 1795469746_456089000L;

    static long at(String s) {
        return TimeSpec.resolve(s, FIRST, UTC);
    }

    static long utc(int y, int mo, int d, int h, int mi, int s) {
        return LocalDateTime.of(y, mo, d, h, mi, s).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
    }

    @Test
    void rawSecondsAndOffsets() {
        assertThat(at("1795469750")).isEqualTo(1795469750_000000000L);
        assertThat(at("1795469750.5")).isEqualTo(1795469750_500000000L);
        assertThat(at("1795469750.000001")).isEqualTo(1795469750_000001000L);
        assertThat(at("1795469750.123456789")).isEqualTo(1795469750_123456789L); // tcpslice stops at 6 digits
        assertThat(at("+3")).isEqualTo(FIRST + 3_000_000_000L);
        assertThat(at("+1.5")).isEqualTo(1795469747_956089000L);
        assertThat(at("+0")).isEqualTo(FIRST);
        // END is relative to START: tcpslice -d +3 +5 gives 1795469749.456089 / 1795469754.456089
        long start = at("+3");
        assertThat(TimeSpec.resolve("+5", start, UTC)).isEqualTo(1795469754_456089000L);
    }

    @Test
    void datesFillLargerFieldsFromTheBaseAndZeroSmallerOnes() {
        assertThat(at("21h36m")).isEqualTo(1795469760_000000000L);
        assertThat(at("13h15m")).isEqualTo(1795439700_000000000L); // tcpslice -d 13h15m
        assertThat(at("5m3d")).isEqualTo(1777766400_000000000L); // month 5, day 3, year of the base
        assertThat(at("1d5m")).isEqualTo(1793491500_000000000L); // day 1, 5 minutes
        assertThat(at("2026y11m23d21h35m46s456089u")).isEqualTo(FIRST);
        assertThat(at("26y11m23d")).isEqualTo(utc(2026, 11, 23, 0, 0, 0));
        assertThat(at("99y")).isEqualTo(utc(1999, 1, 1, 0, 0, 0));
        assertThat(at("500u")).isEqualTo(1795469746_000500000L); // seconds from the base, then 500 µs
        assertThat(at("21H36M")).isEqualTo(at("21h36m")); // upper case, as tcpslice's fill_tm accepts
    }

    @Test
    void offsetsInUnits() {
        assertThat(at("+1h10m")).isEqualTo(FIRST + (70 * 60) * 1_000_000_000L);
        assertThat(at("+1y")).isEqualTo(1827005746_456089000L); // tcpslice -d +1y
        assertThat(at("+2m3d")).isEqualTo(utc(2027, 1, 26, 21, 35, 46) + 456089000L); // 2 months 3 days
        assertThat(at("+90m")).isEqualTo(FIRST + 90 * 60 * 1_000_000_000L); // tcpslice: "minute 125 is not valid"
        assertThat(at("+250u")).isEqualTo(FIRST + 250_000L);
    }

    @Test
    void datesAreReadInTheGivenZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 21:35 UTC is 22:35 in Berlin (CET, +1): "13h" there is 12:00 UTC of the same day
        assertThat(TimeSpec.resolve("13h", FIRST, berlin)).isEqualTo(utc(2026, 11, 23, 12, 0, 0));
    }

    @Test
    void isoDates() {
        assertThat(at("2026-11-23T13:15:00Z")).isEqualTo(utc(2026, 11, 23, 13, 15, 0));
        assertThat(at("2026-11-23T13:15")).isEqualTo(utc(2026, 11, 23, 13, 15, 0));
        assertThat(at("2026-11-23T13:15:00.25+02:00")).isEqualTo(utc(2026, 11, 23, 11, 15, 0) + 250_000_000L);
        assertThat(at("2026-11-23")).isEqualTo(utc(2026, 11, 23, 0, 0, 0));
    }

    @Test
    void shapeDecidesWhatIsATime() {
        for (String t : new String[] {"13h15m", "+5m", "1795469746", "1795469746.456", "+1.5", "25h", "2026y",
            "2026-11-23T13:15:00Z", "2026-13-45", "+0"}) {
            assertThat(TimeSpec.looksLikeTime(t)).as(t).isTrue();
        }
        for (String f : new String[] {"trace.pcap", "13x", "+", "", "h13", "13h13h", "5s3m", "1.2.3", "-5",
            "+2026-11-23", "12", "12 "}) {
            assertThat(TimeSpec.looksLikeTime(f)).as(f).isEqualTo(f.equals("12"));
        }
    }

    @Test
    void badValuesSayWhatIsWrongInOneLine() {
        bad("25h", "bad time '25h': hour 25 is not valid");
        bad("21h75m", "bad time '21h75m': minute 75 is not valid");
        bad("70s", "bad time '70s': second 70 is not valid");
        bad("2m31d", "bad time '2m31d': day 31 is not valid");
        bad("13m1d", "bad time '13m1d': month 13 is not valid");
        bad("1500y", "bad time '1500y': year 1500 is not valid (2 digits, or 1970 to 2106)");
        bad("1000000u", "bad time '1000000u': microsecond 1000000 is not valid");
        bad("5s3m", "bad time '5s3m': units must go from years down to microseconds, each at most once");
        bad("13x", "bad time '13x': unknown unit 'x' (one of y m d h m s u)");
        bad("13h15", "bad time '13h15': number 15 has no unit (one of y m d h m s u)");
        bad("+", "bad time '+': nothing after '+'");
        bad("99999999999", "bad time '99999999999': seconds beyond 4294967295");
        bad("1.1234567891", "bad time '1.1234567891': more than 9 digits after the point");
        bad("9999999999h", "bad time '9999999999h': amount 9999999999... is too large");
        assertThatThrownBy(() -> at("2026-13-45")).hasMessageStartingWith("bad time '2026-13-45': not an ISO-8601")
                .hasMessageNotContaining("\n");
    }

    private static void bad(String arg, String message) {
        assertThatThrownBy(() -> at(arg)).isInstanceOf(TimeSpec.BadTimeException.class).hasMessage(message);
    }

    @Test
    void rawFormatting() {
        assertThat(TimeSpec.raw(FIRST, 6)).isEqualTo("1795469746.456089");
        assertThat(TimeSpec.raw(FIRST + 1, 9)).isEqualTo("1795469746.456089001");
    }
}
