package io.osprey.analyzer.ssh;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** SSH recognition: confirmed at the first NEWKEYS, in any split of the stream; not before; DPD probe. */
class SshAnalyzerTest {
    /** An SSH-2 binary packet with the given message code and payload length (RFC 4253 §6). */
    private static byte[] packet(int code, int payload) {
        int padding = 4;
        int len = 1 + 1 + payload + padding;
        byte[] p = new byte[4 + len];
        p[0] = (byte) (len >>> 24);
        p[1] = (byte) (len >>> 16);
        p[2] = (byte) (len >>> 8);
        p[3] = (byte) len;
        p[4] = (byte) padding;
        p[5] = (byte) code;
        return p;
    }

    private static byte[] clientStream() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII));
        s.writeBytes(packet(20, 300)); // KEXINIT
        s.writeBytes(packet(30, 40)); // KEX_ECDH_INIT
        s.writeBytes(packet(21, 0)); // NEWKEYS
        s.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}); // encrypted from here
        return s.toByteArray();
    }

    @Test
    void confirmsAtNewKeysInEverySplitSize() {
        byte[] all = clientStream();
        for (int size = 1; size <= all.length; size++) {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
            h.stream(false, "SSH-2.0-OpenSSH_9.2\r\n");
            for (int o = 0; o < all.length; o += size) {
                h.stream(true, Arrays.copyOfRange(all, o, Math.min(all.length, o + size)));
                if (o + size < all.length - 9 - 10) {
                    assertThat(h.services()).as("size %d at %d", size, o).isEmpty();
                }
            }
            assertThat(h.services()).as("size %d", size).containsExactly("ssh");
        }
    }

    @Test
    void notConfirmedWithoutNewKeys() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
        h.stream(true, "SSH-2.0-client\r\n").stream(false, "SSH-2.0-server\r\n");
        h.stream(true, packet(20, 100));
        h.done();
        assertThat(h.services()).isEmpty();
    }

    @Test
    void oneSidedKeyExchangeIsNotConfirmed() {
        // Zeek cannot parse key-exchange packets before it knows both versions (half-duplex captures).
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
        h.stream(true, clientStream());
        assertThat(h.services()).isEmpty();
        assertThat(h.analyzer("SSH")).isNull();
    }

    @Test
    void sshOneConfirmsAtTheSessionKey() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
        h.stream(false, "SSH-1.99-OpenSSH_6.6\n").stream(true, "SSH-1.5-OpenSSH_6.2\n");
        // SSH-1 packet: length 13 (type + 8 data + crc), 8 - 13 % 8 = 3 padding bytes, then the type.
        byte[] publicKey = new byte[4 + 3 + 13];
        publicKey[3] = 13;
        publicKey[7] = 2;
        h.stream(false, publicKey);
        assertThat(h.services()).isEmpty();
        byte[] sessionKey = publicKey.clone();
        sessionKey[7] = 3;
        h.stream(true, sessionKey);
        assertThat(h.services()).containsExactly("ssh");
    }

    @Test
    void serverBannerLinesBeforeTheVersionAreAllowed() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
        h.stream(false, "Welcome to host\r\nSSH-2.0-srv\r\n").stream(true, clientStream());
        assertThat(h.services()).containsExactly("ssh");
    }

    @Test
    void garbageIsNotConfirmed() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
        h.stream(true, "GET / HTTP/1.1\r\n\r\n\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff");
        assertThat(h.services()).isEmpty();
        assertThat(h.weirds()).isEmpty();
    }

    @Test
    void aPartialConnectionIsIgnored() {
        // Zeek's SSH_Analyzer::DeliverStream returns at once when the TCP connection is partial (its SYN or SYN/ACK
        // was not seen): no confirmation even with a whole key exchange.
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC).partial(true);
        h.stream(false, "SSH-2.0-srv\r\n").stream(true, clientStream());
        assertThat(h.services()).isEmpty();
        assertThat(h.weirds()).isEmpty();
    }

    @Test
    void anOverlongPacketIsCappedWithZeeksLimitWeird() {
        // SSH::max_packet_length (8 MiB): the length is capped, LimitReachedWeird ('X' in the history), parsing
        // goes on after the capped packet.
        byte[] huge = {(byte) 0xCE, (byte) 0xDF, 0x11, 0x0C, 4, 20};
        byte[] rest = new byte[8 * 1024 * 1024 - 2];
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 22, SshAnalyzer.SPEC);
        h.stream(false, "SSH-2.0-srv\r\n").stream(true, "SSH-2.0-cli\r\n");
        h.stream(true, huge).stream(true, rest).stream(true, packet(21, 0));
        assertThat(h.weirds()).containsExactly("SSH_max_packet_length_exceeded:3470725388 > 8388608");
        assertThat(h.limitsReached()).isEqualTo(1);
        assertThat(h.services()).containsExactly("ssh");
    }

    @Test
    void probeMatchesZeeksSignature() {
        assertThat(SshAnalyzer.versionPrefix("SSH-2.0-x".getBytes(), 9)).isEqualTo(Probe.MATCH);
        assertThat(SshAnalyzer.versionPrefix("ssh-1.99".getBytes(), 8)).isEqualTo(Probe.MATCH);
        assertThat(SshAnalyzer.versionPrefix("SSH".getBytes(), 3)).isEqualTo(Probe.MORE);
        assertThat(SshAnalyzer.versionPrefix("SSH-3.0".getBytes(), 7)).isEqualTo(Probe.NO_MATCH);
        assertThat(SshAnalyzer.versionPrefix("HTTP/1.1".getBytes(), 8)).isEqualTo(Probe.NO_MATCH);
    }
}
