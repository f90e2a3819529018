module Tst;
export { redef enum Log::ID += { LOG }; type Info: record {
  d1: double &log; d2: double &log; d3: double &log; d4: double &log; d5: double &log; d6: double &log; d7: double &log; d8: double &log;
  i1: interval &log; i2: interval &log; t1: time &log; t2: time &log;
  s1: string &log; s2: string &log; s3: string &log; s4: string &log; s5: string &log; s6: string &log; s7: string &log; s8: string &log;
  ss: set[string] &log; se: set[string] &log; vs: vector of string &log; u: string &log &optional; vc: vector of count &log; vi: vector of interval &log; sn: subnet &log; a6: addr &log; b: bool &log; i: int &log;
}; }
event zeek_init() {
  Log::create_stream(LOG, [$columns=Info, $path="t"]);
  local t1 = double_to_time(1300475167.096535); local t2 = double_to_time(1300475167.110895);
  Log::write(LOG, Info($d1=1.0, $d2=0.5, $d3=1e-7, $d4=123456789.123456789, $d5=1e20, $d6=-2.5, $d7=0.0078125, $d8=5.0000004,
    $i1=t2-t1, $i2=-0.0001sec, $t1=t1, $t2=double_to_time(0.0),
    $s1="-", $s2="", $s3="(empty)", $s4="a\tb,c\\d", $s5="\xc3\xb1x", $s6="\xc3\xb1\x01", $s7="\xff", $s8="#x",
    $ss=set("a,b", "-", "", "(empty)"), $se=set(), $vs=vector("x\ty"), $vc=vector(1,2), $vi=vector(1.5 sec, 2usec), $sn=10.0.0.0/8, $a6=[2001:db8::1], $b=T, $i=-5));
}
