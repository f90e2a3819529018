/**
 * MIME entity parsing (RFC 2045, 2046, 5322 header syntax) shared by the mail protocols: Zeek's {@code MIME_Entity}
 * and {@code MIME_Message} (src/analyzer/protocol/mime). {@link io.osprey.analyzer.mime.MimeMessage} takes a
 * message line by line, splits multipart bodies (nested to {@link io.osprey.analyzer.mime.MimeEntity#MAX_DEPTH}),
 * decodes base64 and quoted-printable content and reports headers, entity boundaries and decoded content to its
 * subclass. Used by SMTP; POP3/IMAP would use it as they are. HTTP uses the syntax helpers, the
 * header view and the base64 decoder; its entity logic stays in {@code HttpEntity} (interleaved with chunking,
 * content codings and Content-Length) and could move onto {@link io.osprey.analyzer.mime.MimeEntity} later.
 */
package io.osprey.analyzer.mime;
