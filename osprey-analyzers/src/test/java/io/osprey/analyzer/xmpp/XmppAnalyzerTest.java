package io.osprey.analyzer.xmpp;

import io.osprey.analyzer.ssl.SslAnalyzer;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XMPP recognition with bytes in code. The expected services, weirds and violation texts are what Zeek 9.1 reported
 * for the same deliveries, each sent as one TCP segment (a capture made for the purpose, run through
 * {@code zeek -r} with policy/frameworks/analyzer/debug-logging).
 */
class XmppAnalyzerTest {
    private static final String MISMATCH = XmppAnalyzer.BINPAC
            + "string mismatch at /opt/src/zeek/src/analyzer/protocol/xmpp/xmpp-protocol.pac:";
    static final String HELLO = "<?xml version='1.0'?><stream:stream to='x' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
    static final String FEATURES = "<?xml version='1.0'?><stream:stream from='x' id='1' xmlns='jabber:client'>"
            + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
            + "</stream:features>";

    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness(AnalyzerSpec tls) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 5222, XmppAnalyzer.spec(tls));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private static String mismatch(int line, String pattern, String actual) {
        return MISMATCH + line + ": \nexpected pattern: \"" + pattern + "\"\nactual data: \"" + actual + "\"";
    }

    @Test
    void streamHeaderConfirms() {
        AnalyzerHarness h = harness(null);
        h.stream(true, HELLO).stream(false, FEATURES);
        assertThat(h.services()).containsExactly("xmpp");
        assertThat(violations).isEmpty();
    }

    @Test
    void acceptedStartTlsHandsOverToSsl() {
        AnalyzerHarness h = harness(SslAnalyzer.SPEC);
        h.stream(true, HELLO).stream(false, FEATURES).stream(true, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
                .stream(false, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        // From here on everything is TLS: what would be a mismatch is not XMPP's any more.
        h.stream(true, "hello");
        assertThat(violations).noneMatch(v -> v.startsWith(MISMATCH));
        assertThat(h.weirds()).isEmpty();
        assertThat(h.services()).startsWith("xmpp");
    }

    @Test
    void namespacedStartTlsAndProceedCount() {
        AnalyzerHarness h = harness(SslAnalyzer.SPEC);
        h.stream(true, HELLO).stream(true, "<tls:starttls/>").stream(false, "<tls:proceed/>").stream(true, "junk");
        assertThat(violations).noneMatch(v -> v.startsWith(MISMATCH));
    }

    @Test
    void proceedWithoutStartTlsIsAWeird() {
        AnalyzerHarness h = harness(SslAnalyzer.SPEC);
        h.stream(true, HELLO).stream(false, "<proceed/>");
        assertThat(h.weirds()).containsExactly("XMPP: proceed without starttls");
        // Still XMPP: a bad delivery is a violation.
        h.stream(true, "<>");
        assertThat(violations).containsExactly(mismatch(13, "/?[?:[:alnum:]]+", ">"));
    }

    @Test
    void malformedDeliveriesAreViolationsWithBinpacText() {
        String[][] cases = {
                {"<>", mismatch(13, "/?[?:[:alnum:]]+", ">")},
                {"<a", mismatch(15, ">", "")},
                {"  ", mismatch(12, "<", "")},
                {"<x>a</x> <!-- c -->", mismatch(13, "/?[?:[:alnum:]]+", "!-- c -->")},
                {"hello", mismatch(12, "<", "hello")},
                {"<a>\0b<", mismatch(13, "/?[?:[:alnum:]]+", "")},
                // binpac quotes the data as a C string: it ends at the first NUL.
                {"x\0yz", mismatch(12, "<", "x")},
                {"</>", mismatch(13, "/?[?:[:alnum:]]+", "/>")},
        };
        for (String[] c : cases) {
            violations.clear();
            AnalyzerHarness h = harness(null);
            h.stream(true, HELLO).stream(true, c[0].getBytes(StandardCharsets.ISO_8859_1));
            assertThat(violations).as(c[0]).containsExactly(c[1]);
            assertThat(h.services()).as(c[0]).isEmpty();
            assertThat(h.analyzer("XMPP")).as(c[0]).isNull();
        }
    }

    @Test
    void skipTokensEndTheParsingAfterTheirDelivery() {
        AnalyzerHarness h = harness(null);
        h.stream(true, HELLO).stream(false, "<success/>").stream(true, "<>");
        assertThat(violations).isEmpty();
        assertThat(h.services()).containsExactly("xmpp");
        // The rest of the delivery with the skip token is still parsed.
        AnalyzerHarness same = harness(null);
        same.stream(true, HELLO).stream(false, "<success/><>");
        assertThat(violations).containsExactly(mismatch(13, "/?[?:[:alnum:]]+", ">"));
    }

    @Test
    void aTagCutByTheSegmentEndIsAViolation() {
        // Each delivery is parsed on its own: any cut inside a tag fails, a cut between tags does not.
        byte[] two = "<a x='1'/><b/>".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 1; cut < two.length; cut++) {
            violations.clear();
            AnalyzerHarness h = harness(null);
            h.stream(true, HELLO).stream(true, Arrays.copyOf(two, cut))
                    .stream(true, Arrays.copyOfRange(two, cut, two.length));
            assertThat(violations).as("cut %d", cut).hasSize(cut == 10 ? 0 : 1);
        }
    }

    @Test
    void nothingIsParsedAfterAGap() {
        AnalyzerHarness h = harness(null);
        h.stream(false, FEATURES).gap(true, 0, 10).stream(true, HELLO).stream(true, "<>");
        assertThat(h.services()).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void probeFollowsTheSignature() {
        String[] yes = {HELLO, "<stream:stream xmlns='jabber:server'>", "\r\n <stream:stream a='b' xmlns='jabber:x",
                "<?xml?><stream:stream xmlns='jabber:"};
        String[] no = {"GET / HTTP/1.1\r\n", "<stream:stream>xmlns='jabber:", "<stream:stream xmlns=\"jabber:client\">",
                "<?xml ?x?><stream:stream xmlns='jabber:", " <?xml?><stream:stream xmlns='jabber:", "<?xml>"};
        for (String s : yes) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat(XmppAnalyzer.PROBE.test(b, b.length)).as(s).isEqualTo(Probe.MATCH);
            for (int n = 0; n < b.length && XmppAnalyzer.PROBE.test(b, n) != Probe.MATCH; n++) {
                assertThat(XmppAnalyzer.PROBE.test(b, n)).as("%s %d", s, n).isEqualTo(Probe.MORE);
            }
        }
        for (String s : no) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat(XmppAnalyzer.PROBE.test(b, b.length)).as(s).isEqualTo(Probe.NO_MATCH);
        }
    }

    @Test
    void parsingDoesNotAllocate() {
        AnalyzerHarness h = harness(null);
        h.stream(true, HELLO);
        XmppAnalyzer a = (XmppAnalyzer) h.analyzer("XMPP");
        byte[] c = "<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>\r\n".getBytes(StandardCharsets.US_ASCII);
        MemorySegment cs = MemorySegment.ofArray(c);
        for (int i = 0; i < 2000; i++) {
            a.deliverStream(true, cs, 0, c.length);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            a.deliverStream(true, cs, 0, c.length);
            XmppAnalyzer.PROBE.test(c, c.length);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(64 * 1024);
        assertThat(violations).isEmpty();
    }
}
