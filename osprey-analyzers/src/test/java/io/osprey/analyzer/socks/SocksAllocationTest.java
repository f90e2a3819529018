package io.osprey.analyzer.socks;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static io.osprey.analyzer.socks.SocksTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser allocates nothing per message: every message type parsed over and over into the same buffers. (The
 * analyzer allocates only what it publishes, once per request or reply.) An allocation check (the thread's allocated
 * bytes), not a timing test.
 */
class SocksAllocationTest {
    private static final int ROUNDS = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void parsingAllocatesNothing() {
        MemorySegment v4 = MemorySegment.ofArray(hex("040101bb00000001616c696365006578616d706c652e6e657400"));
        MemorySegment v4reply = MemorySegment.ofArray(hex("04005a01bb5db8d822"));
        MemorySegment greeting = MemorySegment.ofArray(hex("0503000302"));
        MemorySegment select = MemorySegment.ofArray(hex("0502"));
        MemorySegment login = MemorySegment.ofArray(hex("0103626f6205616c696365"));
        MemorySegment loginReply = MemorySegment.ofArray(hex("0100"));
        MemorySegment request = MemorySegment.ofArray(hex("050100030f7777772e6578616d706c652e636f6d0050"));
        MemorySegment reply = MemorySegment.ofArray(hex("05000004fe800000000000000000000000000002c350"));
        long before = 0;
        int parsed = 0;
        for (int round = 0; round < 2 * ROUNDS; round++) {
            if (round == ROUNDS) {
                before = allocated();
            }
            SocksParser p = round >= ROUNDS ? reused : new SocksParser();
            if (round >= ROUNDS) {
                p.inAuthSubNegotiation = false;
                p.pastAuthentication = false;
                p.authMethod = 255;
            }
            parsed += p.parse(true, v4, 0, (int) v4.byteSize());
            parsed += p.parse(false, v4reply, 0, (int) v4reply.byteSize());
            parsed += p.parse(true, greeting, 0, (int) greeting.byteSize());
            parsed += p.parse(false, select, 0, (int) select.byteSize());
            parsed += p.parse(true, login, 0, (int) login.byteSize());
            parsed += p.parse(false, loginReply, 0, (int) loginReply.byteSize());
            parsed += p.parse(true, request, 0, (int) request.byteSize());
            parsed += p.parse(false, reply, 0, (int) reply.byteSize());
        }
        long used = allocated() - before;
        assertThat(parsed).isEqualTo(2 * ROUNDS * (SocksParser.V4_REQUEST + SocksParser.V4_REPLY
                + SocksParser.LOGIN_REQUEST + SocksParser.LOGIN_REPLY + SocksParser.V5_REQUEST
                + SocksParser.V5_REPLY));
        assertThat(used).as("bytes allocated for %d rounds of 8 messages", ROUNDS).isLessThan(16 * 1024);
    }

    private final SocksParser reused = new SocksParser();
}
