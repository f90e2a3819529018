package io.osprey.files;

import io.osprey.engine.analyzer.AnalyzerContext;

/**
 * The files framework as protocol analyzers see it (Zeek's {@code file_mgr}): opens a file for a transfer on the
 * analyzer's connection. One instance per worker, shared by that worker's analyzers, used on the worker's thread.
 *
 * <p>Opening is cheap and creates nothing yet: as in Zeek, the file comes into existence (files.log {@code ts},
 * analyzers attached) with the first content, gap or size reported through the handle, so a transfer with an
 * empty body leaves no file.
 */
public interface Files {
    /**
     * Starts a new file carried by the analyzer's connection, with a fresh file id.
     *
     * @param ctx    the analyzer carrying it (connection, network time, ids)
     * @param source the protocol, as files.log {@code source} prints it ("HTTP")
     * @param isOrig true when the originator sends it (files.log {@code is_orig})
     * @param depth  files.log {@code depth}: SMTP's MIME depth; HTTP leaves it 0, as Zeek does
     */
    default FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth) {
        return open(ctx, source, isOrig, depth, null);
    }

    /**
     * Starts or joins a file identified by {@code key} (Zeek's {@code get_file_handle} string): while a file
     * opened with the same key is still live, further data through any handle with that key goes to that one file
     * (HTTP range requests fetching pieces of one file over several connections); its connections are unrolled into
     * one files.log row each, sharing the fuid. The fuid is derived from the key, so it is the same each time the
     * key is used, as Zeek hashes the handle into the id.
     *
     * @param key the protocol's file handle string, or null for a file of its own with a fresh id
     */
    FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth, String key);
}
