package io.osprey.engine.conn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ConnSize counters keep their low 32 bits in the connection and the bits above in {@link Connection.Extras}:
 * counts past 2^32 - 1 packets or bytes must come out as the 64-bit sums Zeek logs, also after a role flip.
 */
class ConnSizeCountersTest {

    @Test
    void countersCarryPast32BitsIntoExtras() {
        FlowConnection c = new FlowConnection();
        c.origPkts = -1;                 // 2^32 - 1 packets so far
        c.origIpBytes = -100;            // 2^32 - 100 bytes so far
        c.respPkts = Integer.MAX_VALUE;  // 2^31 - 1: unsigned, no carry yet
        assertThat(c.extrasOrNull()).isNull();
        assertThat(c.origPkts()).isEqualTo(0xFFFF_FFFFL);
        assertThat(c.respPkts()).isEqualTo(0x7FFF_FFFFL);

        c.count(true, 1500);
        assertThat(c.origPkts()).isEqualTo(1L << 32);
        assertThat(c.origIpBytes()).isEqualTo((1L << 32) - 100 + 1500);
        c.count(false, 40);
        assertThat(c.respPkts()).isEqualTo(0x8000_0000L);
        assertThat(c.respIpBytes()).isEqualTo(40);

        for (int i = 0; i < 3; i++) {
            c.count(true, 65_535);
        }
        assertThat(c.origPkts()).isEqualTo((1L << 32) + 3);
        assertThat(c.origIpBytes()).isEqualTo((1L << 32) - 100 + 1500 + 3 * 65_535L);

        c.flipRoles();
        assertThat(c.respPkts()).isEqualTo((1L << 32) + 3);
        assertThat(c.respIpBytes()).isEqualTo((1L << 32) - 100 + 1500 + 3 * 65_535L);
        assertThat(c.origPkts()).isEqualTo(0x8000_0000L);
        assertThat(c.origIpBytes()).isEqualTo(40);
    }

    @Test
    void smallCountsNeedNoExtras() {
        FlowConnection c = new FlowConnection();
        for (int i = 0; i < 1000; i++) {
            c.count(i % 2 == 0, 60);
        }
        assertThat(c.origPkts()).isEqualTo(500);
        assertThat(c.respIpBytes()).isEqualTo(500 * 60);
        assertThat(c.extrasOrNull()).isNull();
    }
}
