package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.osprey.analyzer.ssl.Tls.V10;
import static io.osprey.analyzer.ssl.Tls.V12;
import static io.osprey.analyzer.ssl.Tls.V13;
import static io.osprey.analyzer.ssl.Tls.concat;
import static io.osprey.analyzer.ssl.Tls.ext;
import static io.osprey.analyzer.ssl.Tls.message;
import static io.osprey.analyzer.ssl.Tls.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSL recognition as Zeek's binpac SSL analyzer does it: confirmation on an acceptable ClientHello (TLS or SSLv2),
 * Zeek's violation texts for what cannot be SSL, handshake messages split across records and records split across
 * segments, and the analyzer's end once the session is established.
 */
class SslAnalyzerTest {
    /** A harness with SSL attached by port 443, recording violation reasons. */
    private static final class Run {
        final AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 443, SslAnalyzer.SPEC);
        final List<String> violations = new ArrayList<>();

        Run() {
            h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        }
    }

    private static final byte[] CCS = record(20, V12, new byte[] {1});
    private static final byte[] APP = record(23, V12, Tls.filled(40, 0x5a));

    @Test
    void tls12ClientHelloConfirmsInEverySplitSize() {
        byte[] hello = Tls.clientHelloRecord12();
        for (int size = 1; size <= hello.length; size++) {
            Run r = new Run();
            for (int o = 0; o < hello.length; o += size) {
                assertThat(r.h.services()).as("size %d at %d", size, o).isEmpty();
                r.h.stream(true, Arrays.copyOfRange(hello, o, Math.min(hello.length, o + size)));
            }
            assertThat(r.h.services()).as("size %d", size).containsExactly("ssl");
            assertThat(r.violations).isEmpty();
        }
    }

    @Test
    void tls13HandshakeConfirmsAndEndsAtEstablishment() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord13());
        assertThat(r.h.services()).containsExactly("ssl");
        // ServerHello 1.2 with supported_versions = 1.3; then compatibility CCS and encrypted records.
        byte[] sh = record(22, V12, message(2, Tls.serverHello(V12, ext(43, (byte) 3, (byte) 4))));
        r.h.stream(false, concat(sh, CCS, APP, APP));
        r.h.stream(true, concat(CCS, APP));
        // Established and disabled: what follows is not looked at (no violation for garbage).
        r.h.stream(true, "GET / HTTP/1.1\r\n\r\n");
        assertThat(r.violations).isEmpty();
        assertThat(r.h.services()).containsExactly("ssl");
    }

    @Test
    void tls12EarlyApplicationDataIsAWeird() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord12());
        r.h.stream(false, record(22, V12, message(2, Tls.serverHello(V12))));
        r.h.stream(true, APP);
        assertThat(r.h.weirds()).anyMatch(w -> w.startsWith("ssl_early_application_data"));
        assertThat(r.violations).isEmpty();
    }

    @Test
    void afterChangeCipherSpecRecordsAreCiphertext() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord12());
        r.h.stream(false, record(22, V12, message(2, Tls.serverHello(V12))));
        // An "unknown handshake message" inside an encrypted Finished record must not be parsed.
        byte[] encryptedFinished = record(22, V12, Tls.filled(40, 0xee));
        r.h.stream(true, concat(CCS, encryptedFinished));
        r.h.stream(false, concat(CCS, encryptedFinished));
        assertThat(r.violations).isEmpty();
        assertThat(r.h.weirds()).isEmpty();
        assertThat(r.h.services()).containsExactly("ssl");
    }

    @Test
    void sslV2ClientHelloConfirms() {
        for (int version : new int[] {0x0002, 0x0300, V10, V12}) {
            Run r = new Run();
            r.h.stream(true, Tls.v2ClientHello(version));
            assertThat(r.h.services()).as("version %x", version).containsExactly("ssl");
            assertThat(r.violations).isEmpty();
        }
    }

    @Test
    void sslV2ClientHelloWithBadVersionIsAViolation() {
        Run r = new Run();
        r.h.stream(true, Tls.v2ClientHello(0x0304));
        assertThat(r.h.services()).isEmpty();
        assertThat(r.violations).containsExactly("Invalid version in SSL client hello. Version: 772");
    }

    @Test
    void unsupportedClientHelloVersionIsAViolation() {
        Run r = new Run();
        r.h.stream(true, record(22, V10, message(1, Tls.clientHello(0x0404))));
        assertThat(r.h.services()).isEmpty();
        assertThat(r.violations).containsExactly("unsupported client SSL version 0x0404");
        assertThat(r.h.analyzer("SSL")).isNull();
    }

    @Test
    void draftAndDtlsVersionsAreAcceptable() {
        assertThat(SslAnalyzer.versionOk(0x7F17)).isTrue();
        assertThat(SslAnalyzer.versionOk(0xFEFD)).isTrue();
        assertThat(SslAnalyzer.versionOk(0x0305)).isFalse();
        assertThat(SslAnalyzer.versionOk(0x0001)).isFalse();
    }

    @Test
    void garbageOnTheSslPortIsAViolation() {
        Run r = new Run();
        r.h.stream(true, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.h.services()).isEmpty();
        // 'E' 'T' = 0x4554.
        assertThat(r.violations).containsExactly("Invalid version in TLS connection. Version: 17748");
    }

    @Test
    void invalidRecordTypeIsAViolation() {
        Run r = new Run();
        r.h.stream(false, new byte[] {0x10, 3, 1, 0, 2, 0, 0});
        assertThat(r.violations).containsExactly("Invalid type in TLS connection. Version: 769, Type: 16");
    }

    @Test
    void invalidSslV2HeadersAreAViolation() {
        Run r = new Run();
        r.h.stream(false, new byte[] {(byte) 0x80, 0x20, 0x01, 0, 2});
        assertThat(r.violations).containsExactly("Invalid headers in SSL connection. Head1: 32, head2: 1, head3: 0");
    }

    @Test
    void lateVersionChangeAfterConfirmationIsAViolationThatRemovesTheService() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord12());
        assertThat(r.h.services()).containsExactly("ssl");
        r.h.stream(false, new byte[] {0x16, 0x03, 0x07, 0, 1, 0});
        assertThat(r.violations)
                .containsExactly("Invalid version late in TLS connection. Packet reported version: 775");
        assertThat(r.h.services()).isEmpty();
    }

    @Test
    void handshakeMessageFragmentedAcrossRecordsConfirmsAtItsEnd() {
        byte[] msg = message(1, Tls.clientHello(V12, ext(0, new byte[40]), ext(23)));
        // Three records: 7 bytes, 50 bytes, the rest.
        byte[] a = record(22, V10, Arrays.copyOfRange(msg, 0, 7));
        byte[] b = record(22, V10, Arrays.copyOfRange(msg, 7, 57));
        byte[] c = record(22, V10, Arrays.copyOfRange(msg, 57, msg.length));
        byte[] all = concat(a, b, c);
        for (int size = 1; size <= all.length; size++) {
            Run r = new Run();
            for (int o = 0; o < all.length; o += size) {
                assertThat(r.h.services()).as("size %d at %d", size, o).isEmpty();
                r.h.stream(true, Arrays.copyOfRange(all, o, Math.min(all.length, o + size)));
            }
            assertThat(r.h.services()).as("size %d", size).containsExactly("ssl");
            assertThat(r.violations).isEmpty();
        }
    }

    @Test
    void twoMessagesInOneRecord() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord12());
        byte[] two = concat(message(2, Tls.serverHello(V12)), message(11, new byte[] {0, 0, 0}),
                message(14, new byte[0]));
        r.h.stream(false, record(22, V12, two));
        assertThat(r.violations).isEmpty();
        assertThat(r.h.services()).containsExactly("ssl");
    }

    @Test
    void unknownHandshakeMessageIsAViolation() {
        Run r = new Run();
        r.h.stream(true, record(22, V10, message(99, new byte[3])));
        assertThat(r.violations).containsExactly("unknown handshake message (99) from originator");
    }

    @Test
    void unknownRecordTypeIsAViolation() {
        Run r = new Run();
        r.h.stream(true, record(25, V10, new byte[2]));
        assertThat(r.violations).containsExactly("unknown SSL record type (25) from originator");
    }

    @Test
    void truncatedClientHelloIsAParseFailureNotAConfirmation() {
        Run r = new Run();
        byte[] body = Tls.clientHello(V12);
        // The message claims its full length but the record holds it only in part, then another message follows:
        // the session-id length points past the message's end.
        body[34] = (byte) 200;
        r.h.stream(true, record(22, V10, message(1, body)));
        assertThat(r.h.services()).isEmpty();
        assertThat(r.violations).singleElement().asString()
                .startsWith("Binpac exception: binpac exception: out_of_bound: ClientHello:session_id");
    }

    @Test
    void unsupportedServerVersionIsAViolationAfterConfirmation() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord12());
        r.h.stream(false, record(22, V12, message(2, Tls.serverHello(0x0200))));
        assertThat(r.violations).containsExactly("unsupported server SSL version 0x0200");
        assertThat(r.h.services()).isEmpty();
    }

    @Test
    void serverHelloAloneDoesNotConfirm() {
        Run r = new Run();
        r.h.stream(false, record(22, V12, message(2, Tls.serverHello(V12))));
        assertThat(r.h.services()).isEmpty();
        assertThat(r.violations).isEmpty();
    }

    @Test
    void helloFromTheWrongSideTwiceIsAWeird() {
        Run r = new Run();
        // Client hello from the responder (flipped), then a server hello from the responder too (flipped back).
        r.h.stream(false, Tls.clientHelloRecord12());
        r.h.stream(false, record(22, V12, message(2, Tls.serverHello(V12))));
        assertThat(r.h.services()).containsExactly("ssl");
        assertThat(r.h.weirds()).anyMatch(w -> w.startsWith("SSL_unclear_connection_direction"));
    }

    @Test
    void excessiveAlertsAreAWeird() {
        Run r = new Run();
        r.h.stream(true, Tls.clientHelloRecord12());
        r.h.stream(false, record(21, V12, new byte[24]));
        assertThat(r.h.weirds()).anyMatch(w -> w.startsWith("SSL_excessive_alerts_in_record"));
    }

    @Test
    void historyCapIsAWeirdOnce() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 443, SslAnalyzer.spec(3));
        // Client hello "C", server hello "s": below the cap of 3.
        h.stream(true, Tls.clientHelloRecord12());
        h.stream(false, record(22, V12, message(2, Tls.serverHello(V12))));
        assertThat(h.weirds()).isEmpty();
        // Certificate "x" reaches it.
        h.stream(false, record(22, V12, message(11, new byte[] {0, 0, 0})));
        assertThat(h.weirds()).containsExactly("SSL_max_ssl_history_length_reached:3");
        h.stream(true, concat(CCS, record(21, V12, new byte[] {1, 0})));
        assertThat(h.weirds()).hasSize(1);
    }

    @Test
    void nothingIsParsedAfterAGap() {
        Run r = new Run();
        r.h.gap(true, 1, 10);
        r.h.stream(true, Tls.clientHelloRecord12());
        assertThat(r.h.services()).isEmpty();
        assertThat(r.violations).isEmpty();
    }

    @Test
    void probesMatchZeeksSignatures() {
        byte[] ch = Tls.clientHelloRecord12();
        assertThat(SslProbes.client(ch, ch.length)).isEqualTo(Probe.MATCH);
        assertThat(SslProbes.client(ch, 10)).isEqualTo(Probe.MORE);
        assertThat(SslProbes.client(Tls.v2ClientHello(V10), 11)).isEqualTo(Probe.NO_MATCH);
        byte[] get = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SslProbes.client(get, get.length)).isEqualTo(Probe.NO_MATCH);
        byte[] sh = record(22, V12, message(2, Tls.serverHello(V12)));
        assertThat(SslProbes.server(sh, sh.length)).isEqualTo(Probe.MATCH);
        assertThat(SslProbes.server(sh, 10)).isEqualTo(Probe.MORE);
        byte[] draft = record(22, V10, message(2, Tls.serverHello(0x7F12)));
        assertThat(SslProbes.server(draft, draft.length)).isEqualTo(Probe.MATCH);
        byte[] alertFirst = concat(record(21, V12, new byte[] {1, 0}), sh);
        assertThat(SslProbes.server(alertFirst, alertFirst.length)).isEqualTo(Probe.MATCH);
        assertThat(SslProbes.server(alertFirst, 12)).isEqualTo(Probe.MORE);
        byte[] alertOnly = concat(record(21, V12, new byte[] {1, 0}), record(21, V12, new byte[] {1, 0}));
        assertThat(SslProbes.server(alertOnly, alertOnly.length)).isEqualTo(Probe.NO_MATCH);
        assertThat(SslProbes.server(ch, ch.length)).isEqualTo(Probe.NO_MATCH);
    }
}
