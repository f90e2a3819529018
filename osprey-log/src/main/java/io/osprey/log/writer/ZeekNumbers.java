package io.osprey.log.writer;

import java.math.BigDecimal;

/**
 * Number and address rendering exactly as Zeek's log writers print them, straight into a {@link ByteSink} without
 * allocating (except for doubles at or above 2^63, which only ever come from broken inputs).
 *
 * <ul>
 *   <li>{@code count}/{@code int}/{@code port}: {@code std::to_chars} decimal, counts unsigned 64-bit
 *       (zeek {@code src/Desc.cc} {@code ODesc::Add(uint64_t)}).</li>
 *   <li>{@code time}/{@code interval} in ASCII: {@code std::to_chars(..., fixed, 6)}, trailing zeros kept, e.g.
 *       {@code 0.014360} (zeek {@code src/threading/Formatter.cc} {@code Formatter::Render(double)}).</li>
 *   <li>{@code double} in ASCII: fixed 6 decimals, trailing zeros and a bare '.' stripped, then {@code .0} appended
 *       when the value is within 1e-9 of an integer (zeek {@code src/util.cc} {@code double_to_str} with
 *       {@code no_exp=true}, {@code src/Desc.cc} {@code ODesc::Add(double, bool)}).</li>
 *   <li>any double in JSON: rapidjson's Grisu2 {@code Writer::Double}, see {@link Grisu2}.</li>
 *   <li>addresses: {@link io.osprey.common.net.Addr#format}, Zeek's rendering (dotted quad for IPv4, {@code
 *       zeek_inet_ntop6} for IPv6), written straight into the buffer.</li>
 * </ul>
 */
final class ZeekNumbers {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final double TWO_POW_63 = 9.223372036854775808E18;

    private ZeekNumbers() {
    }

    /** A signed decimal. */
    static void signed(ByteSink out, long v) {
        if (v < 0) {
            out.put('-');
            if (v == Long.MIN_VALUE) {
                out.putAscii("9223372036854775808");
                return;
            }
            v = -v;
        }
        unsigned(out, v);
    }

    /** An unsigned 64-bit decimal (Zeek {@code count} is {@code uint64_t}). */
    static void unsigned(ByteSink out, long v) {
        int digits = unsignedDigits(v);
        out.ensure(digits);
        byte[] b = out.array();
        int end = out.length() + digits;
        int p = end;
        if (v < 0) {
            // Top bit set: peel one digit with unsigned division first.
            long q = Long.divideUnsigned(v, 10);
            b[--p] = (byte) ('0' + (int) (v - q * 10));
            v = q;
        }
        do {
            long q = v / 10;
            b[--p] = (byte) ('0' + (int) (v - q * 10));
            v = q;
        } while (v != 0);
        out.setLength(end);
    }

    private static int unsignedDigits(long v) {
        if (v < 0) {
            return 1 + unsignedDigits(Long.divideUnsigned(v, 10));
        }
        int d = 1;
        long t = 10;
        while (d < 19 && v >= t) {
            d++;
            t *= 10;
        }
        return d;
    }

    /** Zero-padded decimal of exactly {@code width} digits. */
    private static void padded(ByteSink out, long v, int width) {
        out.ensure(width);
        byte[] b = out.array();
        int end = out.length() + width;
        for (int p = end - 1; p >= end - width; p--) {
            b[p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        out.setLength(end);
    }

    /**
     * {@code std::to_chars(d, chars_format::fixed, 6)}: correctly rounded (ties to even on the exact binary value),
     * a '-' for any value with the sign bit set (so {@code -0.0} gives {@code -0.000000}), {@code inf}/{@code nan}.
     * Zeek {@code Formatter::Render(double)}, used for time and interval in ASCII logs.
     */
    static void fixed6(ByteSink out, double d) {
        if (Double.isNaN(d)) {
            out.putAscii("nan");
            return;
        }
        if (Double.doubleToRawLongBits(d) < 0) {
            out.put('-');
            d = -d;
        }
        if (Double.isInfinite(d)) {
            out.putAscii("inf");
            return;
        }
        if (d >= TWO_POW_63) {
            // Every double this large is an integer; rare enough to allocate.
            out.putAscii(new BigDecimal(d).toBigInteger().toString());
            out.putAscii(".000000");
            return;
        }
        long ip = (long) d;
        double frac = d - ip; // exact: the fractional part of a double is representable
        double x = frac * 1e6;
        double err = Math.fma(frac, 1e6, -x); // exact residual: frac*1e6 == x + err
        long n = (long) x;
        double f = x - n; // exact, x < 1e6
        // x < 1e6 so ulp(x) <= 2^-33 and |err| <= ulp/2: only a tie on x can be decided by err.
        boolean up = f > 0.5 || (f == 0.5 && (err > 0 || (err == 0 && (n & 1) == 1)));
        if (up) {
            n++;
        }
        if (n == 1_000_000) {
            ip++;
            n = 0;
        }
        unsigned(out, ip);
        out.put('.');
        padded(out, n, 6);
    }

    /**
     * A {@code double} in an ASCII log: Zeek {@code ODesc::Add(double, no_exp=true)} with precision 6 via
     * {@code util::double_to_str}: fixed 6, trailing zeros stripped (and the '.' if nothing is left after it), then
     * ".0" if {@code |d - nearbyint(d)| < 1e-9}. So 1.0 → {@code 1.0}, 0.5 → {@code 0.5}, 1e-7 → {@code 0},
     * 5.0000004 → {@code 5}, -0.0 → {@code 0.0}.
     */
    static void zeekDouble(ByteSink out, double d) {
        if (Double.isNaN(d)) {
            out.putAscii("nan");
            return;
        }
        if (d == 0) {
            d = 0.0; // double_to_str maps -0.0 to 0.0
        }
        int start = out.length();
        fixed6(out, d);
        if (Double.isInfinite(d)) {
            return;
        }
        byte[] b = out.array();
        int last = out.length() - 1;
        while (last > start && b[last] == '0') {
            last--;
        }
        if (b[last] != '.') {
            last++;
        }
        out.setLength(last);
        if (Math.abs(d - Math.rint(d)) < 1e-9) {
            out.putAscii(".0");
        }
    }

    /** An address as Zeek renders it: see {@link io.osprey.common.net.Addr#format}. */
    static void addr(ByteSink out, long hi, long lo) {
        io.osprey.common.net.Addr.format(out, hi, lo);
    }

    /** A subnet: {@code addr/len}, the length counted within the IPv4 space for IPv4 prefixes. */
    static void subnet(ByteSink out, long hi, long lo, int prefixLen) {
        addr(out, hi, lo);
        out.put('/');
        unsigned(out, prefixLen);
    }

    /** {@code \xHH} with lower-case hex (zeek {@code util::bytetohex}, {@code src/util.h}). */
    static void hexEscape(ByteSink out, int b) {
        out.ensure(4);
        out.put('\\');
        out.put('x');
        out.put(HEX[(b >>> 4) & 0xF]);
        out.put(HEX[b & 0xF]);
    }
}
