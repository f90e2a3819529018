/**
 * SMTP (RFC 5321) with BDAT chunking (RFC 3030) and STARTTLS (RFC 3207): Zeek's {@code SMTP} analyzer
 * (src/analyzer/protocol/smtp) and scripts (base/protocols/smtp: main.zeek, entities.zeek, files.zeek, dpd.sig).
 * Writes smtp.log ({@link io.osprey.analyzer.smtp.SmtpLog}), hands each MIME entity of a message to the files
 * framework (files.log, source "SMTP"), and raises Zeek's SMTP weirds.
 *
 * <p>After STARTTLS the connection goes to an SSL child analyzer ({@link io.osprey.analyzer.ssl}), as in Zeek.
 * Known gaps: the optional {@code SMTP::enable_rfc822_msg_file_analysis} (off by default) and the policy scripts
 * (protocols/smtp/software: {@code is_webmail}, blocklists, detect-suspicious-orig) are not implemented.
 */
package io.osprey.analyzer.smtp;
