package io.osprey.files;

import io.osprey.engine.analyzer.AnalyzerContext;

/**
 * The files framework as protocol analyzers see it (Zeek's {@code file_mgr}): opens a file for a transfer on the
 * analyzer's connection. One instance per worker, shared by that worker's analyzers.
 */
public interface Files {
    /**
     * Starts a new file carried by the analyzer's connection.
     *
     * @param ctx    the analyzer carrying it (connection, network time, ids)
     * @param source the protocol, as files.log {@code source} prints it ("HTTP")
     * @param isOrig true when the originator sends it (files.log {@code is_orig})
     * @param depth  the transfer's depth within its protocol (files.log {@code depth}; HTTP's trans_depth)
     */
    FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth);
}
