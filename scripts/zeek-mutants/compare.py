#!/usr/bin/env python3
"""Compares Osprey's logs with real Zeek's, row by row, over the runs of run.sh.

Usage: compare.py DIR [LOG ...]     (DIR holds zeek/NAME/ and osprey/NAME/; default logs below)

Rows are paired by time and connection tuple (plus a log's own key fields); uids and file ids are not compared
(they differ by design), set-typed columns compare without order (Zeek's set order follows its hashing). Prints,
per log, Zeek's row count, how many match exactly, missing and extra rows, and the fields that differ most with
examples (run name, key, Zeek's value, Osprey's).
"""
import collections
import os
import sys

KEYS = {'conn.log': ['proto'], 'http.log': ['trans_depth'], 'files.log': ['seen_bytes', 'source'],
        'weird.log': ['name'], 'dns.log': ['trans_id', 'query'], 'smtp.log': ['trans_depth'],
        'ftp.log': ['command', 'arg'], 'analyzer.log': ['analyzer_name'], 'notice.log': ['note']}
SKIP = {'uid', 'fuid', 'fuids', 'resp_fuids', 'orig_fuids', 'tunnel_parents', 'conn_uids'}


def read(path):
    rows, fields, types = [], None, None
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            for line in f:
                line = line.rstrip('\n')
                if line.startswith('#fields'):
                    fields = line.split('\t')[1:]
                elif line.startswith('#types'):
                    types = line.split('\t')[1:]
                elif not line.startswith('#') and fields:
                    r = dict(zip(fields, line.split('\t')))
                    for fname, t in zip(fields, types or []):
                        if t.startswith('set[') and r.get(fname) not in (None, '-', '(empty)'):
                            r[fname] = ','.join(sorted(r[fname].split(',')))
                    rows.append(r)
    except FileNotFoundError:
        pass
    return rows


def compare(base, log):
    key = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'] + KEYS.get(log, [])
    diff, ex = collections.Counter(), collections.defaultdict(list)
    total = exact = missing = extra = 0
    for name in sorted(os.listdir(os.path.join(base, 'zeek'))):
        z = read(os.path.join(base, 'zeek', name, log))
        o = read(os.path.join(base, 'osprey', name, log))
        index = collections.defaultdict(list)
        for r in o:
            index[tuple(r.get(k) for k in key)].append(r)
        for r in z:
            total += 1
            k = tuple(r.get(f) for f in key)
            if not index.get(k):
                missing += 1
                ex['<missing>'].append((name, k))
                continue
            q = index[k].pop(0)
            bad = [f for f in r if f not in SKIP and r.get(f) != q.get(f)]
            exact += not bad
            for f in bad:
                diff[f] += 1
                ex[f].append((name, k, r.get(f), q.get(f)))
        for k, left in index.items():
            for _ in left:
                extra += 1
                ex['<extra>'].append((name, k))
    print(f"{log}: zeek rows {total}, exact {exact} ({100 * exact / max(total, 1):.1f}%), "
          f"missing {missing}, extra {extra}")
    for f, c in diff.most_common(8):
        print(f"  {f}: {c}  e.g. {ex[f][:2]}")
    for what in ('<missing>', '<extra>'):
        if ex[what]:
            print(f"  {what[1:-1]} e.g. {ex[what][:3]}")


def main():
    base = sys.argv[1]
    logs = sys.argv[2:] or ['conn.log', 'dns.log', 'http.log', 'files.log', 'weird.log', 'smtp.log', 'ftp.log',
                            'analyzer.log']
    for log in logs:
        compare(base, log)


if __name__ == '__main__':
    main()
