package io.osprey.log.writer;

import java.math.BigInteger;

/**
 * Doubles as Zeek's JSON logs print them. Zeek writes JSON with rapidjson ({@code src/threading/formatters/JSON.cc},
 * {@code zeek::json::detail::NullDoubleWriter}), whose {@code Writer::Double} runs Grisu2 (Loitsch 2010) and
 * rapidjson's {@code Prettify} ({@code include/rapidjson/internal/dtoa.h} in zeek/rapidjson). Grisu2 is not always
 * the shortest representation, so Java's {@link Double#toString} (shortest, and with different notation) and
 * Jackson's generator cannot be used; this is a re-implementation of the algorithm with the same cached powers and
 * rounding so the digits match byte for byte. NaN and infinities print {@code null} as Zeek's NullDoubleWriter does.
 * Allocation-free. Matches zeek/rapidjson at the submodule commit Zeek pins (6089180e), whose {@code DigitGen} scales
 * by powers of ten up to 10^19 (older rapidjson stopped at 10^9 and differs in the last digit for some values).
 *
 * <p>Output shapes (Prettify with the default maxDecimalPlaces 324): {@code 1.0}, {@code 0.5},
 * {@code 1300475167.096535}, {@code 0.000002}, {@code 1e-7}, {@code 100000000000000000000.0}, {@code 1e21},
 * {@code 1.5e300}, {@code -0.0}.
 */
final class Grisu2 {
    private static final long HIDDEN = 1L << 52;
    private static final long SIGNIFICAND_MASK = HIDDEN - 1;
    private static final int EXPONENT_BIAS = 0x3FF + 52;
    /** 10^0 .. 10^19 as unsigned 64-bit values (10^19 does not fit a signed long; the arithmetic is modulo 2^64). */
    private static final long[] POW10 = new long[20];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** 10^k for k = -348 + 8i, i in [0, 87): 64-bit significands (top bit set), rounded to nearest, and exponents. */
    static final long[] CACHED_F = new long[87];
    static final int[] CACHED_E = new int[87];

    static {
        for (int i = 0; i < 87; i++) {
            int k = -348 + 8 * i;
            // 10^k = f * 2^e with 2^63 <= f < 2^64.
            BigInteger num = k >= 0 ? BigInteger.TEN.pow(k) : BigInteger.ONE;
            BigInteger den = k >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-k);
            int e = num.bitLength() - den.bitLength() - 64;
            BigInteger[] qr;
            while (true) {
                BigInteger n = e >= 0 ? num : num.shiftLeft(-e);
                BigInteger dd = e >= 0 ? den.shiftLeft(e) : den;
                qr = n.divideAndRemainder(dd);
                int bits = qr[0].bitLength();
                if (bits > 64) {
                    e++;
                } else if (bits < 64) {
                    e--;
                } else {
                    if (qr[1].shiftLeft(1).compareTo(dd) >= 0) {
                        qr[0] = qr[0].add(BigInteger.ONE);
                    }
                    break;
                }
            }
            BigInteger q = qr[0];
            CACHED_F[i] = q.longValue();
            CACHED_E[i] = e;
        }
    }

    /** Scratch state: one instance per writer (not thread-safe). */
    private final byte[] digits = new byte[32];
    private int length;
    private int k;
    // DiyFp temporaries (f, e) kept in fields so nothing is allocated.
    private long wmF;
    private long wpF;
    private int wpE;

    /** Appends {@code d} as rapidjson's {@code Writer::Double} (NullDoubleWriter: NaN/inf give {@code null}). */
    void write(ByteSink out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.putAscii("null");
            return;
        }
        if (d == 0) {
            if (Double.doubleToRawLongBits(d) < 0) {
                out.put('-');
            }
            out.putAscii("0.0");
            return;
        }
        if (d < 0) {
            out.put('-');
            d = -d;
        }
        grisu2(d);
        prettify(out);
    }

    private static long mulF(long a, long b) {
        long h = Math.unsignedMultiplyHigh(a, b);
        long l = a * b;
        if ((l & (1L << 63)) != 0) {
            h++;
        }
        return h;
    }

    private void grisu2(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biasedE = (int) ((bits >>> 52) & 0x7FF);
        long vf = bits & SIGNIFICAND_MASK;
        int ve;
        if (biasedE != 0) {
            vf += HIDDEN;
            ve = biasedE - EXPONENT_BIAS;
        } else {
            ve = -EXPONENT_BIAS + 1;
        }
        // NormalizedBoundaries: plus = (2f+1, e-1) normalized so that bit 63 is set.
        long plF = (vf << 1) + 1;
        int plE = ve - 1;
        while ((plF & (HIDDEN << 1)) == 0) {
            plF <<= 1;
            plE--;
        }
        plF <<= 64 - 52 - 2;
        plE -= 64 - 52 - 2;
        long miF;
        int miE;
        if (vf == HIDDEN) {
            miF = (vf << 2) - 1;
            miE = ve - 2;
        } else {
            miF = (vf << 1) - 1;
            miE = ve - 1;
        }
        miF <<= miE - plE;
        wpF = plF;
        wpE = plE;
        wmF = miF;

        // GetCachedPower(w_p.e)
        double dk = (-61 - wpE) * 0.30102999566398114 + 347;
        int kk = (int) dk;
        if (dk - kk > 0.0) {
            kk++;
        }
        int index = (kk >> 3) + 1;
        k = -(-348 + (index << 3));
        long cF = CACHED_F[index];
        int cE = CACHED_E[index];

        int s = Long.numberOfLeadingZeros(vf);
        long wF = mulF(vf << s, cF);
        int wE = ve - s + cE + 64;
        long mpF = mulF(wpF, cF) - 1;
        int mpE = wpE + cE + 64;
        long mmF = mulF(wmF, cF) + 1;
        digitGen(wF, wE, mpF, mpE, mpF - mmF);
    }

    private void digitGen(long wF, int wE, long mpF, int mpE, long delta) {
        int shift = -mpE;
        long oneF = 1L << shift;
        long wpW = mpF - wF;
        long p1 = mpF >>> shift;
        long p2 = mpF & (oneF - 1);
        int kappa = countDecimalDigit32(p1);
        length = 0;
        while (kappa > 0) {
            long div = POW10[kappa - 1];
            long d = p1 / div;
            p1 %= div;
            if (d != 0 || length != 0) {
                digits[length++] = (byte) ('0' + d);
            }
            kappa--;
            long tmp = (p1 << shift) + p2;
            if (Long.compareUnsigned(tmp, delta) <= 0) {
                k += kappa;
                grisuRound(delta, tmp, POW10[kappa] << shift, wpW);
                return;
            }
        }
        for (;;) {
            p2 *= 10;
            delta *= 10;
            int d = (int) (p2 >>> shift);
            if (d != 0 || length != 0) {
                digits[length++] = (byte) ('0' + d);
            }
            p2 &= oneF - 1;
            kappa--;
            if (Long.compareUnsigned(p2, delta) < 0) {
                k += kappa;
                int index = -kappa;
                grisuRound(delta, p2, oneF, wpW * (index < 20 ? POW10[index] : 0));
                return;
            }
        }
    }

    private void grisuRound(long delta, long rest, long tenKappa, long wpW) {
        while (Long.compareUnsigned(rest, wpW) < 0 && Long.compareUnsigned(delta - rest, tenKappa) >= 0
                && (Long.compareUnsigned(rest + tenKappa, wpW) < 0
                || Long.compareUnsigned(wpW - rest, rest + tenKappa - wpW) > 0)) {
            digits[length - 1]--;
            rest += tenKappa;
        }
    }

    private static int countDecimalDigit32(long n) {
        if (n < 10) {
            return 1;
        }
        if (n < 100) {
            return 2;
        }
        if (n < 1000) {
            return 3;
        }
        if (n < 10000) {
            return 4;
        }
        if (n < 100000) {
            return 5;
        }
        if (n < 1000000) {
            return 6;
        }
        if (n < 10000000) {
            return 7;
        }
        if (n < 100000000) {
            return 8;
        }
        return 9;
    }

    /** rapidjson {@code Prettify} with maxDecimalPlaces 324 (its truncation branches never trigger then). */
    private void prettify(ByteSink out) {
        int kk = length + k; // 10^(kk-1) <= v < 10^kk
        if (0 <= k && kk <= 21) {
            out.put(digits, 0, length);
            for (int i = length; i < kk; i++) {
                out.put('0');
            }
            out.put('.');
            out.put('0');
        } else if (0 < kk && kk <= 21) {
            out.put(digits, 0, kk);
            out.put('.');
            out.put(digits, kk, length - kk);
        } else if (-6 < kk && kk <= 0) {
            out.put('0');
            out.put('.');
            for (int i = kk; i < 0; i++) {
                out.put('0');
            }
            out.put(digits, 0, length);
        } else if (length == 1) {
            out.put(digits[0]);
            out.put('e');
            exponent(out, kk - 1);
        } else {
            out.put(digits[0]);
            out.put('.');
            out.put(digits, 1, length - 1);
            out.put('e');
            exponent(out, kk - 1);
        }
    }

    private static void exponent(ByteSink out, int e) {
        if (e < 0) {
            out.put('-');
            e = -e;
        }
        ZeekNumbers.unsigned(out, e);
    }
}
