package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * The IRC state of one connection as Zeek's scripts keep it ({@code c$irc}, an {@code IRC::Info} record): shared, as
 * the record is in Zeek, between the connection and the DCC transfers it announced ({@code dcc_expected_transfers}),
 * so a transfer's fuid shows on the connection's later rows too. Mutable; used on the worker thread only.
 */
final class IrcSession {
    final ConnInfo conn;
    long ts;
    String nick;
    String user;
    String command;
    String value;
    String addl;
    String dccFileName;
    long dccFileSize = -1;
    String dccMimeType;
    String fuid;

    IrcSession(ConnInfo conn) {
        this.conn = conn;
    }

    /** The row {@code Log::write} would write now. */
    IrcMessage snapshot() {
        return new IrcMessage(conn, ts, nick, user, command, value, addl, dccFileName, dccFileSize, dccMimeType, fuid);
    }
}
