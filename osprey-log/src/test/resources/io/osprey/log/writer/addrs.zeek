module Tst;
export { redef enum Log::ID += { LOG }; type Info: record { v: vector of addr &log; n: subnet &log; n6: subnet &log; sa: set[addr] &log; }; }
event zeek_init() { Log::create_stream(LOG, [$columns=Info, $path="a"]);
 Log::write(LOG, Info($v=vector([::2], [::1], [::ffff:0:1.2.3.4], [::], [1::], [2001:db8:0:0:1:0:0:1], [fe80::1:0:0:0], [::1.2.3.4], [::ffff:1.2.3.4], [0:0:0:0:0:ffff:0:0], [1:0:0:2:0:0:0:3], [1:2:3:4:5:6:7:8], [::0:5:ffff:1.2.3.4], 0.0.0.0, 255.255.255.255), $n=10.1.2.0/24, $n6=[2001:db8::]/32, $sa=set(1.2.3.4)));
}
