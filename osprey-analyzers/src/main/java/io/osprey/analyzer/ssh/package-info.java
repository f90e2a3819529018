/**
 * SSH (RFC 4253): protocol recognition for conn.log's {@code service} and the non-standard-port notices; Zeek's
 * counterpart is {@code src/analyzer/protocol/ssh} with {@code scripts/base/protocols/ssh}. Known gap: ssh.log is not
 * written yet (a later issue).
 */
package io.osprey.analyzer.ssh;
