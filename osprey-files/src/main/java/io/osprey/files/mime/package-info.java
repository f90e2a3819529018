/**
 * MIME type sniffing by content with Zeek 9.1's file magic signatures (base/frameworks/files/magic/*.sig, bundled as
 * zeek-magic.tsv) and Zeek's choice among several matches (highest strength, then the first type in byte order).
 * Checked against Zeek's {@code identify_data} on thousands of real files (see MimeSnifferTest).
 */
package io.osprey.files.mime;
