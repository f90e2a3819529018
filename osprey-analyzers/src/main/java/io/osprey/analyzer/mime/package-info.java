/**
 * MIME entity parsing (RFC 2045, 2046, 5322 header syntax) shared by the mail protocols: Zeek's {@code MIME_Entity}
 * and {@code MIME_Message} (src/analyzer/protocol/mime). {@link io.osprey.analyzer.mime.MimeMessage} takes a
 * message line by line, splits multipart bodies (nested to {@link io.osprey.analyzer.mime.MimeEntity#MAX_DEPTH}),
 * decodes base64 and quoted-printable content and reports headers, entity boundaries and decoded content to its
 * subclass. Used by SMTP and POP3 (through {@link io.osprey.analyzer.mime.MimeMessage}); IMAP would use it as it is.
 * HTTP extends {@link io.osprey.analyzer.mime.MimeEntity} with its {@code HttpEntity} (Zeek's {@code HTTP_Entity}:
 * Content-Length, chunked and compressed bodies stay in the http package) and uses the syntax helpers, the header
 * view and the base64 decoder, so each piece of Zeek's {@code MIME_Entity} exists once.
 */
package io.osprey.analyzer.mime;
