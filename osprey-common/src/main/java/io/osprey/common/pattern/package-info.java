/**
 * Zeek's regular expressions and the string built-ins built on them, for logic ported from Zeek scripts and
 * signatures (file magic, the software framework's version parser). {@link io.osprey.common.pattern.ZeekPattern}
 * matches in linear time by NFA simulation with Zeek's semantics (bytes, longest prefix match, {@code ^}/{@code $}
 * as begin/end of input); {@link io.osprey.common.pattern.ZeekStrings} has split_string_n, sub/gsub, strip,
 * unescape_URI and extract_count with Zeek's edge cases. Counterparts: src/RE.cc, src/re-scan.l, src/re-parse.y,
 * src/strings.bif. Gaps: named definitions ({@code {NAME}}) are not supported (no Zeek script used here needs them).
 */
package io.osprey.common.pattern;
