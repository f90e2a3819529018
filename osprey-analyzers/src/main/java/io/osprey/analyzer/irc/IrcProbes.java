package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.Probe;

/**
 * The DPD signatures of Zeek's base/protocols/irc/dpd.sig as allocation-free probes over a direction's first bytes.
 * {@code irc_client1}/{@code irc_client2}: a USER line directly followed (blank lines aside) by a NICK line, or the
 * reverse, from the originator; {@code irc_server_reply}: a line starting with an optional {@code :prefix } and a
 * three-digit code and a space, from the responder. The server-to-server pair ({@code SERVER name hops :info} from
 * both sides) is accepted on either side. Known approximation: one side matching a client pattern and the other the
 * SERVER pattern also matches (Zeek requires the pairs as declared).
 */
final class IrcProbes {
    private IrcProbes() {
    }

    /** The originator's side: irc_client1, irc_client2 or irc_server_to_server. */
    static int client(byte[] p, int len) {
        int prevStart = -1;
        int prevEnd = -1;
        int i = 0;
        while (i < len) {
            int end = i;
            while (end < len && p[end] != '\r' && p[end] != '\n') {
                end++;
            }
            if (end >= len) {
                // Unterminated: every pattern needs its last line's terminator.
                break;
            }
            if (end > i) {
                if (server(p, i, end)) {
                    return Probe.MATCH;
                }
                if (prevStart >= 0) {
                    if (command(p, prevStart, prevEnd, "user", 2) && command(p, i, end, "nick", 1)) {
                        return Probe.MATCH;
                    }
                    if (command(p, prevStart, prevEnd, "nick", 2) && command(p, i, end, "user", 2)) {
                        return Probe.MATCH;
                    }
                }
                prevStart = i;
                prevEnd = end;
            }
            i = end + 1;
        }
        return Probe.MORE;
    }

    /** The responder's side: irc_server_reply or irc_server_to_server. */
    static int server(byte[] p, int len) {
        int i = 0;
        while (i < len) {
            int end = i;
            while (end < len && p[end] != '\r' && p[end] != '\n') {
                end++;
            }
            if (reply(p, i, end)) {
                return Probe.MATCH;
            }
            if (end < len && server(p, i, end)) {
                return Probe.MATCH;
            }
            i = end + 1;
        }
        return Probe.MORE;
    }

    /** {@code (:[^ \n\r]+ )?[0-9][0-9][0-9] } at a line start. */
    private static boolean reply(byte[] p, int i, int end) {
        if (i < end && p[i] == ':') {
            int j = i + 1;
            while (j < end && p[j] != ' ') {
                j++;
            }
            if (j > i + 1 && j < end && digits(p, j + 1, end)) {
                return true;
            }
        }
        return digits(p, i, end);
    }

    private static boolean digits(byte[] p, int i, int end) {
        return i + 4 <= end && isDigit(p[i]) && isDigit(p[i + 1]) && isDigit(p[i + 2]) && p[i + 3] == ' ';
    }

    /** {@code  *CMD +.+} (minArg 2) or {@code  *CMD +.*} (minArg 1), case-insensitive, within one line. */
    private static boolean command(byte[] p, int i, int end, String cmd, int minArg) {
        while (i < end && p[i] == ' ') {
            i++;
        }
        if (end - i < cmd.length() + minArg) {
            return false;
        }
        for (int k = 0; k < cmd.length(); k++) {
            if ((p[i + k] | 0x20) != cmd.charAt(k)) {
                return false;
            }
        }
        return p[i + cmd.length()] == ' ';
    }

    /** {@code  *SERVER +[^ ]+ +[0-9]+ +:.+} within one line. */
    private static boolean server(byte[] p, int i, int end) {
        while (i < end && p[i] == ' ') {
            i++;
        }
        if (end - i < 7) {
            return false;
        }
        for (int k = 0; k < 6; k++) {
            if ((p[i + k] | 0x20) != "server".charAt(k)) {
                return false;
            }
        }
        i += 6;
        int j = skip(p, i, end);
        if (j == i) {
            return false;
        }
        i = j;
        while (i < end && p[i] != ' ') {
            i++;
        }
        if (i == j) {
            return false;
        }
        j = skip(p, i, end);
        if (j == i) {
            return false;
        }
        i = j;
        while (i < end && isDigit(p[i])) {
            i++;
        }
        if (i == j) {
            return false;
        }
        j = skip(p, i, end);
        if (j == i) {
            return false;
        }
        return j + 1 < end && p[j] == ':';
    }

    private static int skip(byte[] p, int i, int end) {
        while (i < end && p[i] == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
