package io.osprey.analyzer.rfb;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFB analyzer with handshakes in code. The expected rows and violation texts are what Zeek 9.1 wrote for the
 * same messages, each sent as one TCP segment (a capture made for the purpose, run through {@code zeek -r} with
 * policy/frameworks/analyzer/debug-logging).
 */
class RfbAnalyzerTest {
    private static final String B = RfbAnalyzer.BINPAC;
    private final List<String> rows = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 5900, RfbAnalyzer.SPEC);
        h.events().subscribe(RfbInfo.class, r -> rows.add(s(r.clientMajor()) + " " + s(r.clientMinor()) + " "
                + s(r.serverMajor()) + " " + s(r.serverMinor()) + " " + r.authenticationMethod() + " " + r.auth()
                + " " + r.shareFlag() + " " + s(r.desktopName()) + " " + r.width() + " " + r.height()));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private static String s(byte[] b) {
        return b == null ? "-" : new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] serverInit(String name, int w, int h) {
        ByteBuffer bb = ByteBuffer.allocate(24 + name.length());
        bb.putShort((short) w).putShort((short) h);
        bb.put(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
        bb.putInt(name.length()).put(b(name));
        return bb.array();
    }

    private static byte[] repeat(char c, int n) {
        byte[] x = new byte[n];
        Arrays.fill(x, (byte) c);
        return x;
    }

    /** A 3.8 session with VNC authentication, then client messages. */
    static List<Object[]> vncSession() {
        return List.of(new Object[] {false, b("RFB 003.008\n")}, new Object[] {true, b("RFB 003.008\n")},
                new Object[] {false, new byte[] {1, 2}}, new Object[] {true, new byte[] {2}},
                new Object[] {false, repeat('A', 16)}, new Object[] {true, repeat('B', 16)},
                new Object[] {false, new byte[4]}, new Object[] {true, new byte[] {1}},
                new Object[] {false, serverInit("my desk", 800, 600)},
                new Object[] {true, new byte[] {3, 0, 0, 0, 0, 0, 3, 0x20, 2, 0x58}},
                new Object[] {true, new byte[] {5, 0, 0, 0x10, 0, 0x20}},
                new Object[] {true, new byte[] {2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1}},
                new Object[] {true, new byte[] {6, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c', 4, 1, 0, 0, 0, 0, 0, 0x41}});
    }

    private static void play(AnalyzerHarness h, List<Object[]> conv) {
        for (Object[] m : conv) {
            h.stream((Boolean) m[0], (byte[]) m[1]);
        }
    }

    @Test
    void vncAuthenticationSession() {
        AnalyzerHarness h = harness();
        play(h, vncSession());
        assertThat(rows).containsExactly("003 008 003 008 VNC true true my desk 800 600");
        assertThat(h.services()).containsExactly("rfb");
        // Then an unknown client message type: binpac's case index exception.
        h.stream(true, new byte[] {9}).stream(true, new byte[] {0});
        assertThat(violations).containsExactly(B + "invalid index for case: ClientMessage: 9");
        h.done();
        assertThat(rows).hasSize(1);
    }

    @Test
    void version33WithoutAuthentication() {
        AnalyzerHarness h = harness();
        h.stream(false, "RFB 003.003\n").stream(true, "RFB 003.003\n").stream(false, new byte[] {0, 0, 0, 1})
                .stream(true, new byte[] {0}).stream(false, serverInit("x\0y", 1024, 768));
        assertThat(rows).containsExactly("003 003 003 003 None null false x\0y 1024 768");
        assertThat(violations).isEmpty();
    }

    @Test
    void version37WithoutAuthenticationHasNoResult() {
        AnalyzerHarness h = harness();
        h.stream(false, "RFB 003.007\n").stream(true, "RFB 003.007\n").stream(false, new byte[] {1, 1})
                .stream(true, new byte[] {1}).stream(true, new byte[] {0}).stream(false, serverInit("seven", 800, 600));
        assertThat(rows).containsExactly("003 007 003 007 None null false seven 800 600");
    }

    @Test
    void failedAuthenticationIsLoggedAtTheEnd() {
        AnalyzerHarness h = harness();
        h.stream(false, "RFB 003.008\n").stream(true, "RFB 003.008\n").stream(false, new byte[] {1, 2})
                .stream(true, new byte[] {2}).stream(false, repeat('A', 16)).stream(true, repeat('B', 16))
                .stream(false, new byte[] {0, 0, 0, 1}).stream(false, b("\0\0\0\3bad"));
        assertThat(rows).isEmpty();
        h.done();
        assertThat(rows).containsExactly("003 008 003 008 VNC false null - -1 -1");
        assertThat(violations).isEmpty();
    }

    @Test
    void violationsAsZeekReportsThem() {
        Object[][] cases = {
                {new String[] {"RFB 003.008\n"}, new String[] {"RFBX003.008\n"},
                        B + "string mismatch at /opt/src/zeek/src/analyzer/protocol/rfb/rfb-protocol.pac:34: \n"
                                + "expected pattern: \"RFB \"\nactual data: \"RFBX003.008\n\"", "- - 003 008"},
                {new String[] {"RFB 003,008\n"}, new String[] {"RFB 003.008\n"},
                        B + "string mismatch at /opt/src/zeek/src/analyzer/protocol/rfb/rfb-protocol.pac:36: \n"
                                + "expected pattern: \".\"\nactual data: \",008\n\"", null},
                {new String[] {"RFB 003.003\n", "\0\0\0\5"}, new String[] {"RFB 003.003\n"},
                        "invalid RFB security type 5", "003 003 003 003 RealVNC"},
                {new String[] {"RFB 003.003\n"}, new String[] {"RFB 003.003\n", "zz"},
                        B + "invalid data from RFB client", "003 003 003 003 null"},
                {new String[] {"RFB 003.008\n", "\1\11"}, new String[] {"RFB 003.008\n", "\11"},
                        "unknown RFB auth selection: 9", "003 008 003 008 RealVNC"},
                {new String[] {"RFB 003.008\n\1\2"}, new String[] {"RFB 003.008\n"},
                        B + "invalid data from RFB server", "- - 003 008 null"},
        };
        for (Object[] c : cases) {
            rows.clear();
            violations.clear();
            AnalyzerHarness h = harness();
            String[] server = (String[]) c[0];
            String[] client = (String[]) c[1];
            for (int i = 0; i < Math.max(server.length, client.length); i++) {
                if (i < server.length) {
                    h.stream(false, b(server[i]));
                }
                if (i < client.length) {
                    h.stream(true, b(client[i]));
                }
            }
            assertThat(violations).as((String) c[2]).containsExactly((String) c[2]);
            h.done();
            if (c[3] == null) {
                assertThat(rows).as((String) c[2]).isEmpty();
            } else {
                assertThat(rows).as((String) c[2]).singleElement().asString().startsWith((String) c[3]);
            }
        }
    }

    @Test
    void enforcedLengths() {
        AnalyzerHarness h = harness();
        play(h, vncSession().subList(0, 9));
        h.stream(true, new byte[] {6, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfc});
        assertThat(violations).containsExactly(B + "&enforce violation : ClientCutText:len");
        violations.clear();
        AnalyzerHarness s = harness();
        play(s, vncSession().subList(0, 8));
        byte[] init = serverInit("", 1, 1);
        init[20] = 1;
        s.stream(false, init);
        assertThat(violations).containsExactly(B + "&enforce violation : RFBServerInit:len");
    }

    @Test
    void everySplitGivesTheSameRow() {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        for (Object[] m : vncSession()) {
            ((Boolean) m[0] ? client : server).writeBytes((byte[]) m[1]);
        }
        // Each side in two pieces, cut at every position, the sides interleaved in protocol order by message.
        List<Object[]> conv = vncSession();
        for (int i = 0; i < conv.size(); i++) {
            byte[] m = (byte[]) conv.get(i)[1];
            for (int cut = 1; cut < m.length; cut++) {
                rows.clear();
                violations.clear();
                AnalyzerHarness h = harness();
                for (int j = 0; j < conv.size(); j++) {
                    byte[] x = (byte[]) conv.get(j)[1];
                    boolean o = (Boolean) conv.get(j)[0];
                    if (j == i) {
                        h.stream(o, Arrays.copyOf(x, cut)).stream(o, Arrays.copyOfRange(x, cut, x.length));
                    } else {
                        h.stream(o, x);
                    }
                }
                h.done();
                assertThat(rows).as("message %d cut %d", i, cut)
                        .containsExactly("003 008 003 008 VNC true true my desk 800 600");
                assertThat(violations).as("message %d cut %d", i, cut).isEmpty();
            }
        }
        // The client's messages after the handshake as one stream, byte by byte.
        AnalyzerHarness h = harness();
        play(h, conv.subList(0, 9));
        ByteArrayOutputStream msgs = new ByteArrayOutputStream();
        conv.subList(9, conv.size()).forEach(m -> msgs.writeBytes((byte[]) m[1]));
        for (byte x : msgs.toByteArray()) {
            h.stream(true, new byte[] {x});
        }
        assertThat(violations).isEmpty();
        assertThat(h.services()).containsExactly("rfb");
    }

    @Test
    void nothingIsParsedAfterAGap() {
        AnalyzerHarness h = harness();
        h.stream(false, "RFB 003.008\n").gap(true, 0, 12).stream(true, "garbage!").done();
        assertThat(violations).isEmpty();
        assertThat(rows).containsExactly("- - 003 008 null null null - -1 -1");
    }

    @Test
    void probeMatchesRfbOnly() {
        byte[] rfb = b("RFB 003.008\n");
        assertThat(RfbAnalyzer.PROBE.test(rfb, 12)).isEqualTo(Probe.MATCH);
        assertThat(RfbAnalyzer.PROBE.test(rfb, 3)).isEqualTo(Probe.MATCH);
        assertThat(RfbAnalyzer.PROBE.test(rfb, 2)).isEqualTo(Probe.MORE);
        assertThat(RfbAnalyzer.PROBE.test(rfb, 0)).isEqualTo(Probe.MORE);
        assertThat(RfbAnalyzer.PROBE.test(b("RFC"), 3)).isEqualTo(Probe.NO_MATCH);
        assertThat(RfbAnalyzer.PROBE.test(b("GET /"), 1)).isEqualTo(Probe.NO_MATCH);
    }

    @Test
    void probeDoesNotAllocate() {
        // The probe runs on the first bytes of every connection.
        byte[] yes = b("RFB 003.008\n");
        byte[] no = "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        int sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += RfbAnalyzer.PROBE.test(yes, yes.length) + RfbAnalyzer.PROBE.test(no, no.length);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            sum += RfbAnalyzer.PROBE.test(yes, yes.length) + RfbAnalyzer.PROBE.test(no, no.length);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(16 * 1024);
        assertThat(sum).isEqualTo(220_000 * Probe.MATCH);
    }
}
