package io.osprey.analyzer.ftp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Path helpers of Zeek's base/utils/paths.zeek as FTP's scripts use them for the working directory and logged
 * file URLs: {@code build_path_compressed} (with {@code compress_path}, Zeek's POSIX {@code normalize_path}) and
 * {@code extract_path} (the directory a PWD reply names). Called per command, not per byte.
 */
final class FtpPaths {
    private FtpPaths() {
    }

    /** paths.zeek's {@code absolute_path_pat}, matched against a whole name. */
    private static final Pattern ABSOLUTE = Pattern.compile("(/|[A-Za-z]:[\\\\/])[^\\n]*");
    /** paths.zeek's {@code extract_path} pattern (escaped spaces preferred, as the longest match takes them). */
    private static final Pattern DIR = Pattern.compile("(/|[A-Za-z]:[\\\\/])(\\\\ |[^\" ])*");

    /** {@code build_path}: {@code file} when absolute or {@code dir} is empty, else dir/file. */
    static String buildPath(String dir, String file) {
        if (dir.isEmpty() || ABSOLUTE.matcher(file).matches()) {
            return file;
        }
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    /** {@code build_path_compressed}. */
    static String buildPathCompressed(String dir, String file) {
        return compress(buildPath(dir, file));
    }

    /** {@code compress_path}: Zeek's POSIX {@code normalize_path}. */
    static String compress(String path) {
        if (!path.contains("/.") && !path.contains("//")) {
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
        List<String> out = new ArrayList<>();
        String[] comps = path.split("/", -1);
        for (int i = 0; i < comps.length; i++) {
            String c = comps[i];
            if (c.isEmpty() || (c.equals(".") && i != 0)) {
                continue;
            }
            out.add(c);
            if (c.equals("..")) {
                int cur = out.size() - 1;
                if (cur != 0) {
                    String last = out.get(cur - 1);
                    if (last.equals("/") || last.equals("~") || last.equals("..")) {
                        continue;
                    }
                    if (last.equals(".")) {
                        out.set(cur - 1, "..");
                        out.removeLast();
                    } else {
                        out.removeLast();
                        out.removeLast();
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder(path.length());
        if (!path.isEmpty() && path.charAt(0) == '/') {
            sb.append('/');
        }
        for (String c : out) {
            sb.append(c).append('/');
        }
        if (sb.length() > 1 && sb.charAt(sb.length() - 1) == '/') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    /** {@code extract_path}: the first directory-looking part of a reply, or "". */
    static String extractPath(String input) {
        Matcher m = DIR.matcher(input);
        return m.find() ? m.group() : "";
    }
}
