package io.osprey.engine.conn;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow table against a plain list as the model: random inserts, lookups from both directions and removals,
 * through several doublings, with keys drawn from a small space so that many share a bucket; the VLAN ids are part
 * of the key only when the table is keyed by VLAN.
 */
class ConnTableTest {

    private static FlowConnection conn(long a, int aPort, long b, int bPort, int proto, boolean oneWay, int vlan) {
        FlowConnection c = new FlowConnection();
        c.origLo = a;
        c.origPort = (char) aPort;
        c.respLo = b;
        c.respPort = (char) bPort;
        c.proto = (short) proto;
        c.oneWay = oneWay;
        c.vlan = (short) vlan;
        return c;
    }

    private static Connection find(ConnTable t, Connection c, boolean reversed, boolean vlanKeyed) {
        int v = vlanKeyed ? c.vlan : -1;
        int iv = vlanKeyed ? c.innerVlan : -1;
        return reversed
                ? t.find(c.respHi, c.respLo, c.respPort, c.origHi, c.origLo, c.origPort, c.proto, c.oneWay, v, iv)
                : t.find(c.origHi, c.origLo, c.origPort, c.respHi, c.respLo, c.respPort, c.proto, c.oneWay, v, iv);
    }

    @Test
    void randomInsertsLookupsAndRemovalsAgreeWithTheModel() {
        for (boolean vlanKeyed : new boolean[] {false, true}) {
            Random rnd = new Random(42);
            ConnTable t = new ConnTable(vlanKeyed);
            List<Connection> live = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (int step = 0; step < 60_000; step++) {
                if (live.isEmpty() || rnd.nextInt(3) != 0) {
                    long a = rnd.nextInt(64);
                    long b = rnd.nextInt(64);
                    int ap = rnd.nextInt(8);
                    int bp = rnd.nextInt(8);
                    int proto = rnd.nextBoolean() ? 6 : 17;
                    int vlan = rnd.nextInt(3) - 1;
                    String k = ConnTable.canonLess(0, a, ap, 0, b, bp) ? a + ":" + ap + "-" + b + ":" + bp
                            : b + ":" + bp + "-" + a + ":" + ap;
                    k += "/" + proto + (vlanKeyed ? "/" + vlan : "");
                    Connection c = conn(a, ap, b, bp, proto, false, vlan);
                    if (keys.add(k)) {
                        assertThat(find(t, c, false, vlanKeyed)).isNull();
                        t.insert(c);
                        live.add(c);
                    } else {
                        Connection found = find(t, c, rnd.nextBoolean(), vlanKeyed);
                        assertThat(found).isNotNull();
                        assertThat(live).contains(found);
                    }
                } else {
                    Connection c = live.remove(rnd.nextInt(live.size()));
                    t.remove(c);
                    String k = ConnTable.canonLess(0, c.origLo, c.origPort, 0, c.respLo, c.respPort)
                            ? c.origLo + ":" + (int) c.origPort + "-" + c.respLo + ":" + (int) c.respPort
                            : c.respLo + ":" + (int) c.respPort + "-" + c.origLo + ":" + (int) c.origPort;
                    keys.remove(k + "/" + c.proto + (vlanKeyed ? "/" + c.vlan : ""));
                    assertThat(find(t, c, false, vlanKeyed)).isNull();
                }
                if (step % 5_000 == 0) {
                    assertThat(t.size()).isEqualTo(live.size());
                    for (Connection c : live) {
                        assertThat(find(t, c, false, vlanKeyed)).isSameAs(c);
                        assertThat(find(t, c, true, vlanKeyed)).isSameAs(c);
                    }
                    IdentityHashMap<Connection, Boolean> seen = new IdentityHashMap<>();
                    t.forEach(c -> seen.put(c, Boolean.TRUE));
                    assertThat(seen).hasSize(live.size());
                }
            }
        }
    }

    @Test
    void oneWayKeysMatchOnlyAsSentAndTwoWayKeysBothWays() {
        ConnTable t = new ConnTable(false);
        Connection oneWay = conn(1, 3, 2, 0, 1, true, -1);
        Connection twoWay = conn(5, 1000, 6, 80, 6, false, -1);
        t.insert(oneWay);
        t.insert(twoWay);
        assertThat(find(t, oneWay, false, false)).isSameAs(oneWay);
        assertThat(find(t, oneWay, true, false)).isNull();
        assertThat(find(t, twoWay, false, false)).isSameAs(twoWay);
        assertThat(find(t, twoWay, true, false)).isSameAs(twoWay);
        assertThat(t.find(0, 5, 1000, 0, 6, 80, 17, false, -1, -1)).as("other protocol").isNull();
    }

    @Test
    void manyConnectionsGrowTheTableAndAllRemainFindable() {
        ConnTable t = new ConnTable(false);
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Connection c = conn(i, 1024 + (i % 7), 1_000_000, 80, 6, false, -1);
            t.insert(c);
            all.add(c);
        }
        assertThat(t.size()).isEqualTo(20_000);
        for (int i = 0; i < all.size(); i += 2) {
            t.remove(all.get(i));
        }
        assertThat(t.size()).isEqualTo(10_000);
        for (int i = 0; i < all.size(); i++) {
            Connection c = all.get(i);
            assertThat(find(t, c, i % 4 == 1, false)).isSameAs(i % 2 == 0 ? null : c);
        }
    }
}
