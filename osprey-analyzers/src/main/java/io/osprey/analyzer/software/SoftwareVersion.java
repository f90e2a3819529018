package io.osprey.analyzer.software;

import java.util.Arrays;

/**
 * Zeek's {@code Software::Version}: up to four numbers and an additional string, each optional (null when unset).
 * Mutable while the parser builds it; treat as a value afterwards.
 */
public final class SoftwareVersion {
    /** Major version number, or null. */
    public Long major;
    /** Minor version number, or null. */
    public Long minor;
    /** Minor subversion number, or null. */
    public Long minor2;
    /** Minor updates number, or null. */
    public Long minor3;
    /** Additional version string (e.g. "beta42"), as bytes, or null. */
    public byte[] addl;

    /** An empty version (every field unset). */
    public SoftwareVersion() {
    }

    /** A version with the given numbers (null for unset) and no additional string. */
    public static SoftwareVersion of(Long major, Long minor, Long minor2, Long minor3, String addl) {
        SoftwareVersion v = new SoftwareVersion();
        v.major = major;
        v.minor = minor;
        v.minor2 = minor2;
        v.minor3 = minor3;
        v.addl = addl == null ? null : addl.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return v;
    }

    /** A copy (Zeek's record assignment copies). */
    public SoftwareVersion copy() {
        SoftwareVersion v = new SoftwareVersion();
        v.major = major;
        v.minor = minor;
        v.minor2 = minor2;
        v.minor3 = minor3;
        v.addl = addl;
        return v;
    }

    /**
     * Zeek's {@code Software::cmp_versions}: field by field from major to minor3 (a set field is greater than an
     * unset one), then the additional string byte-wise; -1, 0 or 1.
     */
    public static int compare(SoftwareVersion a, SoftwareVersion b) {
        int c = cmp(a.major, b.major);
        if (c == 0) {
            c = cmp(a.minor, b.minor);
        }
        if (c == 0) {
            c = cmp(a.minor2, b.minor2);
        }
        if (c == 0) {
            c = cmp(a.minor3, b.minor3);
        }
        if (c != 0) {
            return c;
        }
        if (a.addl != null && b.addl != null) {
            return Integer.signum(Arrays.compareUnsigned(a.addl, b.addl));
        }
        if (a.addl == null && b.addl == null) {
            return 0;
        }
        return a.addl != null ? 1 : -1;
    }

    private static int cmp(Long x, Long y) {
        if (x != null && y != null) {
            return Integer.signum(Long.compareUnsigned(x, y));
        }
        if (x == null && y == null) {
            return 0;
        }
        return x != null ? 1 : -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftwareVersion v && compare(this, v) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(major, minor, minor2, minor3, Arrays.hashCode(addl));
    }

    @Override
    public String toString() {
        return "[major=" + str(major) + ", minor=" + str(minor) + ", minor2=" + str(minor2) + ", minor3="
                + str(minor3) + ", addl=" + (addl == null ? "-" : new String(addl,
                java.nio.charset.StandardCharsets.ISO_8859_1)) + "]";
    }

    private static String str(Long v) {
        return v == null ? "-" : Long.toUnsignedString(v);
    }
}
