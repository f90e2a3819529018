package io.osprey.analyzer.dhcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The transaction table against a LinkedHashMap under random adds and removes (lookups, order, growth). */
class XidTableTest {
    @Test
    void behavesLikeAnInsertionOrderedMap() {
        SplittableRandom r = new SplittableRandom(7);
        XidTable t = new XidTable();
        LinkedHashMap<Integer, DhcpInfo> ref = new LinkedHashMap<>();
        for (int i = 0; i < 50_000; i++) {
            // Few distinct ids, so that probe runs collide and removals shift entries back.
            int xid = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(300) * 1024;
            DhcpInfo e = t.get(xid);
            assertThat(e).isSameAs(ref.get(xid));
            if (e == null) {
                e = new DhcpInfo(xid, 0, "C");
                t.add(e);
                ref.put(xid, e);
            } else if (r.nextBoolean()) {
                t.remove(e);
                ref.remove(xid);
            }
            if (r.nextInt(50) == 0 && t.oldest() != null) {
                DhcpInfo old = t.oldest();
                assertThat(old).isSameAs(ref.values().iterator().next());
                t.remove(old);
                ref.remove(old.xid);
            }
            assertThat(t.size()).isEqualTo(ref.size());
        }
        List<DhcpInfo> order = new ArrayList<>();
        for (DhcpInfo e = t.oldest(); e != null; e = XidTable.next(e)) {
            order.add(e);
        }
        assertThat(order).containsExactlyElementsOf(ref.values());
    }
}
