package io.osprey.files;

import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.EndOfInput;
import io.osprey.engine.event.EventBus;
import io.osprey.files.hash.HashAnalyzer;
import io.osprey.files.mime.MimeSniffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The files framework of one worker (Zeek's {@code file_analysis::Manager} plus base/frameworks/files): hands out
 * {@link FileHandle}s to protocol analyzers, keeps the live files by id, attaches the configured file analyzers
 * (hashes, extraction, those registered by MIME type), times out inactive files, and publishes a {@link FileInfo}
 * for files.log when a file ends. Created at setup with the worker's event bus (it subscribes to
 * {@link EndOfInput}); used on the worker thread only.
 *
 * <p><b>Timeouts.</b> Zeek arms a timer per file ({@code default_file_timeout_interval}, 2 min): when it fires and
 * the file was inactive that long, the file times out ({@code timedout=T}) and ends; otherwise the timer is armed
 * again. Here the due timers are checked on every call into the framework, before the call's own activity, with
 * the network time of the calling analyzer, whenever a connection is removed ({@code ConnectionRemoved}), and at
 * the end of input (files inactive long enough first, then, once every connection is flushed, all files still
 * open, as Zeek's {@code file_mgr->Terminate}). A timer is taken to fire at its due time (Zeek fires it at the first
 * packet after): a file that times out while nothing calls in is logged a little later, with the same row.
 *
 * <p><b>Bounds.</b> Per live file: the beginning-of-file buffer ({@code bof_buffer_size}, 4 KiB) and the reassembly
 * buffer ({@code reassembly_buffer_size}, 512 KiB, plus one piece). Live files end at their size, when their
 * protocol ends them, or after the timeout.
 */
public final class FileManager implements Files {
    final FilesConfig config;
    /**
     * Made at the first file's sniff, not with the manager: compiling Zeek's 374 magic signatures costs a cold JVM
     * ~0.1 s, which runs that never see a file (conn-only, DNS only) should not pay.
     */
    private MimeSniffer sniffer;
    private final EventBus events;
    final byte[] empty = new byte[0];
    private byte[] scratch = new byte[16 * 1024];
    /**
     * Beginning-of-file buffers of ended files, for the next files: every file with content needs one for its whole
     * life, and allocating them afresh was a third of a full analysis's allocation (1 GB benchmark capture). At most
     * {@link #MAX_FREE_BOF} are kept.
     */
    private final java.util.ArrayDeque<byte[]> freeBof = new java.util.ArrayDeque<>();
    private static final int MAX_FREE_BOF = 64;
    private final Map<String, FileState> live = new HashMap<>();
    private final FileTimers timers = new FileTimers();
    private final byte[] keySalt;
    /** Network time of the latest call into the framework, ns: files found inside files are created at it. */
    private long now;
    /**
     * Script-level events Zeek queues and runs at the next dispatch (here: ZIP::file's filename for a file found in
     * an archive, as fuid and name pairs). Zeek dispatches at file_new, file_sniff and the other events it handles
     * at once, and after each packet; a file already gone by then keeps no filename, as in Zeek.
     */
    private final java.util.ArrayDeque<String> pendingNames = new java.util.ArrayDeque<>();
    /** Children created so far, for their deterministic ids. */
    private long children;
    /** Extraction outputs that could not be opened. */
    long extractFailures;
    private long files;

    /**
     * @param config settings (read at each file's creation)
     * @param events the worker's event bus: {@link FileInfo} goes out on it, {@link EndOfInput} comes in
     * @param seed   seed of the file ids derived from keys (the run's uid seed), so runs are reproducible
     */
    public FileManager(FilesConfig config, EventBus events, long seed) {
        this.config = config;
        this.events = events;
        this.keySalt = Long.toString(seed).getBytes(StandardCharsets.US_ASCII);
        events.subscribe(EndOfInput.class, this::endOfInput);
        // A removed connection is a moment with a known network time: fire the file timers due by then.
        events.subscribe(io.osprey.engine.event.ConnectionRemoved.class, e -> expire(e.ts()));
    }

    /** Files created so far. */
    public long files() {
        return files;
    }

    /** Files open now. */
    public int liveFiles() {
        return live.size();
    }

    /** A beginning-of-file buffer of {@code size} bytes (contents undefined), reused when one is free. */
    byte[] takeBofBuffer(int size) {
        byte[] b = freeBof.poll();
        return b != null && b.length == size ? b : new byte[size];
    }

    /** Gives back a file's beginning-of-file buffer when the file ends; nothing may use it afterwards. */
    void giveBofBuffer(byte[] b) {
        if (b.length == config.bofBufferSize && freeBof.size() < MAX_FREE_BOF) {
            freeBof.push(b);
        }
    }

    /** Inactivity timers armed now: one per live file (an ended file keeps none, so nothing keeps it reachable). */
    int armedTimers() {
        return timers.size();
    }

    /** Extractions whose output file could not be opened (Zeek reports each as an error). */
    public long extractFailures() {
        return extractFailures;
    }

    @Override
    public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth, String key) {
        String fuid = key == null ? ctx.env().newId('F') : keyedId(key);
        return new Handle(this, ctx, fuid, source, isOrig, depth);
    }

    private MessageDigest keyDigest;

    /** A file id derived from a protocol's file handle string (Zeek hashes the handle into the id). */
    String keyedId(String key) {
        try {
            // One digest per manager (a manager belongs to one worker): getInstance looks the provider up each time,
            // which cost more than the hashing for HTTP's one id per body.
            MessageDigest md = keyDigest;
            if (md == null) {
                md = keyDigest = MessageDigest.getInstance("MD5");
            }
            md.update(keySalt);
            md.update((byte) 0);
            byte[] h = md.digest(key.getBytes(StandardCharsets.UTF_8));
            long a = 0;
            long b = 0;
            for (int i = 0; i < 8; i++) {
                a = (a << 8) | (h[i] & 0xFF);
                b = (b << 8) | (h[8 + i] & 0xFF);
            }
            StringBuilder sb = new StringBuilder(20).append('F');
            base62(sb, a >>> 1);
            base62(sb, b & 0xFFFF_FFFFL);
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void base62(StringBuilder sb, long v) {
        final String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] buf = new char[12];
        int i = buf.length;
        do {
            buf[--i] = digits.charAt((int) (v % 62));
            v /= 62;
        } while (v != 0);
        sb.append(buf, i, buf.length - i);
    }

    // ------------------------------------------------------------------------------------------- file lifecycle

    /**
     * The live file of {@code h}, created when there is none (Zeek's GetFile): a new file gets its analyzers
     * (file_new) and the handle's connection (file_over_new_connection); an existing one becomes active now and,
     * with {@code updateConn}, gains the handle's connection if it is new to it.
     */
    FileState getFile(Handle h, boolean updateConn) {
        long now = h.ctx.networkTime();
        expire(now);
        FileState f = live.get(h.fuid);
        if (f == null) {
            f = new FileState(this, h.fuid, h.source, h.isOrig, h.depth, now);
            register(f);
            f.addConn(h.ctx.conn());
            overNewConnection(f, h);
        } else {
            f.lastActive = now;
            if (updateConn && f.addConn(h.ctx.conn())) {
                overNewConnection(f, h);
            }
        }
        return f;
    }

    /** A new live file: counted, its inactivity timer armed, file_new raised (Zeek's GetFile for a new id). */
    private void register(FileState f) {
        FileState previous = live.put(f.fuid, f);
        if (previous != null) {
            timers.remove(previous); // superseded under the same id: its timer no longer fires (as before)
        }
        files++;
        timers.arm(f, f.created + config.timeoutIntervalNanos);
        fileNew(f);
        // file_new is dispatched at once in Zeek, and with it whatever was queued before.
        drainEvents();
    }

    /**
     * A file found inside {@code parent} (see {@link FileState#openChild}): Zeek's file_begin creates it without a
     * connection (so no file_over_new_connection and no local_orig), then gives it the parent as parent_id, the
     * parent's connections and is_orig.
     */
    FileState newChild(FileState parent, String source) {
        expire(now);
        String fuid = keyedId("child\0" + parent.fuid + "\0" + (children++));
        FileState f = new FileState(this, fuid, source, parent.isOrig, 0, now);
        f.nesting = parent.nesting + 1;
        f.parentFuid = parent.fuid;
        f.conns = parent.conns;
        f.root = parent.root;
        register(f);
        return f;
    }

    /**
     * Content for a child file id whose file already ended (it reached the size its header announced): Zeek's
     * DataIn creates a new file with that id, without connection, parent or is_orig.
     */
    FileState newOrphan(String fuid, String source, int nesting) {
        expire(now);
        FileState f = new FileState(this, fuid, source, null, 0, now);
        f.nesting = nesting;
        register(f);
        return f;
    }

    /** Network time of the latest call into the framework, ns. */
    long now() {
        return now;
    }

    /** The live file with id {@code fuid}, or null. */
    FileState live(String fuid) {
        return live.get(fuid);
    }

    /** Queues ZIP::file's filename for {@code fuid} (applied at the next dispatch if the file is still live). */
    void queueFilename(String fuid, String filename) {
        if (pendingNames.size() < 2 * MAX_PENDING_NAMES) {
            pendingNames.add(fuid);
            pendingNames.add(filename);
        }
    }

    /**
     * Upper bound on queued filename events (pairs): one per archive entry between two dispatches; Zeek dispatches
     * at every new file, so more than a handful never pile up. Bounded anyway against hostile input.
     */
    static final int MAX_PENDING_NAMES = 4096;

    /** Runs the queued script-level events (Zeek's event_mgr.Drain()). */
    void drainEvents() {
        while (!pendingNames.isEmpty()) {
            String fuid = pendingNames.poll();
            String name = pendingNames.poll();
            // base/files/zip's ZIP::file handler: only if the file still exists.
            FileState f = live.get(fuid);
            if (f != null && !f.done) {
                f.filename = name;
            }
        }
    }

    /** The file analyzer called {@code name} for {@code f} (those registered by MIME type), or null if none runs here. */
    FileAnalyzer newAnalyzer(String name, FileState f) {
        if (name.equals(io.osprey.files.zip.ZipAnalyzer.NAME)) {
            return new io.osprey.files.zip.ZipAnalyzer(f, config.zip);
        }
        return null;
    }

    /** Publishes a file analyzer's violation for analyzer.log. */
    void violation(FileState f, String analyzer, String reason, byte[] data, int off, int len) {
        if (!events.wants(io.osprey.engine.analyzer.FileAnalyzerFailure.class)) {
            return;
        }
        String d = null;
        if (data != null && len > 0) {
            int n = Math.min(len, io.osprey.engine.analyzer.AnalyzerLog.FAILURE_DATA_MAX_SIZE);
            d = new String(data, off, n, StandardCharsets.ISO_8859_1);
        }
        ConnInfo c = f.conns.size() == 1 ? f.conns.get(0) : null;
        events.publish(new io.osprey.engine.analyzer.FileAnalyzerFailure(now, analyzer, f.fuid, c, reason, d));
    }

    /** Zeek's file_new handlers: hash-all-files and extract-all-files attach their analyzers. */
    private void fileNew(FileState f) {
        for (FilesConfig.Hash h : FilesConfig.Hash.values()) {
            if (config.hashes.contains(h)) {
                f.addAnalyzer(new HashAnalyzer(h), 0);
            }
        }
        if (config.extractDir != null) {
            f.addExtract(config.extractDir);
        }
    }

    /** Zeek's file_over_new_connection handlers: local_orig (base/frameworks/files), filename and owner (HTTP). */
    private void overNewConnection(FileState f, Handle h) {
        ConnInfo c = h.ctx.conn();
        if (!config.localNets.isEmpty()) {
            f.localOrig = Boolean.TRUE.equals(f.isOrig) ? config.localNets.contains(c.origHi(), c.origLo())
                    : config.localNets.contains(c.respHi(), c.respLo());
        }
        f.sniffOwner = h;
        if (h.connListener != null) {
            h.connListener.run(); // a protocol's handler may name the file here (HTTP's Content-Disposition)
        }
        if (h.filename != null) {
            f.filename = h.filename;
        }
    }

    /** Called by a file at its end (Zeek's file_state_remove): publishes its files.log content, forgets it. */
    void stateRemove(FileState f) {
        if (live.get(f.fuid) == f) {
            live.remove(f.fuid);
        }
        timers.remove(f);
        if (events.wants(FileInfo.class)) {
            events.publish(new FileInfo(f.created, f.lastActive, f.fuid, List.copyOf(f.conns), f.source, f.depth,
                    List.copyOf(f.analyzerNames), f.mimeType, f.filename, f.localOrig, f.isOrig, f.seenBytes,
                    f.totalBytes, f.missingBytes, f.overflowBytes, f.timedout, f.parentFuid, f.md5, f.sha1, f.sha256,
                    f.extracted, f.extractedCutoff, f.extractedSize));
        }
    }

    /** Fires the inactivity timers due by {@code now} (Zeek's FileTimer::Dispatch). */
    void expire(long now) {
        if (now > this.now) {
            this.now = now;
        }
        FileState f;
        while ((f = timers.peek()) != null && f.timerAt <= now) {
            long at = f.timerAt;
            if (at - f.lastActive >= config.timeoutIntervalNanos) {
                timers.remove(f);
                timeout(f);
            } else {
                timers.arm(f, at + config.timeoutIntervalNanos);
            }
        }
    }

    private void timeout(FileState f) {
        f.timedout = true;
        f.endOfFile();
    }

    private void endOfInput(EndOfInput e) {
        long now = e.networkTime();
        if (!e.connectionsDrained()) {
            // Zeek expires every pending timer at shutdown: files inactive for the interval time out now.
            expire(now);
            for (FileState f : new ArrayList<>(live.values())) {
                if (now - f.lastActive >= config.timeoutIntervalNanos) {
                    timeout(f);
                }
            }
        } else {
            // Zeek's file_mgr->Terminate(): every file still open times out, in id order.
            for (FileState f : new TreeMap<>(live).values()) {
                timeout(f);
            }
            timers.clear();
        }
    }

    /** {@code seg[off, off+len)} copied into the worker's scratch buffer (valid until the next call). */
    byte[] copy(MemorySegment seg, long off, int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, scratch, 0, len);
        return scratch;
    }

    // ------------------------------------------------------------------------------------------- handles

    /** One analyzer's view of a file (see {@link FileHandle}); several may share a fuid when opened by key. */
    /** The worker's MIME sniffer (made on first use; owned by the worker thread, like the manager). */
    MimeSniffer sniffer() {
        MimeSniffer s = sniffer;
        if (s == null) {
            s = MimeSniffer.zeekDefault();
            sniffer = s;
        }
        return s;
    }

    static final class Handle implements FileHandle {
        private final FileManager mgr;
        final AnalyzerContext ctx;
        final String fuid;
        final String source;
        final boolean isOrig;
        final int depth;
        String filename;
        private boolean ended;
        private String mime;
        private Consumer<String> listener;
        private Consumer<String> sniffListener;
        private Runnable connListener;

        Handle(FileManager mgr, AnalyzerContext ctx, String fuid, String source, boolean isOrig, int depth) {
            this.mgr = mgr;
            this.ctx = ctx;
            this.fuid = fuid;
            this.source = source;
            this.isOrig = isOrig;
            this.depth = Math.max(0, depth);
        }

        @Override
        public String fuid() {
            return fuid;
        }

        @Override
        public void setFilename(String filename) {
            this.filename = filename;
        }

        @Override
        public void setTotalBytes(long totalBytes) {
            if (ended || totalBytes < 0) {
                return;
            }
            FileState f = mgr.getFile(this, true);
            f.totalBytes = totalBytes;
            if (f.isComplete()) {
                f.endOfFile();
            }
        }

        @Override
        public void deliver(MemorySegment data, long offset, int len) {
            if (ended || len < 0) {
                return;
            }
            // In-order data does not add connections (Zeek's sequential DataIn passes update_conn=false).
            FileState f = mgr.getFile(this, false);
            f.deliverChunk(mgr.copy(data, offset, len), 0, len, f.streamOffset);
            if (f.isComplete()) {
                f.endOfFile();
            }
        }

        @Override
        public void deliverAt(long fileOffset, MemorySegment data, long offset, int len) {
            if (ended || len < 0 || fileOffset < 0) {
                return;
            }
            FileState f = mgr.getFile(this, true);
            f.deliverChunk(mgr.copy(data, offset, len), 0, len, fileOffset);
            if (f.isComplete()) {
                f.endOfFile();
            }
        }

        @Override
        public void gap(long len) {
            if (ended || len <= 0) {
                return;
            }
            FileState f = mgr.getFile(this, true);
            f.gap(f.streamOffset, len);
        }

        @Override
        public void gap(long fileOffset, long len) {
            if (ended || len <= 0 || fileOffset < 0) {
                return;
            }
            mgr.getFile(this, true).gap(fileOffset, len);
        }

        @Override
        public void end() {
            if (ended) {
                return;
            }
            ended = true;
            mgr.expire(ctx.networkTime());
            FileState f = mgr.live.get(fuid);
            if (f != null) {
                f.endOfFile();
            }
        }

        @Override
        public String mimeType() {
            if (mime != null) {
                return mime;
            }
            FileState f = mgr.live.get(fuid);
            return f == null ? null : f.mimeType;
        }

        @Override
        public void onMimeType(Consumer<String> listener) {
            this.listener = listener;
        }

        @Override
        public void onSniff(Consumer<String> listener) {
            this.sniffListener = listener;
        }

        @Override
        public void onNewConnection(Runnable listener) {
            this.connListener = listener;
        }

        /** The file this handle owns was sniffed. */
        void sniffed(String mimeType) {
            mime = mimeType;
            if (listener != null) {
                listener.accept(mimeType);
            }
            if (sniffListener != null) {
                sniffListener.accept(mimeType);
            }
        }

        /** The file this handle owns was sniffed and no signature matched. */
        void sniffedNothing() {
            if (sniffListener != null) {
                sniffListener.accept(null);
            }
        }
    }
}
