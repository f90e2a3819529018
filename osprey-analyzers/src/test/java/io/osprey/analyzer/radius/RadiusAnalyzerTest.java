package io.osprey.analyzer.radius;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** RADIUS recognition: whole messages confirm, messages that do not parse to their end violate. */
class RadiusAnalyzerTest {
    /** RFC 2865 §4.1 Access-Request: User-Name, User-Password (16 bytes), NAS-IP-Address, NAS-Port. */
    static byte[] accessRequest() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {1, 42, 0, 0}); // code, identifier, length (filled in below)
        b.writeBytes(new byte[16]); // request authenticator
        attr(b, 1, "steve".getBytes(StandardCharsets.US_ASCII));
        attr(b, 2, new byte[16]);
        attr(b, 4, new byte[] {(byte) 192, (byte) 168, 1, 16});
        attr(b, 5, new byte[] {0, 0, 0, 3});
        byte[] m = b.toByteArray();
        m[2] = (byte) (m.length >>> 8);
        m[3] = (byte) m.length;
        return m;
    }

    private static void attr(ByteArrayOutputStream b, int type, byte[] value) {
        b.write(type);
        b.write(value.length + 2);
        b.writeBytes(value);
    }

    private static AnalyzerHarness harness() {
        return new AnalyzerHarness(AnalyzerSpec.UDP, 1812, RadiusAnalyzer.SPEC);
    }

    @Test
    void wholeMessagesConfirm() {
        AnalyzerHarness h = harness().packet(true, accessRequest());
        assertThat(h.services()).containsExactly("radius");
        // An Access-Accept without attributes: the header alone is a whole message.
        byte[] accept = new byte[20];
        accept[0] = 2;
        accept[3] = 20;
        assertThat(harness().packet(false, accept).services()).containsExactly("radius");
    }

    @Test
    void messagesThatDoNotParseToTheirEndViolate() {
        byte[] m = accessRequest();
        byte[] shortHeader = java.util.Arrays.copyOf(m, 12);
        byte[] cutValue = java.util.Arrays.copyOf(m, m.length - 2); // NAS-Port's value runs past the end
        byte[] oneByteLeft = java.util.Arrays.copyOf(m, m.length + 1); // an attribute header cut after its type
        byte[] zeroLength = m.clone();
        zeroLength[21] = 0; // User-Name's length below 2
        for (byte[] bad : new byte[][] {new byte[3], shortHeader, cutValue, oneByteLeft, zeroLength}) {
            AnalyzerHarness h = harness().packet(true, bad);
            assertThat(h.services()).isEmpty();
            assertThat(h.analyzer("RADIUS")).isNull();
        }
    }

    @Test
    void mutatedMessagesNeverBreakTheAnalyzer() {
        byte[] seed = accessRequest();
        int n = Mutator.iterations(2_000);
        SplittableRandom r = new SplittableRandom(5);
        int confirmed = 0;
        for (int i = 0; i < n; i++) {
            byte[] m = Mutator.mutate(seed, r.nextLong());
            AnalyzerHarness h = harness().packet(r.nextBoolean(), m);
            assertThat(h.weirds()).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
            confirmed += h.services().size();
        }
        assertThat(confirmed).as("some mutants still parse").isPositive();
    }
}
