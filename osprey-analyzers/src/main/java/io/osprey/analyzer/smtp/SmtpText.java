package io.osprey.analyzer.smtp;

import io.osprey.common.pattern.ZeekPattern;
import io.osprey.common.pattern.ZeekStrings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text helpers of Zeek's scripts that SMTP uses (base/utils/email.zeek, base/utils/addrs.zeek,
 * base/utils/files.zeek), with Zeek's regular expressions and matching semantics ({@link ZeekPattern}). One instance
 * per worker (a pattern's match cache is not shared between threads); called per command or header, not per byte.
 */
final class SmtpText {
    private static final String DECIM = "([0-9]{1}|[0-9]{2}|0[0-9]{2}|1[0-9]{2}|2[0-4][0-9]|25[0-5])";
    private static final String V4 = "(" + DECIM + "\\." + DECIM + "\\." + DECIM + "\\." + DECIM + ")";
    private static final String HEX = "[0-9A-Fa-f]{1,4}";
    private static final String V6 = "((" + HEX + ":){7}" + HEX + ")"
            + "|(::(" + HEX + "(:" + HEX + "){0,6})?)"
            + lead(0, 5) + lead(1, 4) + lead(2, 3) + lead(3, 2) + lead(4, 1) + lead(5, 0)
            + "|(" + HEX + "(:" + HEX + "){6}::)"
            + "|((" + HEX + ":){6}" + V4 + ")"
            + "|((::(" + HEX + "(:" + HEX + "){0,4})?)" + V4 + ")"
            + lead4(0, 3) + lead4(1, 2) + lead4(2, 1) + lead4(3, 0)
            + "|((" + HEX + "(:" + HEX + "){4}::)" + V4 + ")";

    private static String lead(int n, int m) {
        return "|(" + HEX + "(:" + HEX + "){" + n + "}::(" + HEX + "(:" + HEX + "){0," + m + "})?)";
    }

    private static String lead4(int n, int m) {
        return "|((" + HEX + "(:" + HEX + "){" + n + "}::(" + HEX + "(:" + HEX + "){0," + m + "})?)" + V4 + ")";
    }

    static final ZeekPattern IP = ZeekPattern.compile(V4 + "|" + V6);
    static final ZeekPattern EMAIL = ZeekPattern.compile(
            "(^|[<,:[:blank:]])[^<,:[:blank:]@]+@[^>,;[:blank:]]+([>,;[:blank:]]|$)");
    static final ZeekPattern EMAIL_STRIP = ZeekPattern.compile("[<>,:;[:blank:]]");
    static final ZeekPattern ORCPT = ZeekPattern.compile("ORCPT=rfc822;?");
    static final ZeekPattern MIME_ADDR = ZeekPattern.compile("(\\\"[^\"]*\\\")?[^,]+@[^,]+");

    private final ZeekPattern ip = IP.copy();
    private final ZeekPattern email = EMAIL.copy();
    private final ZeekPattern emailStrip = EMAIL_STRIP.copy();
    private final ZeekPattern orcpt = ORCPT.copy();
    private final ZeekPattern mimeAddr = MIME_ADDR.copy();
    private final long[] addr = new long[2];

    /** Zeek's {@code find_all} in order of appearance: each position tried with {@code ^} matching there. */
    static List<byte[]> findAll(byte[] s, ZeekPattern re) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < s.length; t++) {
            int n = re.longestPrefix(s, t, s.length - t, true, true);
            if (n > 0) {
                out.add(java.util.Arrays.copyOfRange(s, t, t + n));
                t += n - 1;
            }
        }
        return out;
    }

    private static byte[] empty = new byte[0];

    /** {@code extract_email_addrs_vec} (the set variant keeps the same addresses, unordered). */
    List<byte[]> emailAddrs(byte[] s) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] raw : findAll(s, email)) {
            out.add(ZeekStrings.replace(raw, emailStrip, empty, true));
        }
        return out;
    }

    /** {@code gsub(addr, /ORCPT=rfc822;?/, "")}. */
    byte[] stripOrcpt(byte[] s) {
        return ZeekStrings.replace(s, orcpt, empty, true);
    }

    /** {@code split_mime_email_addresses}: each address part, stripped. */
    List<byte[]> mimeEmailAddrs(byte[] s) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] part : findAll(s, mimeAddr)) {
            out.add(ZeekStrings.strip(part));
        }
        return out;
    }

    /**
     * {@code extract_ip_addresses(input, check_wrapping)}: the valid addresses in the text, as {hi, lo}; with
     * {@code checkWrapping} only those standing alone or in brackets, parentheses, braces or between spaces.
     */
    List<long[]> ipAddresses(byte[] s, boolean checkWrapping) {
        List<byte[]> parts = ZeekStrings.splitAll(s, ip);
        List<long[]> out = new ArrayList<>();
        for (int i = 1; i < parts.size(); i += 2) {
            String text = new String(parts.get(i), StandardCharsets.ISO_8859_1);
            if (!io.osprey.common.net.Addr.parse(text, addr)) {
                continue;
            }
            if (checkWrapping) {
                if (i + 1 >= parts.size()) {
                    continue;
                }
                byte[] p1 = parts.get(i - 1);
                byte[] p3 = parts.get(i + 1);
                boolean ok = p1.length == 0 && p3.length == 0;
                if (!ok && p1.length > 0 && p3.length > 0) {
                    int a = p1[p1.length - 1];
                    int b = p3[0];
                    ok = (a == '[' && b == ']') || (a == '(' && b == ')') || (a == '{' && b == '}')
                            || (a == ' ' && b == ' ');
                }
                if (!ok) {
                    continue;
                }
            }
            out.add(new long[] {addr[0], addr[1]});
        }
        return out;
    }

    static final Pattern FILENAME_PARAM = Pattern.compile("[fF][iI][lL][eE][nN][aA][mM][eE][ \\t]*\\*?=");
    static final Pattern NAME_PARAM = Pattern.compile("[nN][aA][mM][eE][ \\t]*=");

    /** Zeek's {@code extract_filename_from_content_disposition} (base/utils/files.zeek), as text. */
    static String filenameFromContentDisposition(String data) {
        return new String(io.osprey.analyzer.mime.MimeSyntax.filenameFromContentDisposition(data),
                StandardCharsets.UTF_8);
    }
}
