package io.osprey.cli.trace;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Times on the {@code osprey trace slice} command line, in tcpslice's syntax (tcpslice(1), {@code parse_time} and
 * {@code fill_tm} in tcpslice.c) plus ISO-8601 dates:
 *
 * <ul>
 *   <li>{@code sssssssss[.fffffffff]}: Unix seconds, as {@code tcpdump -tt} prints them (up to 9 fraction digits;
 *       tcpslice takes 6);</li>
 *   <li>{@code [NNNy][NNm][NNd][NNh][NNm][NNs][NNNNNNu]}: a date and time in the local zone, units strictly from
 *       years down to microseconds, each at most once; an {@code m} directly followed by a {@code d} field is the
 *       month, otherwise minutes. Fields larger than the first one given come from the base time (the first packet
 *       for a start time, the start time for an end time); smaller ones are zero (day 1, month January). Years
 *       have 2 digits (70-99 = 19xx, 00-69 = 20xx) or 4;</li>
 *   <li>{@code +} before either form: an offset from the base time ({@code +200}, {@code +1h10m}, {@code +1.5});
 *       years, months and days are calendar steps in the local zone, smaller units exact durations;</li>
 *   <li>{@code YYYY-MM-DD[THH:MM[:SS[.fffffffff]]][Z|+HH:MM]}: ISO-8601, local zone unless one is given.</li>
 * </ul>
 *
 * <p>Deliberate differences from tcpslice: offsets may carry past a unit's range ({@code +90m} is 90 minutes;
 * tcpslice says "minute 125 is not valid" when the base time's minute plus 90 exceeds 59), microseconds of an
 * absolute time must be below 1,000,000, and raw seconds may go to 4294967295 (pcap's limit) with nanoseconds.
 * Parsing is not on the packet path; it runs once per command.
 */
final class TimeSpec {
    /** Largest raw seconds value: pcap stores an unsigned 32-bit second count. */
    static final long MAX_RAW_SECONDS = 0xFFFF_FFFFL;
    /** Largest amount in one ymdhmsu field (tcpslice: INT32_MAX). */
    static final long MAX_AMOUNT = Integer.MAX_VALUE;

    private static final Pattern RAW = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T.*)?");
    private static final String UNITS = "ymdhsu";
    /** Field order, largest first: year, month, day, hour, minute, second, microsecond. */
    private static final int YEAR = 0;
    private static final int MONTH = 1;
    private static final int DAY = 2;
    private static final int HOUR = 3;
    private static final int MINUTE = 4;
    private static final int SECOND = 5;
    private static final int MICRO = 6;
    private static final String[] NAMES = {"year", "month", "day", "hour", "minute", "second", "microsecond"};

    private TimeSpec() {
    }

    /** A time argument that is wrong; the message is the one line the command prints. */
    static final class BadTimeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadTimeException(String arg, String why) {
            super("bad time '" + arg + "': " + why);
        }
    }

    /**
     * Whether {@code s} has the shape of a time (tcpslice's {@code timestamp_input_format_correct}): then it is a
     * time argument whatever its value, and a bad value is an error rather than a file name.
     */
    static boolean looksLikeTime(String s) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        if (t.isEmpty()) {
            return false;
        }
        if (RAW.matcher(t).matches()) {
            return true;
        }
        if (!s.startsWith("+") && ISO.matcher(t).matches()) {
            return true;
        }
        try {
            fields(s, t);
            return true;
        } catch (BadTimeException e) {
            return false;
        }
    }

    /**
     * The time {@code arg} names, in nanoseconds since the epoch.
     *
     * @param baseNanos the base for offsets and omitted fields: the first packet's time for a start time, the start
     *                  time for an end time
     * @param zone      the zone dates are read in (tcpslice uses the local zone)
     * @throws BadTimeException with a one-line reason
     */
    static long resolve(String arg, long baseNanos, ZoneId zone) {
        boolean delta = arg.startsWith("+");
        String t = delta ? arg.substring(1) : arg;
        if (t.isEmpty()) {
            throw new BadTimeException(arg, "nothing after '+'");
        }
        try {
            if (RAW.matcher(t).matches()) {
                long v = raw(arg, t);
                return delta ? Math.addExact(baseNanos, v) : v;
            }
            if (!delta && ISO.matcher(t).matches()) {
                return iso(arg, t, zone);
            }
            long[] f = fields(arg, t);
            return delta ? offset(f, baseNanos, zone) : absolute(arg, f, baseNanos, zone);
        } catch (ArithmeticException | DateTimeException e) {
            throw new BadTimeException(arg, "out of range");
        }
    }

    private static long raw(String arg, String t) {
        int dot = t.indexOf('.');
        String sec = dot < 0 ? t : t.substring(0, dot);
        String frac = dot < 0 ? "" : t.substring(dot + 1);
        if (sec.length() > 10 || Long.parseLong(sec) > MAX_RAW_SECONDS) {
            throw new BadTimeException(arg, "seconds beyond " + MAX_RAW_SECONDS);
        }
        if (frac.length() > 9) {
            throw new BadTimeException(arg, "more than 9 digits after the point");
        }
        long ns = frac.isEmpty() ? 0 : Long.parseLong((frac + "000000000").substring(0, 9));
        return Long.parseLong(sec) * 1_000_000_000L + ns;
    }

    private static long iso(String arg, String t, ZoneId zone) {
        try {
            if (t.length() == 10) {
                return nanos(LocalDate.parse(t).atStartOfDay(zone).toInstant());
            }
            if (t.endsWith("Z") || t.matches(".*T.*[+-]\\d{2}:?\\d{2}$")) {
                return nanos(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            }
            return nanos(LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            throw new BadTimeException(arg, "not an ISO-8601 date and time (" + e.getMessage().replaceFirst(
                    "^Text '.*' could not be parsed[:,]? ?", "").trim() + ")");
        }
    }

    /**
     * The ymdhmsu fields of {@code t}: amounts per unit, -1 where absent. Checks the shape only (tcpslice's
     * {@code timestamp_parseable_format_correct}): digits then a unit letter, units strictly decreasing.
     */
    private static long[] fields(String arg, String t) {
        long[] f = {-1, -1, -1, -1, -1, -1, -1};
        int i = 0;
        int last = -1;
        int n = t.length();
        while (i < n) {
            int start = i;
            long amount = 0;
            while (i < n && Character.isDigit(t.charAt(i)) && t.charAt(i) < 128) {
                amount = amount * 10 + (t.charAt(i) - '0');
                if (amount > MAX_AMOUNT) {
                    throw new BadTimeException(arg, "amount " + t.substring(start, i + 1) + "... is too large");
                }
                i++;
            }
            if (i == start) {
                throw new BadTimeException(arg, "expected a number at '" + t.substring(start) + "'");
            }
            if (i == n) {
                throw new BadTimeException(arg, "number " + t.substring(start) + " has no unit (one of y m d h m s u)");
            }
            char u = Character.toLowerCase(t.charAt(i));
            if (UNITS.indexOf(u) < 0 && u != 'm') {
                throw new BadTimeException(arg, "unknown unit '" + t.charAt(i) + "' (one of y m d h m s u)");
            }
            i++;
            int unit = switch (u) {
                case 'y' -> YEAR;
                case 'd' -> DAY;
                case 'h' -> HOUR;
                case 's' -> SECOND;
                case 'u' -> MICRO;
                // m directly followed by a d field is the month (tcpslice's disambiguation)
                default -> nextUnitIsDay(t, i) ? MONTH : MINUTE;
            };
            if (unit <= last) {
                throw new BadTimeException(arg, "units must go from years down to microseconds, each at most once");
            }
            last = unit;
            f[unit] = amount;
        }
        return f;
    }

    private static boolean nextUnitIsDay(String t, int i) {
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i < t.length() && Character.toLowerCase(t.charAt(i)) == 'd';
    }

    private static long absolute(String arg, long[] f, long baseNanos, ZoneId zone) {
        ZonedDateTime b = Instant.ofEpochSecond(Math.floorDiv(baseNanos, 1_000_000_000L)).atZone(zone);
        long[] base = {b.getYear(), b.getMonthValue(), b.getDayOfMonth(), b.getHour(), b.getMinute(), b.getSecond()};
        long[] zero = {1970, 1, 1, 0, 0, 0};
        int first = 0;
        while (first <= MICRO && f[first] < 0) {
            first++;
        }
        long[] v = new long[6];
        for (int k = YEAR; k <= SECOND; k++) {
            v[k] = f[k] >= 0 ? f[k] : k < first ? base[k] : zero[k];
        }
        if (f[YEAR] >= 0) {
            long y = f[YEAR];
            if (y < 70) {
                y += 2000;
            } else if (y < 100) {
                y += 1900;
            } else if (y < 1970 || y > 2106) {
                throw new BadTimeException(arg, "year " + y + " is not valid (2 digits, or 1970 to 2106)");
            }
            v[YEAR] = y;
        }
        check(arg, MONTH, v[MONTH], 1, 12);
        int maxDay = LocalDate.of((int) v[YEAR], (int) v[MONTH], 1).lengthOfMonth();
        check(arg, DAY, v[DAY], 1, maxDay);
        check(arg, HOUR, v[HOUR], 0, 23);
        check(arg, MINUTE, v[MINUTE], 0, 59);
        check(arg, SECOND, v[SECOND], 0, 59);
        long micros = f[MICRO] < 0 ? 0 : f[MICRO];
        check(arg, MICRO, micros, 0, 999_999);
        LocalDateTime ldt = LocalDateTime.of((int) v[YEAR], (int) v[MONTH], (int) v[DAY], (int) v[HOUR],
                (int) v[MINUTE], (int) v[SECOND]);
        return Math.addExact(nanos(ldt.atZone(zone).toInstant()), micros * 1000);
    }

    private static void check(String arg, int field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new BadTimeException(arg, NAMES[field] + " " + v + " is not valid");
        }
    }

    private static long offset(long[] f, long baseNanos, ZoneId zone) {
        long sec = Math.floorDiv(baseNanos, 1_000_000_000L);
        long sub = Math.floorMod(baseNanos, 1_000_000_000L);
        ZonedDateTime z = Instant.ofEpochSecond(sec).atZone(zone);
        z = z.plusYears(Math.max(0, f[YEAR])).plusMonths(Math.max(0, f[MONTH])).plusDays(Math.max(0, f[DAY]));
        long s = Math.addExact(z.toEpochSecond(), Math.max(0, f[HOUR]) * 3600 + Math.max(0, f[MINUTE]) * 60
                + Math.max(0, f[SECOND]));
        return Math.addExact(Math.addExact(Math.multiplyExact(s, 1_000_000_000L), sub),
                Math.multiplyExact(Math.max(0, f[MICRO]), 1000L));
    }

    private static long nanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    /** Seconds.fraction with {@code digits} fraction digits (6 like tcpslice -d, or 9), for messages. */
    static String raw(long nanos, int digits) {
        long s = Math.floorDiv(nanos, 1_000_000_000L);
        long f = Math.floorMod(nanos, 1_000_000_000L);
        String frac = String.format("%09d", f).substring(0, digits);
        return s + "." + frac;
    }
}
