package io.osprey.analyzer.socks;

import io.osprey.common.net.Addr;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SOCKS analyzer over hand-written exchanges (bytes in the code): SOCKS4, SOCKS4a, SOCKS5 with each address type
 * and each authentication path, what socks.log, tunnel.log and the weirds get, and Zeek's violations with their
 * exact texts (checked against Zeek 9.1's analyzer debug log).
 */
class SocksAnalyzerTest {
    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String host(SocksAddress a) {
        return a == null || !a.hasHost() ? null : Addr.toString(a.hostHi(), a.hostLo());
    }

    @Test
    void socks5WithoutAuthenticationAndANameIsConfirmedAndLoggedAtTheEnd() {
        SocksTestSupport t = new SocksTestSupport().c("05 01 00").s("05 00")
                .c("05 01 00 03 0f" + "7777772e6578616d706c652e636f6d" + "0050").s("05 00 00 01 0a090909 9c41");
        assertThat(t.h.services()).containsExactly("socks");
        assertThat(t.tunnels).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("Tunnel::SOCKS");
            assertThat(r.origPort()).isZero();
            assertThat(r.respPort()).isEqualTo(1080);
            assertThat(r.origLo()).isEqualTo(t.h.origLo());
        });
        assertThat(t.rows).isEmpty(); // written when the connection is finalised, as Zeek's removal hook does
        t.done();
        SocksInfo r = t.row();
        assertThat(r.version()).isEqualTo(5);
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(host(r.request())).isNull();
        assertThat(str(r.request().name())).isEqualTo("www.example.com");
        assertThat(r.requestPort()).isEqualTo(80);
        assertThat(host(r.bound())).isEqualTo("10.9.9.9");
        assertThat(r.bound().name()).isNull();
        assertThat(r.boundPort()).isEqualTo(40001);
        assertThat(r.user()).isNull();
        assertThat(r.password()).isNull();
        assertThat(t.events).hasSize(2);
    }

    @Test
    void ipv4AndIpv6AddressesAreLoggedAsSent() {
        SocksTestSupport t = new SocksTestSupport().c("050100").s("0500").c("050100017f0000010016")
                .s("05 00 00 04 20010db8000000000000000000000001 c350").done();
        assertThat(host(t.row().request())).isEqualTo("127.0.0.1");
        assertThat(t.row().requestPort()).isEqualTo(22);
        assertThat(host(t.row().bound())).isEqualTo("2001:db8::1");
        assertThat(t.row().boundPort()).isEqualTo(50000);
    }

    @Test
    void usernamePasswordLoginGivesUserAndStatusAndThePasswordOnlyWhenCaptured() {
        String exchange = "0103626f6205616c696365";
        for (boolean capture : new boolean[] {false, true}) {
            SocksTestSupport t = new SocksTestSupport(capture).c("0503000302").s("0502").c(exchange).s("0100")
                    .c("05010001c0a800020016").s("05000001c0a80001da8f").done();
            assertThat(str(t.row().user())).isEqualTo("bob");
            assertThat(str(t.row().password())).isEqualTo(capture ? "alice" : null);
            assertThat(t.row().status()).isEqualTo("succeeded");
            assertThat(t.events).first().isInstanceOfSatisfying(SocksEvents.LoginRequest.class,
                    e -> assertThat(str(e.password())).isEqualTo("alice"));
        }
    }

    @Test
    void aFailedLoginKeepsItsStatusUntilTheReply() {
        SocksTestSupport t = new SocksTestSupport().c("050102").s("0502").c("0103626f620178").s("0101");
        // Not confirmed yet: only the reply to a request confirms.
        assertThat(t.h.services()).isEmpty();
        t.done();
        assertThat(t.rows).isEmpty();
        SocksTestSupport refused = new SocksTestSupport().c("050102").s("0502").c("0103626f620178").s("0101")
                .c("05010001c0a800020016").s("05050001000000000000").done();
        assertThat(refused.row().status()).isEqualTo("Connection refused");
        assertThat(refused.row().version()).isEqualTo(5);
    }

    @Test
    void socks4RequestRegistersTheTunnelButTheRfcReplyIsAVersionError() {
        SocksTestSupport t = new SocksTestSupport().c("04010050c0a8010100").s("005a000000000000");
        assertThat(t.tunnels).hasSize(1);
        assertThat(t.reasons()).containsExactly("unsupported/unknown SOCKS version 0");
        assertThat(t.attached()).isFalse();
        t.done();
        assertThat(t.rows).isEmpty();
    }

    @Test
    void socks4aWithAReplyLedByFourIsConfirmed() {
        SocksTestSupport t = new SocksTestSupport()
                .c("040101bb00000001" + "616c696365" + "00" + "6578616d706c652e6e6574" + "00")
                .s("04005a01bb5db8d822").done();
        SocksInfo r = t.row();
        assertThat(r.version()).isEqualTo(4);
        assertThat(host(r.request())).isEqualTo("0.0.0.1");
        assertThat(str(r.request().name())).isEqualTo("example.net");
        assertThat(r.requestPort()).isEqualTo(443);
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(host(r.bound())).isEqualTo("93.184.216.34");
        assertThat(r.user()).isNull(); // main.zeek does not log the SOCKS4 user id
        assertThat(t.events).first().isInstanceOfSatisfying(SocksEvents.Request.class,
                e -> assertThat(str(e.user())).isEqualTo("alice"));
    }

    @Test
    void socks4StatusesFollowZeeksTable() {
        assertThat(SocksSession.v4Status(0x5b)).isEqualTo("general SOCKS server failure");
        assertThat(SocksSession.v4Status(0x5d)).startsWith("request failed because client's identd");
        assertThat(SocksSession.v4Status(7)).isEqualTo("unknown-7");
        assertThat(SocksSession.v5Status(8)).isEqualTo("Address type not supported");
        assertThat(SocksSession.v5Status(9)).isEqualTo("unknown-9");
    }

    @Test
    void unsupportedMethodsAndAuthVersionsAreWeirds() {
        SocksTestSupport gss = new SocksTestSupport().c("050101").s("0501").c("01010004deadbeef").s("0101000400")
                .c("050100017f0000010050").s("050000017f0000010050").done();
        assertThat(gss.h.weirds()).containsExactly("socks5_unsupported_authentication_method:1",
                "socks5_unsupported_authentication_method:1");
        assertThat(gss.rows).hasSize(1);
        SocksTestSupport v2 = new SocksTestSupport().c("050102").s("0502").c("0203626f6200").s("0200");
        assertThat(v2.h.weirds()).containsExactly("socks5_unsupported_authentication:method 2, version 2",
                "socks5_unsupported_authentication:method 2, version 2");
        assertThat(v2.violations).isEmpty();
    }

    @Test
    void invalidRequestsAreViolationsWithZeeksTexts() {
        assertThat(new SocksTestSupport().c("050100").s("0500").c("050107017f0000010050").reasons())
                .containsExactly("invalid value in reserved field: 7");
        assertThat(new SocksTestSupport().c("050100").s("0500").c("050400017f0000010050").reasons())
                .containsExactly("undefined value in command field: 4");
        assertThat(new SocksTestSupport().c("050100").s("0500").c("05010003").reasons())
                .containsExactly("Binpac exception: binpac exception: out_of_bound: Domain_Name:len: 1 > 0");
        // An unknown address type swallows the rest (binpac's &restofdata), so the port is out of bound.
        assertThat(new SocksTestSupport().c("050100").s("0500").c("0501000201020304").reasons())
                .containsExactly("Binpac exception: binpac exception: out_of_bound: SOCKS5_Request:port: 9 > 7");
        assertThat(new SocksTestSupport().c("06").reasons()).containsExactly("unsupported/unknown SOCKS version 6");
    }

    @Test
    void aViolationAfterConfirmationRemovesTheServiceAndTheRow() {
        // The server answers before the client's request arrives (confirmed), then the request is cut short.
        SocksTestSupport t = new SocksTestSupport().c("050100").s("0500").s("050000017f0000010050");
        assertThat(t.h.services()).containsExactly("socks");
        t.c("0501").done();
        assertThat(t.reasons()).containsExactly(
                "Binpac exception: binpac exception: out_of_bound: SOCKS5_Request:reserved: 2 > 1");
        assertThat(t.violations.getFirst().wasConfirmed()).isTrue();
        assertThat(t.h.services()).isEmpty();
        assertThat(t.rows).isEmpty();
    }

    @Test
    void afterBothSidesTheRestGoesToPayloadDetection() {
        SocksTestSupport t = new SocksTestSupport().c("050100").s("0500").c("050100017f0000010050")
                .s("050000017f0000010050");
        assertThat(t.attached()).isTrue();
        t.h.stream(true, "GET / HTTP/1.1\r\n\r\n");
        assertThat(t.attached()).isFalse(); // handed off: detached without a violation
        assertThat(t.violations).isEmpty();
        assertThat(t.rows).hasSize(1); // the SOCKS part is final: logged as it leaves
        t.done();
        assertThat(t.rows).hasSize(1);
        assertThat(t.h.services()).containsExactly("socks");
    }

    @Test
    void bytesAfterAMessageInTheSameDeliveryAreIgnoredAsZeekDoes() {
        // Greeting and request in one segment: only the greeting is parsed.
        SocksTestSupport t = new SocksTestSupport().c("050100" + "050100017f0000010050").s("0500")
                .s("050000017f0000010050").done();
        assertThat(t.tunnels).isEmpty();
        assertThat(t.rows).singleElement().satisfies(r -> assertThat(r.request()).isNull());
    }
}
