#!/usr/bin/env python3
"""Converts Zeek's file magic signatures into osprey-files' zeek-magic.tsv (one signature per line).

Usage: scripts/zeek-magic-to-tsv.py ZEEK_GIT_DIR [REV] > osprey-files/src/main/resources/io/osprey/files/mime/zeek-magic.tsv
ZEEK_GIT_DIR is a clone of github.com/zeek/zeek (bare or not); REV defaults to HEAD.
"""
import re
import subprocess
import sys

GROUPS = ['archive', 'audio', 'executable', 'font', 'general', 'image', 'java', 'office', 'programming', 'python',
          'video', 'libmagic']


def main():
    repo = sys.argv[1]
    rev = sys.argv[2] if len(sys.argv) > 2 else 'HEAD'
    out = sys.stdout
    out.write('# File magic signatures of Zeek 9.1 (scripts/base/frameworks/files/magic/*.sig, BSD-licensed,\n')
    out.write('# Copyright (c) The Regents of the University of California / International Computer Science Institute),\n')
    out.write('# converted to one signature per line for MagicSignatures: group, name, strength, MIME type, pattern.\n')
    out.write('# Patterns are Zeek regular expressions, anchored at the first byte of the file. Regenerate with\n')
    out.write('# scripts/zeek-magic-to-tsv.py.\n')
    for g in GROUPS:
        txt = subprocess.run(['git', '-C', repo, 'show', '%s:scripts/base/frameworks/files/magic/%s.sig' % (rev, g)],
                             capture_output=True, check=True).stdout.decode('latin-1')
        for m in re.finditer(r'^signature\s+(\S+)\s*\{(.*?)^\}', txt, re.S | re.M):
            name, body = m.group(1), m.group(2)
            mime = re.search(r'^\s*file-mime\s+"([^"]*)"\s*(?:,\s*(-?\d+))?\s*$', body, re.M)
            magic = re.search(r'^\s*file-magic\s+/(.*)/\s*$', body, re.M)
            if not mime or not magic or '\t' in magic.group(1):
                sys.exit('cannot convert signature %s' % name)
            out.write('%s\t%s\t%d\t%s\t%s\n' % (g, name, int(mime.group(2) or 0), mime.group(1), magic.group(1)))


if __name__ == '__main__':
    main()
