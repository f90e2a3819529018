package io.osprey.analyzer.smb;

/** Windows FILETIME conversion (Zeek's smb-time.pac {@code filetime2zeektime}). */
final class SmbTime {
    private SmbTime() {
    }

    /** 100-ns intervals since 1601 as Zeek's double seconds since 1970 (the FILETIME read as unsigned). */
    static double zeekTime(long filetime) {
        double ft = filetime >= 0 ? (double) filetime : (double) (filetime >>> 1) * 2.0 + (filetime & 1);
        return ft / 10000000.0 - 11644473600.0;
    }
}
