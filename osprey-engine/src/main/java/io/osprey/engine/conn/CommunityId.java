package io.osprey.engine.conn;

import io.osprey.common.net.Addr;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID flow hashing, version 1 (https://github.com/corelight/community-id-spec): {@code "1:" +
 * base64(sha1(seed, addr_a, addr_b, proto, 0, port_a, port_b))} with the endpoints in ascending order. ICMP uses
 * the type as source port and the counterpart type (or the code, for one-way messages, which are not reordered)
 * as destination port, as the spec describes. Computed once per logged connection.
 */
final class CommunityId {
    private CommunityId() {
    }

    static String of(int seed, Connection c) {
        boolean v4 = Addr.isV4(c.origHi, c.origLo) && Addr.isV4(c.respHi, c.respLo);
        boolean swap = !c.oneWay && !ConnTable.canonLess(c.origHi, c.origLo, c.origPort, c.respHi, c.respLo, c.respPort)
                && !(c.origHi == c.respHi && c.origLo == c.respLo && c.origPort == c.respPort);
        long aHi = swap ? c.respHi : c.origHi;
        long aLo = swap ? c.respLo : c.origLo;
        long bHi = swap ? c.origHi : c.respHi;
        long bLo = swap ? c.origLo : c.respLo;
        int aPort = swap ? c.respPort : c.origPort;
        int bPort = swap ? c.origPort : c.respPort;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update((byte) (seed >>> 8));
            md.update((byte) seed);
            putAddr(md, aHi, aLo, v4);
            putAddr(md, bHi, bLo, v4);
            md.update((byte) c.proto);
            md.update((byte) 0);
            boolean ports = c.proto == Connection.TCP || c.proto == Connection.UDP || c.proto == Connection.ICMP
                    || c.proto == Connection.ICMP6 || c.proto == 132;
            if (ports) {
                md.update((byte) (aPort >>> 8));
                md.update((byte) aPort);
                md.update((byte) (bPort >>> 8));
                md.update((byte) bPort);
            }
            return "1:" + Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the JDK", e);
        }
    }

    private static void putAddr(MessageDigest md, long hi, long lo, boolean v4) {
        if (v4) {
            int a = (int) lo;
            md.update(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
            return;
        }
        for (int i = 7; i >= 0; i--) {
            md.update((byte) (hi >>> (8 * i)));
        }
        for (int i = 7; i >= 0; i--) {
            md.update((byte) (lo >>> (8 * i)));
        }
    }
}
