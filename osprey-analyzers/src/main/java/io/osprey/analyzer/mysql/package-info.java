/**
 * MySQL client/server protocol (MySQL's "Client/Server Protocol" documentation, connection phase): protocol
 * recognition for conn.log's {@code service}, with the hand-over to SSL when the client asks for TLS
 * ({@code mysql,ssl}). Zeek's counterpart is {@code src/analyzer/protocol/mysql} (MySQL.cc, mysql-protocol.pac,
 * mysql-analyzer.pac) with {@code scripts/base/protocols/mysql}: registered for ports 1434/tcp and 3306/tcp, no DPD
 * signature.
 *
 * <p>Zeek's rules followed: confirmation when the client's handshake response parses after a v10 or v9 greeting;
 * {@code CLIENT_SSL} in a v10 response starts an SSL child analyzer that gets every later byte, gap and end; binpac's
 * exceptions on connection-phase packets become violations with Zeek's text ("Binpac exception: binpac exception:
 * out_of_bound: ...", "invalid index for case: ...", "&enforce violation : ...", "string mismatch at
 * .../mysql-protocol.pac:LINE: ..."), including binpac's habit of checking a run of fixed-size fields at once under
 * the run's last field's name (MysqlZeekViolationsTest holds 32 cases as Zeek 9.1 reported them); partial
 * connections are ignored and nothing is parsed after a content gap.
 *
 * <p>Not in scope: mysql.log (commands, results, errors) is not written. Known gaps: in the command phase only the
 * client's packets are checked (a command needs its command byte; COM_CHANGE_USER returns to the connection phase,
 * its body unparsed); the server's result sets, column definitions and query attributes are skipped, so binpac
 * failures Zeek would report there are not. A string mismatch quotes the record's rest as Latin-1 text, which the
 * log writer encodes as UTF-8: bytes 0x80-0xff are escaped differently from Zeek's {@code \xHH}.
 * Packets are parsed from their first {@link io.osprey.analyzer.mysql.MysqlAnalyzer#MAX_KEPT} bytes; a check past
 * them counts as passed.
 */
package io.osprey.analyzer.mysql;
