package io.osprey.analyzer.smb;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One smb_files.log row (Zeek's {@code Log::write(SMB::FILES_LOG, f)} in {@code SMB::write_file_log}): a snapshot of
 * the file's script state at that moment. Published by {@link SmbAnalyzer}; arrays are not modified afterwards.
 *
 * @param ts       when the file record was created (Zeek's {@code &default=network_time()}), epoch nanoseconds
 * @param fuid     the files framework's id once data flowed, or null
 * @param path     the tree's path (UTF-8), or null
 * @param name     the file name (UTF-8)
 * @param prevName the name before a rename, or null
 * @param times    raw FILETIMEs modified, accessed, created, changed; or null when unknown
 */
public record SmbFileRow(long ts, ConnInfo conn, String fuid, SmbAction action, byte[] path, byte[] name, long size,
                         byte[] prevName, long[] times) {
}
