package io.osprey.common.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Address text as Zeek 9.1 prints it (the forms were checked against Zeek's logs by the log module's tests). */
class AddrTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "::2, ::2",
        "::1.2.3.4, ::1.2.3.4",
        "::ffff:0:1.2.3.4, ::ffff:0:1.2.3.4",
        "fe80::1, fe80::1",
        "2001:db8::, 2001:db8::",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:0:3:4:5:6:7:8, 1:0:3:4:5:6:7:8",
    })
    void formatsAsZeek(String in, String want) {
        long[] a = new long[2];
        assertThat(Addr.parse(in, a)).isTrue();
        assertThat(Addr.toString(a[0], a[1])).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0, x", "1.2.3.256, x", "::g, x", "'', x"})
    void rejectsNonAddresses(String in, String ignored) {
        assertThat(Addr.parse(in, new long[2])).isFalse();
    }
}
