package io.osprey.files;

import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.files.extract.ExtractAnalyzer;
import io.osprey.files.hash.HashAnalyzer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One live file (Zeek's {@code file_analysis::File} with its script-level {@code Files::Info}): byte accounting,
 * the beginning-of-file buffer and MIME sniffing, out-of-order reassembly, the attached file analyzers, the
 * connections it was seen on, and what files.log will say. Created and driven by its {@link FileManager} on the
 * worker thread; file analyzers report their results through the public setters.
 *
 * <p>The byte flow follows Zeek's File.cc: content goes through {@link #deliverChunk} (at an offset; in order or to
 * the reassembler), in-order content through {@link #deliverStream} (beginning-of-file buffer, sniffing once it holds
 * {@code bof_buffer_size} bytes, the analyzers, {@code seen_bytes}), holes through {@link #gap} ({@code missing_bytes});
 * the file ends at its total size, on {@link FileHandle#end()}, or on timeout.
 */
public final class FileState {
    final FileManager mgr;
    final String fuid;
    final String source;
    /** files.log {@code is_orig}; null when unset (a file without a connection, as Zeek leaves it). */
    final Boolean isOrig;
    final int depth;
    /** files.log {@code parent_fuid}: the file this one was found in (ZIP entries), else null. */
    String parentFuid;
    /**
     * How deep in files-within-files this file is (Spicy's file analysis depth: 0 for a file a protocol carries, the
     * parent's plus one for a file found inside a file). Analyzers that open files stop at Zeek's
     * {@code Spicy::max_file_depth}.
     */
    int nesting;
    /** The outermost file of this file's tree (itself for a file a protocol carries). */
    FileState root = this;
    /** On a root: bytes file analyzers produced from files in its tree so far (decompressed archive content). */
    private long treeBytes;
    /** files.log {@code ts}: network time when the file was created, ns. */
    final long created;
    /** Zeek's {@code last_active}, ns. */
    long lastActive;
    /** When the inactivity timer is due next, ns (Zeek's FileTimer); kept by {@link FileTimers}. */
    long timerAt;
    /** Order in which the timer was armed (ties of {@link #timerAt} fire in this order); kept by {@link FileTimers}. */
    long timerSeq;
    /** Position in {@link FileTimers}' heap, -1 when no timer is armed. */
    int timerIndex = -1;

    /** The connections it was seen on; a child file shares its parent's list, as Zeek's file_begin shares the table. */
    List<ConnInfo> conns = new ArrayList<>(1);
    Boolean localOrig;
    String filename;
    long totalBytes = -1;

    long streamOffset;
    long seenBytes;
    long missingBytes;
    long overflowBytes;
    boolean timedout;
    boolean done;

    private byte[] bof;
    private int bofLen;
    private boolean bofFull;
    private boolean didInference;
    String mimeType;

    private final boolean reassemblyEnabled;
    private FileReassembler reassembler;

    private FileAnalyzer[] analyzers = new FileAnalyzer[0];
    final Set<String> analyzerNames = new LinkedHashSet<>();
    String md5;
    String sha1;
    String sha256;
    String extracted;
    Boolean extractedCutoff;
    long extractedSize = -1;

    /** The handle told of the sniffed MIME type (the last to join). */
    FileManager.Handle sniffOwner;

    FileState(FileManager mgr, String fuid, String source, Boolean isOrig, int depth, long now) {
        this.mgr = mgr;
        this.fuid = fuid;
        this.source = source;
        this.isOrig = isOrig;
        this.depth = depth;
        this.created = now;
        this.lastActive = now;
        this.reassemblyEnabled = mgr.config.reassemblyBufferSize > 0;
    }

    /** The file id. */
    public String fuid() {
        return fuid;
    }

    /** The source protocol ("HTTP"). */
    public String source() {
        return source;
    }

    /** Zeek's {@code last_active}, ns since the epoch. */
    public long lastActive() {
        return lastActive;
    }

    /** Files-within-files depth: 0 for a file a protocol carries, one more per containing file. */
    public int nesting() {
        return nesting;
    }

    /**
     * Counts {@code n} more bytes produced (decompressed) from this file's tree and returns the tree's total, so an
     * analyzer can hold a whole nest of archives to one budget (zip bombs).
     */
    public long chargeTree(long n) {
        root.treeBytes += n;
        return root.treeBytes;
    }

    /**
     * Starts a file found inside this one (Zeek's Spicy {@code file_begin} called from a file analyzer): a fresh
     * file id, {@code source} as files.log's source, this file as its parent ({@code parent_fuid}), sharing this
     * file's connections and {@code is_orig}; the configured analyzers (hashes, extraction) attach at once
     * (file_new). Called by file analyzers (ZIP) while this file's content is delivered to them; the caller must end
     * the child ({@link ChildFile#end()}) when it is over, at the latest when this file ends.
     */
    public ChildFile openChild(String source) {
        return new ChildFile(mgr, mgr.newChild(this, source), source);
    }

    /**
     * A file analyzer attached to this file found its input malformed (Zeek's {@code AnalyzerViolation} of a file
     * analyzer): analyzer.log gets a row with this file's id (and its connection when it has exactly one).
     *
     * @param analyzer the analyzer's name ("ZIP")
     * @param data     the offending bytes (the first 40 are logged), or null
     */
    public void analyzerViolation(String analyzer, String reason, byte[] data, int off, int len) {
        mgr.violation(this, analyzer, reason, data, off, len);
    }

    // ------------------------------------------------------------------------------------------- analyzers

    /**
     * Attaches a file analyzer (Zeek's {@code Files::add_analyzer}): listed in files.log's {@code analyzers}; an
     * analyzer of a name already attached is not attached twice. Analyzers attached after content arrived are
     * first given the beginning-of-file buffer (Zeek's catch-up), so they see the file from its first byte as
     * long as they are attached before that buffer is full.
     *
     * @param catchUp bytes of the beginning-of-file buffer to replay to it first
     */
    void addAnalyzer(FileAnalyzer a, int catchUp) {
        if (done || !analyzerNames.add(a.name())) {
            return;
        }
        if (catchUp > 0 && !a.deliverStream(bof, 0, catchUp)) {
            a.removed();
            return;
        }
        analyzers = Arrays.copyOf(analyzers, analyzers.length + 1);
        analyzers[analyzers.length - 1] = a;
    }

    /** Lists an analyzer name in files.log without running anything (file analyzers Osprey lacks yet). */
    void listAnalyzer(String name) {
        if (!done) {
            analyzerNames.add(name);
        }
    }

    private void remove(FileAnalyzer a) {
        FileAnalyzer[] n = new FileAnalyzer[analyzers.length - 1];
        int j = 0;
        for (FileAnalyzer x : analyzers) {
            if (x != a) {
                n[j++] = x;
            }
        }
        analyzers = n;
        a.removed();
    }

    /** Zeek's {@code file_hash} handler (base/files/hash): the digest for files.log. */
    public void setHash(FilesConfig.Hash kind, String hex) {
        switch (kind) {
            case MD5 -> md5 = hex;
            case SHA1 -> sha1 = hex;
            case SHA256 -> sha256 = hex;
        }
    }

    /** Zeek's {@code file_extraction_limit} handler: the extracted file was cut at {@code limit} bytes. */
    public void extractionLimit(long limit) {
        extractedCutoff = true;
        extractedSize = limit;
        // file_extraction_limit is one of the events Zeek dispatches at once.
        mgr.drainEvents();
    }

    /** Attaches extraction (Zeek's {@code FileExtract::on_add}): names the output and opens it. */
    void addExtract(java.nio.file.Path dir) {
        String name = ExtractAnalyzer.safeName("extract-" + formatTime(lastActive) + "-" + source + "-" + fuid);
        if (analyzerNames.contains("EXTRACT")) {
            return;
        }
        extracted = name;
        extractedCutoff = false;
        ExtractAnalyzer a = new ExtractAnalyzer(this, dir, name, mgr.config.extractLimit,
                mgr.config.extractLimitIncludesMissing);
        if (a.failed()) {
            mgr.extractFailures++;
        }
        addAnalyzer(a, bofLen);
    }

    /** A time as Zeek's {@code cat()} prints it: seconds with 6 decimals. */
    static String formatTime(long nanos) {
        double s = io.osprey.log.ZeekTime.seconds(nanos);
        return String.format(java.util.Locale.ROOT, "%.6f", s);
    }

    // ------------------------------------------------------------------------------------------- content

    /** Total size known and reached (Zeek's IsComplete). */
    boolean isComplete() {
        return totalBytes >= 0 && streamOffset >= totalBytes;
    }

    /** Content at {@code offset} (Zeek's DeliverChunk): in order, to the reassembler, or dropped as overflow. */
    void deliverChunk(byte[] data, int off, int len, long offset) {
        if (offset < 0) {
            return;
        }
        if (reassembler != null) {
            long max = mgr.config.reassemblyBufferSize;
            if (max > 0 && max < reassembler.totalSize()) {
                overflowBytes += reassembler.flush();
            }
            reassembler.newBlock(offset, data, off, len);
        } else if (streamOffset == offset) {
            deliverStream(data, off, len);
        } else if (reassemblyEnabled) {
            reassembler = new FileReassembler(this, streamOffset);
            reassembler.newBlock(offset, data, off, len);
        } else {
            overflowBytes += len;
        }
        if (isComplete()) {
            endOfFile();
        }
    }

    /** In-order content (Zeek's File::DeliverStream). */
    void deliverStream(byte[] data, int off, int len) {
        if (done) {
            return;
        }
        boolean bofWasFull = bofFull;
        int bofBefore = bofLen;
        bufferBof(data, off, len);
        if (!didInference && bofFull) {
            inferMetadata(bofWasFull ? bofLen : bofBefore);
        }
        FileAnalyzer[] as = analyzers;
        for (FileAnalyzer a : as) {
            if (!a.deliverStream(data, off, len)) {
                remove(a);
            }
        }
        streamOffset += len;
        seenBytes += len;
        if (len > 0) {
            // Zeek runs queued script events after each packet; the end of a delivery is that moment here.
            mgr.drainEvents();
        }
    }

    private void bufferBof(byte[] data, int off, int len) {
        if (bofFull) {
            return;
        }
        int want = mgr.config.bofBufferSize;
        // Zeek keeps whole chunks until the buffer holds at least bof_buffer_size bytes; only the first
        // bof_buffer_size are sniffed or replayed, so keeping those is enough.
        int take = Math.min(len, Math.max(0, want - bofLen));
        if (bof == null) {
            bof = mgr.takeBofBuffer(want);
        }
        System.arraycopy(data, off, bof, bofLen, take);
        bofLen += take;
        if (bofLen + (len - take) >= want) {
            bofFull = true;
        }
    }

    /**
     * Sniffs the MIME type from the beginning-of-file buffer (Zeek's InferMetadata) and attaches the analyzers
     * registered for it; {@code catchUp} is how much of the buffer they have to be replayed.
     */
    private void inferMetadata(int catchUp) {
        didInference = true;
        if (bofLen == 0) {
            return;
        }
        String mt = mgr.sniffer().sniff(bof, 0, Math.min(bofLen, mgr.config.bofBufferSize));
        // Zeek raises file_sniff whether or not a type matched, and drains the event queue at once.
        mgr.drainEvents();
        if (mt == null) {
            if (sniffOwner != null) {
                sniffOwner.sniffedNothing();
            }
            return;
        }
        mimeType = mt;
        List<String> extra = mgr.config.mimeAnalyzers.get(mt);
        if (extra != null) {
            for (String name : extra) {
                FilesConfig.Hash h = hashByName(name);
                FileAnalyzer a = h != null ? new HashAnalyzer(h) : mgr.newAnalyzer(name, this);
                if (a != null) {
                    addAnalyzer(a, catchUp);
                } else {
                    listAnalyzer(name);
                }
            }
        }
        if (sniffOwner != null) {
            sniffOwner.sniffed(mt);
        }
    }

    private static FilesConfig.Hash hashByName(String name) {
        for (FilesConfig.Hash h : FilesConfig.Hash.values()) {
            if (h.zeekName().equals(name)) {
                return h;
            }
        }
        return null;
    }

    /** A hole (Zeek's File::Gap): with reassembly buffered, the reassembler gives up on everything below it. */
    void gap(long offset, long len) {
        if (reassembler != null && !reassembler.isFlushing()) {
            reassembler.flushTo(offset + len);
            return;
        }
        gapFromReassembler(offset, len);
    }

    /** A hole reported to the stream (Zeek's File::Gap past the reassembler check). */
    void gapFromReassembler(long offset, long len) {
        if (done) {
            return;
        }
        if (!bofFull) {
            bofFull = true;
            deliverStream(mgr.empty, 0, 0);
        }
        FileAnalyzer[] as = analyzers;
        for (FileAnalyzer a : as) {
            if (!a.undelivered(offset, len)) {
                remove(a);
            }
        }
        streamOffset += len;
        missingBytes += len;
    }

    /** The end (Zeek's File::EndOfFile): flushes, sniffs what it has, finishes the analyzers. */
    void endOfFile() {
        if (done) {
            return;
        }
        if (reassembler != null) {
            reassembler.flush();
        }
        if (!bofFull) {
            bofFull = true;
            deliverStream(mgr.empty, 0, 0);
        }
        done = true;
        FileAnalyzer[] as = analyzers;
        analyzers = new FileAnalyzer[0];
        for (FileAnalyzer a : as) {
            a.endOfFile(this);
            a.removed();
        }
        if (bof != null) {
            mgr.giveBofBuffer(bof);
            bof = null;
        }
        reassembler = null;
        mgr.stateRemove(this);
    }

    /** The connection is new to this file (Zeek's UpdateConnectionFields, keyed by conn_id). */
    boolean addConn(ConnInfo c) {
        // Indexed, not an iterator: called for every piece of content delivered at an offset (SMB, HTTP ranges).
        for (int i = 0; i < conns.size(); i++) {
            ConnInfo x = conns.get(i);
            if (x == c || (x.proto() == c.proto() && x.origHi() == c.origHi() && x.origLo() == c.origLo()
                    && x.origPort() == c.origPort() && x.respHi() == c.respHi() && x.respLo() == c.respLo()
                    && x.respPort() == c.respPort())) {
                return false;
            }
        }
        conns.add(c);
        return true;
    }
}
