package io.osprey.packet.ip;

import static io.osprey.packet.ip.FragTestPackets.L2;
import static io.osprey.packet.ip.FragTestPackets.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.packet.Packet;
import io.osprey.packet.ip.FragTestPackets.CountingWeirds;
import io.osprey.packet.ip.FragTestPackets.Frag;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Steady state allocates nothing: 100k fragments after warm-up, measured with the thread's allocation counter. */
class FragAllocationTest {
    private static final int IDS = 64;

    @Test
    void noAllocationPerFragmentInSteadyState() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
        mx.setThreadAllocatedMemoryEnabled(true);

        CountingWeirds weirds = new CountingWeirds();
        FragmentReassembler r = new FragmentReassembler(weirds);
        byte[] data = payload(3000, 1);
        // per id: v4 first, v4 duplicate of first, v4 last, v6 first, v6 last (out of order: last first)
        int per = 5;
        Frag[] frags = new Frag[IDS * per];
        for (int id = 0; id < IDS; id++) {
            frags[id * per] = FragTestPackets.v4(id, 0, true, data, 0, 1480);
            frags[id * per + 1] = FragTestPackets.v4(id, 0, true, data, 0, 1480);
            frags[id * per + 2] = FragTestPackets.v4(id, 1480, false, data, 1480, 1520);
            frags[id * per + 3] = FragTestPackets.v6(id, 17, 1232, false, true, data, 1232, 1768);
            frags[id * per + 4] = FragTestPackets.v6(id, 17, 0, true, true, data, 0, 1232);
        }
        MemorySegment[] segs = new MemorySegment[frags.length];
        Packet[] templates = new Packet[frags.length];
        for (int i = 0; i < frags.length; i++) {
            templates[i] = new Packet();
            FragTestPackets.load(templates[i], frags[i], 0);
            segs[i] = templates[i].seg;
        }
        Packet p = new Packet();

        long[] completed = new long[1];
        Runnable round = () -> {
            for (int i = 0; i < frags.length; i++) {
                Packet t = templates[i];
                Frag f = frags[i];
                p.reset(segs[i], 0, t.caplen, t.caplen, 5_000_000_000L, 1);
                p.l3Offset = L2;
                p.ipVersion = t.ipVersion;
                p.ipHeaderLen = t.ipHeaderLen;
                p.ipTotalLen = t.ipTotalLen;
                p.ipCapLen = t.ipCapLen;
                p.srcHi = t.srcHi;
                p.srcLo = t.srcLo;
                p.dstHi = t.dstHi;
                p.dstLo = t.dstLo;
                boolean done = f.version() == 4 ? r.reassembleV4(p) : r.reassembleV6(p, f.fragHdr(), f.prevNh());
                if (done) {
                    completed[0]++;
                }
            }
        };
        int rounds = 100_000 / frags.length + 1;
        for (int i = 0; i < rounds; i++) {
            round.run(); // warm-up (pools are created here)
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            round.run();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;

        assertThat(completed[0]).isEqualTo(2L * rounds * 2 * IDS);
        assertThat(weirds.flow).as("one fragment_overlap per duplicate").isEqualTo(2L * rounds * IDS);
        assertThat(r.size()).isZero();
        assertThat(allocated).as("bytes allocated for %d fragments", rounds * frags.length).isLessThan(64 * 1024);
    }
}
