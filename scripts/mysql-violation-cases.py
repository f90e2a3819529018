#!/usr/bin/env python3
"""Regenerates MysqlZeekViolationsTest's table: MySQL connection-phase cases (whole packets, hex) -> one TCP
connection each in a capture -> real Zeek's confirmations and violation texts -> the test's Java table.

    python3 scripts/mysql-violation-cases.py capture DIR      # writes DIR/v.pcap (client ports 41000 + case index)
    (cd DIR && zeek-run -C -r v.pcap -e 'event analyzer_violation_info(atype: AllAnalyzers::Tag,
        info: AnalyzerViolationInfo) { print info$c$id$orig_p, info$reason; }
        event analyzer_confirmation_info(atype: AllAnalyzers::Tag, info: AnalyzerConfirmationInfo)
        { print info$c$id$orig_p, "CONFIRM", atype; }' > zeek.out)
    python3 scripts/mysql-violation-cases.py emit DIR         # rewrites the test's case table from DIR/zeek.out
"""
import os
import re
import sys

TEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'osprey-analyzers', 'src', 'test', 'java', 'io',
                    'osprey', 'analyzer', 'mysql', 'MysqlZeekViolationsTest.java')

import struct, sys
def pkt(seq, payload): return struct.pack('<I', len(payload))[:3] + bytes([seq]) + payload
def cstr(s): return s.encode()+b'\0'
G10 = bytes([10])+cstr('8.0.35')+struct.pack('<I',42)+b'abcdefgh'+b'\0'+struct.pack('<HBHH',0xFFFF,0xFF,2,0xDFFF)+bytes([21])+bytes(10)+b'ijklmnopqrst\0'+cstr('mysql_native_password')
CAPS=0x001FA68D
def resp_head(caps): return struct.pack('<IIB',caps,16<<20,0x21)+bytes(23)
attrs = bytes([4])+b'_pid'+bytes([3])+b'123'+bytes([7])+b'_client'+bytes([3])+b'cli'
R10 = resp_head(CAPS)+cstr('root')+bytes([20])+b'01234567890123456789'+cstr('test')+cstr('mysql_native_password')+bytes([len(attrs)])+attrs
cases = {
 # name: [(orig, payload-with-header)]
 'g10_cut_after_version': [(False, pkt(0, G10[:1+7+5]))],
 'g10_no_nul': [(False, pkt(0, bytes([10])+b'8.0.35'))],
 'g10_cut_in_part2': [(False, pkt(0, G10[:1+7+31+5]))],
 'g10_plugin_no_nul': [(False, pkt(0, G10[:-1]))],
 'g9_no_scramble_nul': [(False, pkt(0, bytes([9])+cstr('3.23')+struct.pack('<I',7)+b'abc'))],
 'err_greeting_short': [(False, pkt(0, bytes([0xff,1,2,3])))],
 'empty_greeting': [(False, pkt(0, b''))],
 'resp_cut_pad': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)[:20]))],
 'resp_pw_too_long': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+cstr('root')+bytes([50])+b'xx'))],
 'resp_pw_fc_cut': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+cstr('root')+bytes([0xfc,1])))],
 'resp_no_db': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+cstr('root')+bytes([2])+b'ab'+b'tes'))],
 'resp_attrs_over': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+cstr('root')+bytes([0])+cstr('db')+cstr('p')+bytes([40])+b'abc'))],
 'resp_attrs_inner': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+cstr('root')+bytes([0])+cstr('db')+cstr('p')+bytes([4])+bytes([2])+b'ab'+bytes([5])))],
 'resp_zstd_missing': [(False, pkt(0,G10)), (True, pkt(1, resp_head(0x04000000|0x200)+cstr('root')+bytes([0])))],
 'authswitch_no_nul': [(False, pkt(0,G10)), (True, pkt(1,R10)), (False, pkt(2, bytes([0xfe])+b'caching'))],
 'ok_fe_cut': [(False, pkt(0,G10)), (True, pkt(1,R10)), (False, pkt(2, bytes([0,0xfe,1,2])))],
 'empty_server_cp': [(False, pkt(0,G10)), (True, pkt(1,R10)), (False, pkt(2, b''))],
 'v9_resp_cut': [(False, pkt(0, bytes([9])+cstr('3.23')+struct.pack('<I',7)+cstr('abc'))), (True, pkt(1, b'\x85\xa4\x00\x00'))],
 'v9_resp_no_pw_nul': [(False, pkt(0, bytes([9])+cstr('3.23')+struct.pack('<I',7)+cstr('abc'))), (True, pkt(1, b'\x85\xa4\x00\x00\x00'+cstr('root')+b'xx'))],
 'g10_enforce': [(False, pkt(0, G10[:28]+bytes([5])+G10[29:]))],
 'g10_cut_in_block': [(False, pkt(0, G10[:1+7+12+3]))],
 'g10_bad_len_cut': [(False, pkt(0, G10[:28]+bytes([5])+G10[29:33]))],
 'err_code_cut': [(False, pkt(0, bytes([0xff,1])))],
 'g9_cut_connid': [(False, pkt(0, bytes([9])+cstr('3.23')+b'ab'))],
 'resp_cap_cut': [(False, pkt(0,G10)), (True, pkt(1, b'\x8d\xa6'))],
 'v9_resp_cap_cut': [(False, pkt(0, bytes([9])+cstr('3.23')+struct.pack('<I',7)+cstr('abc'))), (True, pkt(1, b'\x85'))],
 'ok_empty_lei': [(False, pkt(0,G10)), (True, pkt(1,R10)), (False, pkt(2, bytes([0])))],
 'attrs_no_len': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+cstr('root')+bytes([0])+cstr('db')+cstr('p')))],
 'resp_user_nonul': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS)+b'ro\nt'))],
 'resp_before_greeting': [(True, pkt(1,R10))],
 'ssl_ok': [(False, pkt(0,G10)), (True, pkt(1, resp_head(CAPS|0x800)))],
 'err_then_resp': [(False, pkt(0, bytes([0xff])+struct.pack('<H',1130)+b'#HY000msg')), (True, pkt(1, R10))],
}


def capture(d):
    out=open(os.path.join(d, 'v.pcap'),'wb')
    out.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
    t=[1700000000.0]
    def ip(a): return bytes(map(int,a.split('.')))
    def w(src,dst,sp,dp,seq,ack,flags,payload=b''):
        tcp=struct.pack('>HHIIBBHHH',sp,dp,seq,ack,5<<4,flags,65535,0,0)+payload
        iph=struct.pack('>BBHHHBBH4s4s',0x45,0,20+len(tcp),0,0,64,6,0,ip(src),ip(dst))
        fr=b'\x00\x01\x02\x03\x04\x05'*2+b'\x08\x00'+iph+tcp
        t[0]+=0.001
        out.write(struct.pack('<IIII',int(t[0]),int((t[0]%1)*1e6),len(fr),len(fr))+fr)
    names=list(cases)
    for i,n in enumerate(names):
        A,B,ap,bp='10.0.0.1','10.0.0.2',41000+i,3306
        a,b=1000,5000
        w(A,B,ap,bp,a-1,0,0x02); w(B,A,bp,ap,b-1,a,0x12); w(A,B,ap,bp,a,b,0x10)
        for o,p in cases[n]:
            if o: w(A,B,ap,bp,a,b,0x18,p); a+=len(p); w(B,A,bp,ap,b,a,0x10)
            else: w(B,A,bp,ap,b,a,0x18,p); b+=len(p); w(A,B,ap,bp,a,b,0x10)
        w(A,B,ap,bp,a,b,0x11); w(B,A,bp,ap,b,a+1,0x11); w(A,B,ap,bp,a+1,b+1,0x10)
    out.close()


def emit(d):
    names=list(cases)
    ev={n:[] for n in names}
    for line in open(os.path.join(d, 'zeek.out')):
        m=re.match(r'(\d+)/tcp, (.*)$', line.rstrip('\n'))
        if not m: continue
        n=names[int(m.group(1))-41000]
        r=m.group(2)
        if r.startswith('CONFIRM'): ev[n].append('CONFIRM')
        else:
            r=re.sub(r'\\x([0-9a-f]{2})', lambda x: chr(int(x.group(1),16)), r)
            ev[n].append(r)
    def lit(s):
        out='"'
        for c in s:
            if c=='"': out+='\\"'
            elif c=='\\': out+='\\\\'
            elif c=='\n': out+='\\n'
            elif ord(c)<32 or ord(c)>126: out+='\\u%04x'%ord(c)
            else: out+=c
        return out+'"'
    def jstr(s, ind):
        parts=[s[i:i+64] for i in range(0,len(s),64)] or ['']
        return ('\n'+' '*ind+'+ ').join(lit(p) for p in parts)
    rows=[]
    for n in names:
        segs=',\n'.join('                        %s, %s' % ('true' if o else 'false', jstr(h.hex(), 32)) for o,h in cases[n])
        exp=',\n'.join('                        '+jstr(e, 32) for e in ev[n])
        rows.append('                new Case(%s,\n                        List.of(%s),\n                        List.of(\n%s))' % (lit(n), ('\n'+exp) if exp else '', segs))
    body=',\n'.join(rows)
    t=open(TEST).read()
    a=t.index('        return List.of(\n')+len('        return List.of(\n')
    b=t.index(');\n    }\n\n    @TestFactory')
    t=t[:a]+body+t[b:]
    open(TEST,'w').write(t)


if __name__ == '__main__':
    {'capture': capture, 'emit': emit}[sys.argv[1]](sys.argv[2])
