package io.osprey.log.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Grisu2Test {
    @Test
    void cachedPowersMatchRapidjsonTable() {
        // Entries of kCachedPowers_F/_E in rapidjson include/rapidjson/internal/diyfp.h.
        assertThat(Grisu2.CACHED_F[0]).isEqualTo(0xfa8fd5a0081c0288L);
        assertThat(Grisu2.CACHED_E[0]).isEqualTo(-1220);
        assertThat(Grisu2.CACHED_F[1]).isEqualTo(0xbaaee17fa23ebf76L);
        assertThat(Grisu2.CACHED_E[1]).isEqualTo(-1193);
        assertThat(Grisu2.CACHED_F[43]).isEqualTo(0xd1b71758e219652cL);
        assertThat(Grisu2.CACHED_E[43]).isEqualTo(-77);
        assertThat(Grisu2.CACHED_F[44]).isEqualTo(0x9c40000000000000L);
        assertThat(Grisu2.CACHED_E[44]).isEqualTo(-50);
        assertThat(Grisu2.CACHED_F[45]).isEqualTo(0xe8d4a51000000000L);
        assertThat(Grisu2.CACHED_E[45]).isEqualTo(-24);
        assertThat(Grisu2.CACHED_F[46]).isEqualTo(0xad78ebc5ac620000L);
        assertThat(Grisu2.CACHED_F[47]).isEqualTo(0x813f3978f8940984L);
        assertThat(Grisu2.CACHED_F[86]).isEqualTo(0xaf87023b9bf0ee6bL);
        assertThat(Grisu2.CACHED_E[86]).isEqualTo(1066);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1.0", "0.5|0.5", "-2.5|-2.5", "1e-7|1e-7", "1e20|100000000000000000000.0", "1e21|1e21",
        "1.5e300|1.5e300", "1300475167.096535|1300475167.096535", "0.000002|0.000002", "0.0000002|2e-7",
        "123.456e-10|1.23456e-8", "0.0|0.0", "-0.0|-0.0", "4.9e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e308",
        "NaN|null", "Infinity|null", "-Infinity|null"})
    void rapidjsonShapes(String in, String want) {
        ByteSink out = new ByteSink(8);
        new Grisu2().write(out, Double.parseDouble(in));
        assertThat(out.toString()).isEqualTo(want);
    }
}
