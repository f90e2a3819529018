package io.osprey.analyzer.software;

import io.osprey.common.pattern.ZeekPattern;
import io.osprey.common.pattern.ZeekStrings;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Zeek's software version parser (base/frameworks/software/main.zeek {@code parse} and {@code parse_mozilla}),
 * ported rule for rule with Zeek's regular expression semantics (longest match, Zeek's split and sub built-ins):
 * the name is what precedes the first run of version characters, the numbers are split on {@code - . _ , [ ( {}
 * and space, and browser User-Agents (Mozilla/, Opera/) get the special cases Zeek has for MSIE/Trident, Edge,
 * Safari (Version/), Firefox/Netscape/Thunderbird, Chrome, Opera Mini/Mobi, Flash, AdobeAIR, WebKit and Java.
 *
 * <p>Strings are bytes (the banner as seen, {@code %XX} and {@code \xXX} escapes decoded for the name as Zeek
 * does). One instance per worker: its patterns carry match state. Input length is bounded by the caller (HTTP
 * header caps); parsing is linear in it.
 */
public final class SoftwareParser {
    /** Zeek's {@code Software::Description}: the parsed name and version of an unparsed version string. */
    public record Description(byte[] name, SoftwareVersion version, byte[] unparsedVersion) {
        /** The name as text (ISO-8859-1: one char per byte). */
        public String nameString() {
            return new String(name, StandardCharsets.ISO_8859_1);
        }
    }

    private final ZeekPattern mozillaOrOpera = p("^(Mozilla|Opera)\\/[0-9]+\\.");
    private final ZeekPattern pixel = p("A\\/[0-9\\.]*\\/Google\\/Pixel");
    private final ZeekPattern slash = p("\\/");
    private final ZeekPattern backslashX = p("\\\\x");
    private final ZeekPattern versionRun = p("([\\/\\-_]|( [\\(v]+))?[0-9\\-\\._, ]{2,}");
    private final ZeekPattern junkAtEnd = p("([\\/\\-_]|( [\\(v]+))$");
    private final ZeekPattern junk = p("([\\/\\-_]|( [\\(v]+))");
    private final ZeekPattern leadingParen = p("^\\(");
    private final ZeekPattern paren = p("\\(");
    private final ZeekPattern versionLead = p("^[\\/\\-\\._v\\(]");
    private final ZeekPattern numberSep = p("[\\-\\._,\\[\\(\\{ ]");
    private final ZeekPattern parenthesized = p("^[[:blank:]]*\\([a-zA-Z0-9\\-\\._[:blank:]]*\\)");
    private final ZeekPattern parens = p("[\\(\\)]");
    private final ZeekPattern addlSep = p("[\\-\\._,;\\[\\]\\(\\)\\{\\} ]");

    private final ZeekPattern operaAtEnd = p("Opera [0-9\\.]*$");
    private final ZeekPattern msieOrTrident = p(" MSIE |Trident\\/");
    private final ZeekPattern trident4 = p("Trident\\/4\\.0");
    private final ZeekPattern trident5 = p("Trident\\/5\\.0");
    private final ZeekPattern trident6 = p("Trident\\/6\\.0");
    private final ZeekPattern trident7 = p("Trident\\/7\\.0");
    private final ZeekPattern msie = p("MSIE [0-9]{1,2}\\.*[0-9]*b?[0-9]*");
    private final ZeekPattern edge = p("Edge\\/");
    private final ZeekPattern edgeVersion = p("Edge\\/[0-9\\.]*");
    private final ZeekPattern safari = p("Version\\/.*Safari\\/");
    private final ZeekPattern versionSlash = p("Version\\/[0-9\\.]*");
    private final ZeekPattern mobileSafari = p(" Mobile\\/?.* Safari");
    private final ZeekPattern mozillaFamily = p("(Firefox|Netscape|Thunderbird)\\/[0-9\\.]*");
    private final ZeekPattern chrome = p("Chrome\\/.*Safari\\/");
    private final ZeekPattern chromeVersion = p("Chrome\\/[0-9\\.]*");
    private final ZeekPattern operaSlash = p("^Opera\\/");
    private final ZeekPattern operaMiniOrMobiSlash = p("Opera M(ini|obi)\\/");
    private final ZeekPattern operaMiniOrMobi = p("Opera M(ini|obi)");
    private final ZeekPattern operaMiniVersion = p("Opera Mini\\/[0-9\\.]*");
    private final ZeekPattern flashPlayer = p("Flash%20Player");
    private final ZeekPattern slashOrSpace = p("[\\/ ]");
    private final ZeekPattern adobeAir = p("AdobeAIR\\/[0-9\\.]*");
    private final ZeekPattern webKit = p("AppleWebKit\\/[0-9\\.]*");
    private final ZeekPattern javaClient = p(" Java\\/[0-9]\\.");
    private final ZeekPattern javaVersion = p("Java\\/[0-9\\._]*");

    private static ZeekPattern p(String re) {
        return ZeekPattern.compile(re);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] EMPTY = new byte[0];

    /** Parses an unparsed version string (Zeek's {@code Software::parse}). */
    public Description parse(byte[] unparsed) {
        byte[] name = b("<parse error>");
        SoftwareVersion v = new SoftwareVersion();
        if (mozillaOrOpera.find(unparsed)) {
            return parseMozilla(unparsed);
        } else if (pixel.find(unparsed)) {
            name = b("Android (Google Pixel)");
            List<byte[]> parts = ZeekStrings.splitAll(unparsed, slash);
            if (parts.size() > 2) {
                byte[] vs = parts.get(2);
                if (contains(vs, (byte) '.')) {
                    v = parse(vs).version();
                } else {
                    v = new SoftwareVersion();
                    v.major = ZeekStrings.extractCount(vs);
                }
                return new Description(name, v, unparsed);
            }
        } else {
            byte[] clean = ZeekStrings.replace(unparsed, backslashX, b("%"), true);
            clean = ZeekStrings.unescapeUri(clean);
            List<byte[]> versionParts = ZeekStrings.splitN(clean, versionRun, true, 1);
            byte[] first = versionParts.get(0);
            // Remove any bits of junk at the end of the first part.
            if (junkAtEnd.find(first)) {
                first = ZeekStrings.strip(ZeekStrings.replace(first, junk, EMPTY, false));
            }
            if (leadingParen.find(first)) {
                name = ZeekStrings.strip(ZeekStrings.replace(first, paren, EMPTY, false));
            } else {
                name = ZeekStrings.strip(first);
            }
            if (versionParts.size() >= 2) {
                // Remove the name/version separator if it is left at the start of the version.
                byte[] sv = ZeekStrings.strip(versionParts.get(1));
                if (versionLead.find(sv)) {
                    sv = ZeekStrings.strip(ZeekStrings.replace(sv, versionLead, EMPTY, false));
                }
                List<byte[]> numbers = ZeekStrings.splitN(sv, numberSep, false, 3);
                // Zeek tests index 4 here, which a split into at most 4 pieces never has: addl always comes from
                // the text after the version.
                if (numbers.size() > 4 && numbers.get(4).length > 0) {
                    v.addl = ZeekStrings.strip(numbers.get(4));
                } else if (versionParts.size() > 2 && versionParts.get(2).length > 0
                        && !eq(versionParts.get(2), ")")) {
                    byte[] rest = versionParts.get(2);
                    if (parenthesized.find(rest)) {
                        v.addl = ZeekStrings.splitN(rest, parens, false, 2).get(1);
                    } else {
                        List<byte[]> vp = ZeekStrings.splitN(rest, addlSep, false, 3);
                        if (vp.size() >= 1 && vp.get(0).length > 0) {
                            v.addl = ZeekStrings.strip(vp.get(0));
                        } else if (vp.size() >= 2 && vp.get(1).length > 0) {
                            v.addl = ZeekStrings.strip(vp.get(1));
                        } else if (vp.size() >= 3 && vp.get(2).length > 0) {
                            v.addl = ZeekStrings.strip(vp.get(2));
                        } else {
                            v.addl = ZeekStrings.strip(rest);
                        }
                    }
                }
                if (numbers.size() > 3 && numbers.get(3).length > 0) {
                    v.minor3 = ZeekStrings.extractCount(numbers.get(3));
                }
                if (numbers.size() > 2 && numbers.get(2).length > 0) {
                    v.minor2 = ZeekStrings.extractCount(numbers.get(2));
                }
                if (numbers.size() > 1 && numbers.get(1).length > 0) {
                    v.minor = ZeekStrings.extractCount(numbers.get(1));
                }
                if (numbers.size() > 0 && numbers.get(0).length > 0) {
                    v.major = ZeekStrings.extractCount(numbers.get(0));
                }
            }
        }
        return new Description(alternateName(name), v, unparsed);
    }

    /** Zeek's {@code Software::alternate_names}: "Flash Player" is logged as "Flash". */
    private static byte[] alternateName(byte[] name) {
        return eq(name, "Flash Player") ? b("Flash") : name;
    }

    /** Zeek's {@code parse_mozilla}: browsers and friends that all claim to be Mozilla. */
    private Description parseMozilla(byte[] u) {
        byte[] name = b("<unknown browser>");
        SoftwareVersion v = new SoftwareVersion();
        List<byte[]> parts;
        if (operaAtEnd.find(u)) {
            name = b("Opera");
            parts = ZeekStrings.splitAll(u, operaAtEnd);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version();
            }
        } else if (msieOrTrident.find(u)) {
            name = b("MSIE");
            if (trident4.find(u)) {
                v = SoftwareVersion.of(8L, 0L, null, null, null);
            } else if (trident5.find(u)) {
                v = SoftwareVersion.of(9L, 0L, null, null, null);
            } else if (trident6.find(u)) {
                v = SoftwareVersion.of(10L, 0L, null, null, null);
            } else if (trident7.find(u)) {
                v = SoftwareVersion.of(11L, 0L, null, null, null);
            } else {
                parts = ZeekStrings.splitAll(u, msie);
                if (parts.size() > 1) {
                    v = parse(parts.get(1)).version();
                }
            }
        } else if (edge.find(u)) {
            name = b("Edge");
            parts = ZeekStrings.splitAll(u, edgeVersion);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version();
            }
        } else if (safari.find(u)) {
            name = b("Safari");
            parts = ZeekStrings.splitAll(u, versionSlash);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version().copy();
                if (mobileSafari.find(u)) {
                    v.addl = b("Mobile");
                }
            }
        } else if (mozillaFamily.find(u)) {
            parts = ZeekStrings.splitAll(u, mozillaFamily);
            if (parts.size() > 1) {
                Description d = parse(parts.get(1));
                name = d.name();
                v = d.version();
            }
        } else if (chrome.find(u)) {
            name = b("Chrome");
            parts = ZeekStrings.splitAll(u, chromeVersion);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version();
            }
        } else if (operaSlash.find(u)) {
            if (operaMiniOrMobiSlash.find(u)) {
                parts = ZeekStrings.splitAll(u, operaMiniOrMobi);
                if (parts.size() > 1) {
                    name = parts.get(1);
                }
                parts = ZeekStrings.splitAll(u, versionSlash);
                if (parts.size() > 1) {
                    v = parse(parts.get(1)).version();
                } else {
                    parts = ZeekStrings.splitAll(u, operaMiniVersion);
                    if (parts.size() > 1) {
                        v = parse(parts.get(1)).version();
                    }
                }
            } else {
                name = b("Opera");
                parts = ZeekStrings.splitAll(u, versionSlash);
                if (parts.size() > 1) {
                    v = parse(parts.get(1)).version();
                }
            }
        } else if (flashPlayer.find(u)) {
            name = b("Flash");
            parts = ZeekStrings.splitAll(u, slashOrSpace);
            if (parts.size() > 2) {
                v = parse(parts.get(2)).version();
            }
        } else if (adobeAir.find(u)) {
            name = b("AdobeAIR");
            parts = ZeekStrings.splitAll(u, adobeAir);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version();
            }
        } else if (webKit.find(u)) {
            name = b("Unspecified WebKit");
            parts = ZeekStrings.splitAll(u, webKit);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version();
            }
        } else if (javaClient.find(u)) {
            name = b("Java");
            parts = ZeekStrings.splitAll(u, javaVersion);
            if (parts.size() > 1) {
                v = parse(parts.get(1)).version();
            }
        }
        return new Description(name, v, u);
    }

    private static boolean contains(byte[] s, byte c) {
        for (byte x : s) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean eq(byte[] s, String t) {
        return java.util.Arrays.equals(s, b(t));
    }
}
