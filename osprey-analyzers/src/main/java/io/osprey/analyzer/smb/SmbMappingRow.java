package io.osprey.analyzer.smb;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One smb_mapping.log row (Zeek's {@code Log::write(SMB::MAPPING_LOG, tree)} after a TREE_CONNECT response).
 * Published by {@link SmbAnalyzer}.
 *
 * @param ts        when the tree record was created, epoch nanoseconds
 * @param path      the share path (UTF-8), or null when the request was not seen
 * @param service   SMB1's service type ("A:", "IPC"), or null
 * @param nativeFs  SMB1's native file system (UTF-8), or null
 * @param shareType "DISK", "PIPE", "PRINT" or "unknown-N"
 */
public record SmbMappingRow(long ts, ConnInfo conn, byte[] path, String service, byte[] nativeFs, String shareType) {
}
