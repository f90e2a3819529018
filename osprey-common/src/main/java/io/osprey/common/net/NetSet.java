package io.osprey.common.net;

import java.util.Arrays;

/**
 * A set of CIDR networks over {@link Addr}'s two-long addresses (IPv4 networks in their IPv4-mapped form): Zeek's
 * {@code set[subnet]} for {@code Site::local_nets}, {@code ignore_checksums_nets} and the like. Networks are kept
 * flat in one {@code long[]} (hi, lo, prefix length over 128 bits), so {@link #contains} allocates nothing and may
 * run per packet. Built at start-up, read-only afterwards.
 */
public final class NetSet {
    private long[] nets = new long[0];

    /** An empty set. */
    public static NetSet empty() {
        return new NetSet();
    }

    /** A set of the given CIDR networks. @throws IllegalArgumentException for a malformed one */
    public static NetSet of(Iterable<String> cidrs) {
        NetSet s = new NetSet();
        for (String c : cidrs) {
            s.add(c);
        }
        return s;
    }

    /** Zeek's {@code Site::private_address_space} (what local_nets holds when private_address_space_is_local=T). */
    public static NetSet zeekPrivateSpace() {
        return of(Arrays.asList("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
                "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16",
                "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/24", "239.0.0.0/8", "240.0.0.0/4",
                "255.255.255.255/32", "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:2::/48",
                "2001:db8::/32", "2002::/24", "2002:a00::/24", "2002:7f00::/24", "2002:a9fe::/32", "2002:ac10::/28",
                "2002:c000::/40", "2002:c000:200::/40", "2002:c0a8::/32", "2002:c612::/31", "2002:c633:6400::/40",
                "2002:cb00:7100::/40", "2002:e000::/40", "2002:ef00::/24", "2002:f000::/20", "2002:6440::/26",
                "2002:ffff:ffff::/48", "fc00::/7", "fe80::/10", "fec0::/10"));
    }

    /** Adds a network in CIDR notation (a bare address is a /32 or /128). @throws IllegalArgumentException */
    public void add(String cidr) {
        String t = cidr.trim();
        int slash = t.indexOf('/');
        String a = slash < 0 ? t : t.substring(0, slash);
        long[] hl = new long[2];
        if (!Addr.parse(a, hl)) {
            throw new IllegalArgumentException("not a network: '" + cidr + "' (want e.g. 10.0.0.0/8 or 2001:db8::/32)");
        }
        boolean v4 = a.indexOf(':') < 0;
        int len;
        try {
            len = slash < 0 ? (v4 ? 32 : 128) : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        }
        if (len < 0 || len > (v4 ? 32 : 128)) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        }
        int n = nets.length;
        nets = Arrays.copyOf(nets, n + 3);
        nets[n] = hl[0];
        nets[n + 1] = hl[1];
        nets[n + 2] = v4 ? 96 + len : len;
    }

    public boolean isEmpty() {
        return nets.length == 0;
    }

    /** True when (hi, lo) lies in one of the networks. */
    public boolean contains(long hi, long lo) {
        long[] n = nets;
        for (int i = 0; i < n.length; i += 3) {
            int len = (int) n[i + 2];
            long mhi = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
            long mlo = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
            if (((hi ^ n[i]) & mhi) == 0 && ((lo ^ n[i + 1]) & mlo) == 0) {
                return true;
            }
        }
        return false;
    }
}
