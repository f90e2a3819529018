package io.osprey.analyzer.ftp;

import io.osprey.common.net.Addr;

/**
 * Parses the data-channel addresses of FTP commands and replies, as Zeek's {@code parse_ftp_port},
 * {@code parse_eftp_port}, {@code parse_ftp_pasv} and {@code parse_ftp_epsv} built-ins do (ftp/functions.bif):
 * PORT arguments and PASV replies "h1,h2,h3,h4,p1,p2" (RFC 959 §4.1.2), EPRT arguments "|proto|addr|port|" and EPSV
 * replies "(|||port|)" (RFC 2428). Never throws: text that does not parse gives an invalid result (address
 * 0.0.0.0 or ::, port 0), as Zeek's record with {@code valid=F}. Called once per PORT/EPRT command or PASV/EPSV
 * reply, not per byte.
 */
final class FtpPorts {
    private FtpPorts() {
    }

    /** A parsed data-channel address (Zeek's {@code ftp_port}). */
    record Result(long hi, long lo, int port, boolean valid) {
        /** True for the unspecified IPv6 address ::, which an EPSV reply without address gives. */
        boolean unspecified() {
            return hi == 0 && lo == 0;
        }
    }

    private static final Result INVALID_V4 = new Result(0, Addr.v4Lo(0), 0, false);

    /** {@code parse_ftp_port}: "h1,h2,h3,h4,p1,p2" (sscanf's "%d,%d,%d,%d,%d,%d"), each 0-255, at least 11 chars. */
    static Result port(String s) {
        if (s.length() < 11) {
            return INVALID_V4;
        }
        long[] v = new long[6];
        int[] pos = {0};
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                if (pos[0] >= s.length() || s.charAt(pos[0]) != ',') {
                    return INVALID_V4;
                }
                pos[0]++;
            }
            long n = scanInt(s, pos);
            if (n == NO_NUMBER) {
                return INVALID_V4;
            }
            v[i] = n;
        }
        for (long b : v) {
            if (b < 0 || b > 255) {
                return INVALID_V4;
            }
        }
        int addr = (int) ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]);
        return new Result(0, Addr.v4Lo(addr), (int) ((v[4] << 8) | v[5]), true);
    }

    /** {@code parse_eftp_port}: "|proto|addr|port|" with any delimiter character (RFC 2428 §2). */
    static Result eprt(String s) {
        return eftp(s, 0);
    }

    /**
     * {@code parse_ftp_pasv}: the six numbers of a 227 reply, found after '(', else after "PORT" and a separator,
     * else starting at the digits before the first ','.
     */
    static Result pasv(String s) {
        if (s.isEmpty()) {
            return INVALID_V4;
        }
        int end = cString(s);
        int start;
        int paren = s.indexOf('(');
        int portWord = s.indexOf("PORT");
        int comma = s.indexOf(',');
        if (paren >= 0 && paren < end) {
            start = paren + 1;
        } else if (portWord >= 0 && portWord < end) {
            start = portWord + 5;
        } else if (comma >= 0 && comma < end) {
            start = comma;
            do {
                start--;
            } while (start >= 0 && isDigit(s.charAt(start)));
            start++;
        } else {
            return INVALID_V4;
        }
        if (start > s.length()) {
            return INVALID_V4;
        }
        return port(s.substring(start, end < start ? start : end));
    }

    /** {@code parse_ftp_epsv}: the "|||port|" after '(' of a 229 reply; no '(' is invalid. */
    static Result epsv(String s) {
        int end = cString(s);
        int paren = s.indexOf('(');
        if (paren < 0 || paren >= end) {
            return new Result(0, 0, 0, false);
        }
        return eftp(s, paren + 1);
    }

    /** Zeek passes the string as a C string: a NUL ends it. */
    private static int cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s.length() : nul;
    }

    private static Result eftp(String str, int from) {
        String s = str.substring(Math.min(from, str.length()), Math.max(Math.min(from, str.length()), cString(str)));
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        long hi = 0;
        long lo = 0;
        int port = 0;
        boolean good = false;
        if (i < n) {
            char delim = s.charAt(i);
            good = true;
            i++;
            int[] pos = {i};
            long proto = scanInt(s, pos); // strtol; the protocol number is not used
            int next = proto == NO_NUMBER ? i : pos[0];
            if (next >= n || s.charAt(next) != delim) {
                good = false;
            }
            i = next;
            if (i < n) {
                i++;
            }
            if (i < n && s.charAt(i) != delim) {
                int d = s.indexOf(delim, i);
                String a = s.substring(i, d < 0 ? n : d);
                long[] out = new long[2];
                good = !a.isEmpty() && Addr.parse(a, out);
                if (good) {
                    hi = out[0];
                    lo = out[1];
                }
            }
            int d = i < n ? s.indexOf(delim, i) : -1;
            if (d >= 0) {
                pos[0] = d + 1;
                long p = scanInt(s, pos);
                int after = p == NO_NUMBER ? d + 1 : pos[0];
                if (after >= n || s.charAt(after) != delim) {
                    good = false;
                }
                if (p == NO_NUMBER) {
                    p = 0;
                }
                if (p < 0 || p > 65535) {
                    p = 0;
                    good = false;
                }
                port = (int) p;
            }
        }
        return new Result(hi, lo, port, good);
    }

    private static final long NO_NUMBER = Long.MIN_VALUE;

    /**
     * A decimal integer as sscanf's %d / strtol read it: leading whitespace, an optional sign, digits. Returns
     * {@link #NO_NUMBER} when there are no digits; values beyond ±2^40 are clamped (any of them is out of range for
     * an address byte or a port).
     */
    private static long scanInt(String s, int[] pos) {
        int i = pos[0];
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        while (i < n && isDigit(s.charAt(i))) {
            v = Math.min(v * 10 + (s.charAt(i) - '0'), 1L << 40);
            i++;
        }
        if (i == digits) {
            return NO_NUMBER;
        }
        pos[0] = i;
        return neg ? -v : v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }
}
