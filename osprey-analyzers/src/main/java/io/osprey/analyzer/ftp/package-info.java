/**
 * FTP (RFC 959, with the EPRT/EPSV extensions of RFC 2428): Zeek's {@code FTP} and {@code FTP_DATA} analyzers
 * (src/analyzer/protocol/ftp, src/analyzer/protocol/file) and scripts (base/protocols/ftp: main.zeek, files.zeek,
 * info.zeek, utils.zeek, utils-commands.zeek, dpd.sig). Writes ftp.log ({@link io.osprey.analyzer.ftp.FtpLog}),
 * labels control connections "ftp" and announced data connections "ftp-data" in conn.log (data channels are scheduled
 * with the engine's expected connections), and hands each data connection's streams to the files framework (files.log,
 * source "FTP_DATA"), linking them to ftp.log by fuid and mime type.
 *
 * <p>After "AUTH TLS" and a 234 reply the connection goes to an SSL child analyzer ({@link io.osprey.analyzer.ssl}),
 * as in Zeek ("ftp,ssl" in conn.log). Known gaps: the TLS inside GSSAPI ADAT exchanges ({@code FTP_ADAT}) is not
 * handed to SSL, and GridFTP (gridftp.zeek) is not implemented; Telnet option
 * negotiation inside the control stream is removed but raises no events; expected data channels are per worker (a
 * data connection handled by another worker than its control connection is not labelled), as Zeek's cluster needs a
 * proxy for it. The policy script protocols/ftp/software (CLNT commands to software.log) is supported;
 * protocols/ftp/detect and detect-bruteforcing (notices) are not.
 */
package io.osprey.analyzer.ftp;
