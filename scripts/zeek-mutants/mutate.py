#!/usr/bin/env python3
"""Writes a damaged copy of a classic pcap (little-endian, microsecond) for differential runs against real Zeek.

Usage: mutate.py IN.pcap OUT.pcap SEED

The seed picks the damage, repeatably; SEED % 5 chooses the kind:
  0 drop 3% of the packets               (content gaps, missing handshakes)
  1 duplicate 3% of the packets          (retransmissions)
  2 overwrite 1-4 bytes past the first 54 in 3% of the packets (corrupt headers and payloads; run both tools with -C)
  3 cut 3% of the packets short, keeping the original length (snap-length truncation)
  4 all of the above at lower rates, and 1% of neighbouring packets swapped (reordering)
"""
import random
import struct
import sys


def read(path):
    data = open(path, 'rb').read()
    if data[:4] != b'\xd4\xc3\xb2\xa1':
        sys.exit(f"mutate.py: {path}: only little-endian microsecond pcap is supported (convert with editcap -F pcap)")
    recs, off = [], 24
    while off + 16 <= len(data):
        ts, us, caplen, origlen = struct.unpack('<IIII', data[off:off + 16])
        recs.append([ts, us, origlen, data[off + 16:off + 16 + caplen]])
        off += 16 + caplen
    return data[:24], recs


def write(path, header, recs):
    with open(path, 'wb') as f:
        f.write(header)
        for ts, us, origlen, b in recs:
            f.write(struct.pack('<IIII', ts, us, len(b), max(origlen, len(b))))
            f.write(b)


def main():
    src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rnd = random.Random(seed)
    mode = seed % 5
    p_drop = [0.03, 0, 0, 0, 0.01][mode]
    p_dup = [0, 0.03, 0, 0, 0.01][mode]
    p_corrupt = [0, 0, 0.03, 0, 0.01][mode]
    p_cut = [0, 0, 0, 0.03, 0.005][mode]
    header, recs = read(src)
    out = []
    for ts, us, origlen, b in recs:
        if rnd.random() < p_drop:
            continue
        b = bytearray(b)
        if rnd.random() < p_corrupt and len(b) > 60:
            for _ in range(rnd.randint(1, 4)):
                b[rnd.randrange(54, len(b))] = rnd.randrange(256)
        if rnd.random() < p_cut and len(b) > 60:
            b = b[:rnd.randrange(34, len(b))]
        rec = [ts, us, origlen, bytes(b)]
        out.append(rec)
        if rnd.random() < p_dup:
            out.append(list(rec))
    if mode == 4:
        for _ in range(len(out) // 100):
            i = rnd.randrange(len(out) - 1)
            out[i], out[i + 1] = out[i + 1], out[i]
    write(dst, header, out)


if __name__ == '__main__':
    main()
