#!/usr/bin/env python3
"""Fills the Zeek column of osprey-files' per-signature MIME golden file with real Zeek's identify_data.

Usage: scripts/zeek-identify.py [GOLDEN_TSV]
GOLDEN_TSV lines are: signature name<TAB>example bytes in hex<TAB>MIME type Zeek reports ("-" for none).
The examples are each signature's shortest match (ZeekPattern.shortestExample); regenerate the first two columns
with ./mvnw -q test -pl osprey-files -am -Dtest=MimeSignatureExamplesTest -Dosprey.golden.update=true
-Dsurefire.failIfNoSpecifiedTests=false, then run this script (it needs /work/shared/tools/zeek-run or $ZEEK_RUN).
"""
import os
import subprocess
import sys
import tempfile

GOLDEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), '..', 'osprey-files', 'src', 'test', 'resources', 'io', 'osprey', 'files', 'mime',
    'zeek-signature-examples.tsv')
ZEEK = os.environ.get('ZEEK_RUN', '/work/shared/tools/zeek-run')


def main():
    header, rows = [], []
    with open(GOLDEN) as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#'):
                header.append(line)
            elif line:
                rows.append(line.split('\t')[:2])
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, 'identify.zeek')
        with open(script, 'w') as o:
            o.write('event zeek_init() {\n')
            for _, h in rows:
                o.write('print identify_data(hexstr_to_bytestring("%s"), T);\n' % h)
            o.write('}\n')
        out = subprocess.run([ZEEK, '-b', script], cwd=tmp, capture_output=True, check=True).stdout.decode()
    types = out.strip('\n').split('\n')
    assert len(types) == len(rows)
    with open(GOLDEN, 'w') as o:
        o.write('\n'.join(header) + '\n')
        for (n, h), t in zip(rows, types):
            o.write('%s\t%s\t%s\n' % (n, h, '-' if t == '<unknown>' else t))


if __name__ == '__main__':
    main()
