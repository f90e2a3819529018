package io.osprey.analyzer;

import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for the files framework until its file manager is wired in: files get ids (so protocol logs list them,
 * and transfers with the same handle share one, as in Zeek), but nothing is sniffed, hashed, extracted or logged.
 * One per worker.
 */
final class IdOnlyFiles implements Files {
    private final Map<String, Handle> open = new HashMap<>();

    @Override
    public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth) {
        return new Handle(ctx.env().newId('F'), null);
    }

    @Override
    public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth, String handle) {
        Handle h = open.get(handle);
        if (h == null) {
            if (open.size() >= 10_000) {
                open.clear(); // files never ended (range parts) must not pile up
            }
            h = new Handle(ctx.env().newId('F'), handle);
            open.put(handle, h);
        }
        return h;
    }

    private final class Handle implements FileHandle {
        private final String fuid;
        private final String key;

        Handle(String fuid, String key) {
            this.fuid = fuid;
            this.key = key;
        }

        @Override
        public String fuid() {
            return fuid;
        }

        @Override
        public void setFilename(String filename) {
        }

        @Override
        public void setTotalBytes(long totalBytes) {
        }

        @Override
        public void deliver(MemorySegment data, long offset, int len) {
        }

        @Override
        public void gap(long len) {
        }

        @Override
        public void end() {
            if (key != null) {
                open.remove(key, this);
            }
        }

        @Override
        public String mimeType() {
            return null;
        }
    }
}
