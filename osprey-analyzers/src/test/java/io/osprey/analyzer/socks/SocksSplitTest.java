package io.osprey.analyzer.socks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every split size of every message of whole SOCKS conversations. Zeek's SOCKS parser is a binpac datagram: each
 * delivery is one message, so the contract differs from a stream parser's: a conversation delivered message by
 * message (in any packet grouping that keeps messages whole) gives the same logs, while a message split at any
 * point inside its fixed part is a violation (binpac's out_of_bound, never an exception) that detaches the analyzer
 * without a socks.log row (except in the sub-negotiation of a method Zeek does not parse, where every piece is a
 * weird); a SOCKS4 request split inside its NUL-ended user id is taken as a request with a shorter
 * id, and its remainder is then a bad version.
 */
class SocksSplitTest {
    /** One delivery of a conversation. */
    record Segment(boolean orig, byte[] data) {
    }

    private static Segment c(String hex) {
        return new Segment(true, SocksTestSupport.hex(hex));
    }

    private static Segment s(String hex) {
        return new Segment(false, SocksTestSupport.hex(hex));
    }

    /** Whole conversations, one message per segment (also the fuzz test's seeds). */
    static List<List<Segment>> conversations() {
        return List.of(
                List.of(c("050100"), s("0500"), c("05010003 0f 7777772e6578616d706c652e636f6d 0050"),
                        s("050000010a0909099c41")),
                List.of(c("0503000302"), s("0502"), c("0103626f6205616c696365"), s("0100"), c("05010001c0a800020016"),
                        s("05000001c0a80001da8f")),
                List.of(c("050100"), s("0500"), c("05010004 20010db8000000000000000000000001 01bb"),
                        s("05000004 fe800000000000000000000000000002 c350")),
                List.of(c("050101"), s("0501"), c("01010004deadbeef"), s("0101000400"), c("050100017f0000010050"),
                        s("050000017f0000010050")),
                List.of(c("040101bb00000001 616c69636500 6578616d706c652e6e657400"), s("04005a01bb5db8d822")),
                List.of(c("04010050c0a8010100"), s("04005a0050c0a80101")));
    }

    /** The GSSAPI conversation and its client's token (sub-negotiation of a method Zeek does not parse). */
    private static final int GSSAPI = 3;
    private static final int GSSAPI_TOKEN = 2;
    // (its reply, the next message, ends the sub-negotiation whatever its bytes: a split leaves a second piece)

    private static SocksTestSupport run(List<Segment> conv) {
        SocksTestSupport t = new SocksTestSupport();
        for (Segment g : conv) {
            t.h.stream(g.orig(), g.data());
        }
        return t.done();
    }

    @Test
    void wholeMessagesGiveOneRowEach() {
        for (List<Segment> conv : conversations()) {
            SocksTestSupport t = run(conv);
            assertThat(t.violations).isEmpty();
            assertThat(t.rows).hasSize(1);
            assertThat(t.tunnels).hasSize(1);
        }
    }

    @Test
    void everySplitOfEveryMessageIsAViolationOrAShorterUserId() {
        List<List<Segment>> convs = conversations();
        for (int ci = 0; ci < convs.size(); ci++) {
            List<Segment> conv = convs.get(ci);
            for (int m = 0; m < conv.size(); m++) {
                byte[] msg = conv.get(m).data();
                for (int size = 1; size < msg.length; size++) {
                    List<Segment> split = new ArrayList<>(conv.subList(0, m));
                    for (int off = 0; off < msg.length; off += size) {
                        split.add(new Segment(conv.get(m).orig(),
                                Arrays.copyOfRange(msg, off, Math.min(msg.length, off + size))));
                    }
                    split.addAll(conv.subList(m + 1, conv.size()));
                    SocksTestSupport t = run(split);
                    String what = "conversation " + ci + ", message " + m + ", pieces of " + size;
                    assertThat(t.h.weirds()).as(what).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    if (ci == GSSAPI && m == GSSAPI_TOKEN) {
                        // An unsupported method's messages are not parsed: each piece is one more weird.
                        assertThat(t.violations).as(what).isEmpty();
                        assertThat(t.h.weirds()).as(what).hasSize(1 + (msg.length + size - 1) / size);
                        assertThat(t.rows).as(what).hasSize(1);
                        continue;
                    }
                    assertThat(t.violations).as(what).hasSize(1);
                    String reason = t.violations.getFirst().reason();
                    boolean v4UserId = msg[0] == 4 && conv.get(m).orig() && size >= 8;
                    // The server's first piece ends the sub-negotiation (a weird); the next is a bad version.
                    boolean subNegotiationReply = ci == GSSAPI && m == GSSAPI_TOKEN + 1;
                    if (subNegotiationReply) {
                        assertThat(reason).as(what).containsAnyOf("unsupported/unknown SOCKS version", "out_of_bound");
                        assertThat(t.tunnels).as(what).isEmpty();
                    } else if (v4UserId) {
                        assertThat(reason).as(what).startsWith("unsupported/unknown SOCKS version");
                        assertThat(t.tunnels).as(what).hasSize(1);
                    } else {
                        assertThat(reason).as(what)
                                .startsWith("Binpac exception: binpac exception: out_of_bound: ");
                    }
                    assertThat(t.rows).as(what).isEmpty();
                }
            }
        }
    }
}
