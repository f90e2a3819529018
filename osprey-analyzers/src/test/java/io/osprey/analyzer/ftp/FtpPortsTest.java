package io.osprey.analyzer.ftp;

import io.osprey.common.net.Addr;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PORT, PASV, EPRT and EPSV parsing as Zeek's ftp/functions.bif does it, well-formed and not. */
class FtpPortsTest {
    private static String addr(FtpPorts.Result r) {
        return Addr.toString(r.hi(), r.lo());
    }

    @Test
    void portArgument() {
        FtpPorts.Result r = FtpPorts.port("141,142,220,235,131,46");
        assertThat(r.valid()).isTrue();
        assertThat(addr(r)).isEqualTo("141.142.220.235");
        assertThat(r.port()).isEqualTo(131 * 256 + 46);
        // sscanf skips blanks before numbers and ignores trailing text.
        assertThat(FtpPorts.port("10, 0, 0, 1, 4, 1 trailing").valid()).isTrue();
    }

    @Test
    void badPortArguments() {
        assertThat(FtpPorts.port("1,2,3,4,5").valid()).isFalse();              // too short
        assertThat(FtpPorts.port("10,0,0,1,4").valid()).isFalse();             // five numbers
        assertThat(FtpPorts.port("10,0,0,256,4,1").valid()).isFalse();         // byte out of range
        assertThat(FtpPorts.port("10,0,0,-1,4,1").valid()).isFalse();          // negative
        assertThat(FtpPorts.port("10,0,0,1,99999999999999999999,1").valid()).isFalse(); // overflow
        assertThat(FtpPorts.port("10;0;0;1;4;1").valid()).isFalse();           // wrong separator
        assertThat(FtpPorts.port("a,b,c,d,e,f,g").valid()).isFalse();
        FtpPorts.Result r = FtpPorts.port("");
        assertThat(r.valid()).isFalse();
        assertThat(addr(r)).isEqualTo("0.0.0.0");
        assertThat(r.port()).isZero();
    }

    @Test
    void pasvReplies() {
        FtpPorts.Result r = FtpPorts.pasv("Entering Passive Mode (199,233,217,249,221,90)");
        assertThat(r.valid()).isTrue();
        assertThat(addr(r)).isEqualTo("199.233.217.249");
        assertThat(r.port()).isEqualTo(56666);
        // Without parentheses: after "PORT", or from the digits before the first comma.
        assertThat(FtpPorts.pasv("PORT 10,0,0,1,4,1").port()).isEqualTo(1025);
        assertThat(FtpPorts.pasv("Entering Passive Mode 10,0,0,1,4,2").port()).isEqualTo(1026);
        assertThat(FtpPorts.pasv("Entering Passive Mode").valid()).isFalse();
        assertThat(FtpPorts.pasv("").valid()).isFalse();
        assertThat(FtpPorts.pasv("PORT").valid()).isFalse();
        assertThat(FtpPorts.pasv("(300,1,1,1,1,1)").valid()).isFalse();
        assertThat(FtpPorts.pasv("(1,1,1,1,1)").valid()).isFalse();
    }

    @Test
    void eprtArguments() {
        FtpPorts.Result r = FtpPorts.eprt("|2|2001:db8::1|5282|");
        assertThat(r.valid()).isTrue();
        assertThat(addr(r)).isEqualTo("2001:db8::1");
        assertThat(r.port()).isEqualTo(5282);
        FtpPorts.Result v4 = FtpPorts.eprt("!1!132.235.1.2!6275!");
        assertThat(v4.valid()).isTrue();
        assertThat(addr(v4)).isEqualTo("132.235.1.2");
        assertThat(FtpPorts.eprt("|1|132.235.1.2|70000|").valid()).isFalse(); // port out of range
        assertThat(FtpPorts.eprt("|1|132.235.1.2|-1|").valid()).isFalse();
        assertThat(FtpPorts.eprt("|1|132.235.1.2|12x|").valid()).isFalse();    // no closing delimiter after port
        assertThat(FtpPorts.eprt("|1|not-an-address|6275|").valid()).isFalse();
        assertThat(FtpPorts.eprt("|x|132.235.1.2|6275|").valid()).isFalse();   // protocol not a number
        assertThat(FtpPorts.eprt("").valid()).isFalse();
    }

    @Test
    void epsvReplies() {
        FtpPorts.Result r = FtpPorts.epsv("Entering Extended Passive Mode (|||60931|)");
        assertThat(r.valid()).isTrue();
        assertThat(r.unspecified()).isTrue();
        assertThat(r.port()).isEqualTo(60931);
        assertThat(FtpPorts.epsv("Entering Extended Passive Mode |||60931|").valid()).isFalse(); // no '('
        assertThat(FtpPorts.epsv("Entering Extended Passive Mode (|||99999|)").valid()).isFalse();
        assertThat(FtpPorts.epsv("(|||").valid()).isFalse(); // no port
        // As Zeek: no delimiter after the address leaves the port 0 and the result valid.
        FtpPorts.Result open = FtpPorts.epsv("(|1|1.2.3.4");
        assertThat(open.valid()).isTrue();
        assertThat(open.port()).isZero();
        assertThat(FtpPorts.epsv("(").valid()).isFalse();
    }
}
