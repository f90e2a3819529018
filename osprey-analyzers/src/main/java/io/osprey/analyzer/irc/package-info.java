/**
 * IRC (RFC 1459, RFC 2812; DCC per the CTCP/DCC conventions): Zeek's IRC analyzer (src/analyzer/protocol/irc) with
 * base/protocols/irc (main.zeek, dcc-send.zeek, files.zeek, dpd.sig). {@code IrcAnalyzer} splits both directions
 * into lines (Zeek's ContentLine with a 1000-byte limit), confirms on a valid client command and writes irc.log rows
 * for NICK, USER, JOIN/NJOIN and DCC SEND; a DCC SEND schedules {@code IrcDataAnalyzer} (IRC_DATA) for the announced
 * data connection, which is labelled "irc-dcc-data" and whose responder stream becomes a file (source IRC_DATA)
 * linked from irc.log's fuid.
 *
 * <p>After STARTTLS accepted by reply 670 the rest of the connection goes to an SSL child analyzer, as in Zeek
 * ({@link io.osprey.analyzer.ssl}). Known gaps: no ZIP (server-to-server compression) support, the events without a
 * handler in Zeek's base scripts (PRIVMSG text, NOTICE, WHO, ...) are parsed only as far as their weirds need, over the line buffer without
 * allocating; the logged messages (NICK, USER, JOIN, DCC) are decoded into short-lived strings.
 */
package io.osprey.analyzer.irc;
