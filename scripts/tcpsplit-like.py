#!/usr/bin/env python3
"""tcpsplit-like.py - the peer of `osprey trace split` in scripts/bench-trace.sh.

Usage: tcpsplit-like.py IN.pcap OUT-PATTERN N     (OUT-PATTERN contains %d)

Splits a classic pcap into N files by a symmetric 5-tuple hash (both directions of a flow in one file), as
tcpsplit -d does; packets without IPv4/IPv6 go to file 0. Decodes Ethernet, 802.1Q/802.1ad tags, IPv4 and IPv6
(no extension headers), TCP/UDP ports; fragments hash with ports 0. Standard library only (no dpkt/scapy), so it
runs anywhere; it is a baseline for the benchmark, not a tool. The bucket is crc32 of the ordered endpoint pair
plus protocol, so it does not pick the same files as Osprey's hash; the benchmark compares packet counts.
"""
import struct
import sys
import zlib


def main():
    src, pattern, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(src, 'rb') as f:
        head = f.read(24)
        magic = struct.unpack('<I', head[:4])[0]
        if magic in (0xa1b2c3d4, 0xa1b23c4d):
            rec = struct.Struct('<IIII')
        elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
            rec = struct.Struct('>IIII')
        else:
            sys.exit('tcpsplit-like.py: %s: not a classic pcap file' % src)
        outs = [open(pattern % i, 'wb', buffering=1 << 20) for i in range(n)]
        for o in outs:
            o.write(head)
        read = f.read
        unpack = rec.unpack
        u16 = struct.Struct('!H').unpack_from
        while True:
            h = read(16)
            if len(h) < 16:
                break
            caplen = unpack(h)[2]
            data = read(caplen)
            b = 0
            if caplen >= 14:
                t = u16(data, 12)[0]
                p = 14
                while t in (0x8100, 0x88a8) and p + 4 <= caplen:
                    t = u16(data, p + 2)[0]
                    p += 4
                key = None
                if t == 0x0800 and p + 20 <= caplen:
                    ihl = (data[p] & 15) * 4
                    proto = data[p + 9]
                    a, z = data[p + 12:p + 16], data[p + 16:p + 20]
                    frag = u16(data, p + 6)[0] & 0x3fff
                    q = p + ihl
                    if frag == 0 and proto in (6, 17) and q + 4 <= caplen:
                        sp, dp = data[q:q + 2], data[q + 2:q + 4]
                    else:
                        sp = dp = b'\0\0'
                    key = (proto, a + sp, z + dp)
                elif t == 0x86dd and p + 40 <= caplen:
                    proto = data[p + 6]
                    a, z = data[p + 8:p + 24], data[p + 24:p + 40]
                    q = p + 40
                    if proto in (6, 17) and q + 4 <= caplen:
                        sp, dp = data[q:q + 2], data[q + 2:q + 4]
                    else:
                        sp = dp = b'\0\0'
                    key = (proto, a + sp, z + dp)
                if key is not None:
                    lo, hi = (key[1], key[2]) if key[1] <= key[2] else (key[2], key[1])
                    b = zlib.crc32(bytes((key[0],)) + lo + hi) % n
            o = outs[b]
            o.write(h)
            o.write(data)
        for o in outs:
            o.close()


if __name__ == '__main__':
    main()
