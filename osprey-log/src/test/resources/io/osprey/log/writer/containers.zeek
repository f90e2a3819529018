module Tst;
export { redef enum Log::ID += { LOG }; type Info: record { a: vector of count &log; b: vector of count &log; c: vector of count &log; d: vector of count &log; e: vector of string &log; f: vector of count &log; g: set[string] &log; }; }
event zeek_init() { Log::create_stream(LOG, [$columns=Info, $path="c"]);
 local v: vector of count = vector();
 local s: vector of string = vector();
 local i = 0;
 while ( i < 120 ) { v += i; s += cat("s", i); ++i; }
 Log::write(LOG, Info($a=v, $b=v, $c=v, $d=vector(1,2,3), $e=s, $f=v, $g=set("x")));
}
