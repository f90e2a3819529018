package io.osprey.analyzer.ftp;

import java.util.HashMap;
import java.util.Map;

/**
 * The reply codes each command may get (Zeek's {@code FTP::cmd_reply_code}, utils-commands.zeek: RFC 959 §5.4 and
 * the extensions of RFC 1639, 2389, 2428 and 3659), used to match replies to pending commands.
 */
final class FtpReplyCodes {
    private FtpReplyCodes() {
    }

    private static final Map<String, int[]> CODES = new HashMap<>();

    private static void put(String cmd, int... codes) {
        CODES.put(cmd, codes);
    }

    static {
        put("<init>", 120, 220, 421, 0);
        put("USER", 230, 331, 332, 421, 530, 500, 501);
        put("PASS", 230, 202, 332, 421, 530, 500, 501, 503);
        put("ACCT", 230, 202, 421, 530, 500, 501, 503);
        put("CWD", 250, 421, 500, 501, 502, 530, 550);
        put("CDUP", 200, 250, 421, 500, 501, 502, 530, 550);
        put("SMNT", 202, 250, 421, 500, 501, 502, 530, 550);
        put("REIN", 120, 220, 421, 500, 502);
        put("QUIT", 221, 500, 0);
        put("PORT", 200, 421, 500, 501, 530);
        put("PASV", 227, 421, 500, 501, 502, 530);
        put("MODE", 200, 421, 500, 501, 502, 504, 530);
        put("TYPE", 200, 421, 500, 501, 504, 530);
        put("STRU", 200, 421, 500, 501, 504, 530);
        put("ALLO", 200, 202, 421, 500, 501, 504, 530);
        put("REST", 200, 350, 421, 500, 501, 502, 530);
        put("STOR", 110, 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 530, 550);
        put("STOU", 110, 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 530, 550);
        put("RETR", 110, 125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 530, 550);
        put("LIST", 125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 502, 530, 550);
        put("NLST", 125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 502, 530, 550);
        put("APPE", 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 550, 452, 553, 500, 501, 502, 530);
        put("RNFR", 350, 421, 450, 550, 500, 501, 502, 530);
        put("RNTO", 250, 421, 532, 553, 500, 501, 502, 503, 530);
        put("DELE", 250, 421, 450, 550, 500, 501, 502, 530);
        put("RMD", 250, 421, 500, 501, 502, 530, 550);
        put("MKD", 257, 421, 500, 501, 502, 530, 550);
        put("PWD", 257, 421, 500, 501, 502, 550);
        put("ABOR", 225, 226, 421, 500, 501, 502);
        put("SYST", 215, 421, 500, 501, 502, 530);
        put("STAT", 211, 212, 213, 421, 450, 500, 501, 502, 530);
        put("HELP", 200, 211, 214, 421, 500, 501, 502);
        put("SITE", 200, 202, 214, 500, 501, 502, 530);
        put("NOOP", 200, 421, 500);
        put("LPRT", 500, 501, 521);
        put("FEAT", 211, 500, 502);
        put("OPTS", 200, 451, 501);
        put("EPSV", 229, 500, 501);
        put("EPRT", 200, 500, 501, 522);
        put("SIZE", 213, 500, 501, 550);
        put("MDTM", 213, 500, 501, 550);
        put("MLST", 150, 226, 250, 500, 501, 550);
        put("MLSD", 150, 226, 250, 500, 501, 550);
        put("CLNT", 200, 500);
        put("MACB", 200, 500, 550);
        put("<missing>", 0);
    }

    /** True when {@code [cmd, code]} is in {@code FTP::cmd_reply_code}. */
    static boolean expected(String cmd, int code) {
        int[] codes = CODES.get(cmd);
        if (codes != null) {
            for (int c : codes) {
                if (c == code) {
                    return true;
                }
            }
        }
        return false;
    }
}
