package io.osprey.files;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.List;

/**
 * Event: a file's analysis is over (Zeek's {@code file_state_remove}), with what files.log says about it (Zeek's
 * {@code Files::Info}). Published on the worker's event bus by the {@link FileManager}; {@link FilesLog} writes one
 * row per connection the file was seen on (Zeek 5.1+ unrolls them). Unset optional fields are null, or -1 for
 * counts.
 *
 * @param ts             when the file was first seen (network time, ns)
 * @param lastActive     when it last had activity (ns); files.log {@code duration} = lastActive - ts
 * @param fuid           the file id
 * @param conns          the connections it was seen on, in the order they joined (empty for none)
 * @param source         the protocol it came over ("HTTP")
 * @param depth          the depth within its protocol (SMTP's MIME depth; 0 for HTTP)
 * @param analyzers      the file analyzers attached, in the order attached
 * @param mimeType       the sniffed MIME type
 * @param filename       the name the transfer gave it
 * @param localOrig      whether the sender is local (Site::local_nets), null when no local nets are set
 * @param isOrig         whether the connection's originator sent it; null when unknown (a file without a
 *                       connection)
 * @param seenBytes      bytes delivered to the file's analyzers
 * @param totalBytes     the announced size, -1 when unknown
 * @param missingBytes   bytes lost in holes
 * @param overflowBytes  bytes dropped because they could not be reassembled
 * @param timedout       whether the file timed out (no activity for the timeout interval, or still open at the
 *                       end of input)
 * @param parentFuid     the containing file's id, for files found inside another (ZIP entries)
 * @param md5            MD5 digest (hex), when computed over complete content
 * @param sha1           SHA1 digest (hex)
 * @param sha256         SHA256 digest (hex)
 * @param extracted      the extracted file's name (in the extraction directory)
 * @param extractedCutoff whether extraction stopped at the size limit, null when not extracted
 * @param extractedSize  bytes extracted when cut off (the limit), else -1
 */
public record FileInfo(long ts, long lastActive, String fuid, List<ConnInfo> conns, String source, int depth,
                       List<String> analyzers, String mimeType, String filename, Boolean localOrig, Boolean isOrig,
                       long seenBytes, long totalBytes, long missingBytes, long overflowBytes, boolean timedout,
                       String parentFuid, String md5, String sha1, String sha256, String extracted,
                       Boolean extractedCutoff, long extractedSize) {
}
