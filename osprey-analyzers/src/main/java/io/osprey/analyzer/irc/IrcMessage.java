package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One irc.log row (Zeek's {@code IRC::Info} at a {@code Log::write}): published on the event bus by
 * {@link IrcAnalyzer} (NICK, USER, JOIN) and {@link IrcDataAnalyzer} (DCC); immutable. Text fields are the wire bytes
 * as ISO-8859-1 strings; null means unset.
 *
 * @param conn        the IRC connection
 * @param ts          time of the session's last message (ns since the epoch)
 * @param nick        the nick set before, or null
 * @param user        the user set before, or null
 * @param command     the command
 * @param value       its value, or null
 * @param addl        additional text, or null
 * @param dccFileName the file a DCC SEND offered, or null
 * @param dccFileSize its announced size, or -1
 * @param dccMimeType its sniffed type, or null
 * @param fuid        the file transferred, or null
 */
public record IrcMessage(ConnInfo conn, long ts, String nick, String user, String command, String value, String addl,
                         String dccFileName, long dccFileSize, String dccMimeType, String fuid) {
}
