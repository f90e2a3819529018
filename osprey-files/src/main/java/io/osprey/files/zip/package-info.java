/**
 * Zeek 9.1's ZIP file analyzer (src/file_analysis/analyzer/zip: zip.spicy, zeek_zip.spicy; scripts base/files/zip,
 * policy files/zip/register, which attaches it to files sniffed as application/zip): every local file entry of an
 * archive becomes a file of its own (files.log source "ZIP", filename = the entry's path, parent_fuid = the archive),
 * stored and deflate content, data descriptors found by scanning for their signature and checking the CRC as Zeek
 * does, central directory and end-of-central-directory records read and skipped. Streams: the archive arrives in
 * chunks, memory stays bounded (headers up to 64 KiB names, one inflate window). Known gaps: ZIP64 is refused as
 * in Zeek; the ZIP::file and ZIP::end_of_directory script events are not exposed (only their effect on files.log);
 * violation reasons follow Spicy's wording without its source locations.
 */
package io.osprey.files.zip;
