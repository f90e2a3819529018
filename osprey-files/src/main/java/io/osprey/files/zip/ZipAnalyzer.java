package io.osprey.files.zip;

import io.osprey.files.ChildFile;
import io.osprey.files.FileAnalyzer;
import io.osprey.files.FileState;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Zeek's ZIP file analyzer ({@code Files::ANALYZER_ZIP}, zip.spicy): parses an archive as it streams in and turns
 * each local file entry into a file of its own ({@link FileState#openChild}), fed with the entry's content
 * decompressed. Attached by the files framework to a file sniffed as application/zip when Zeek's policy
 * files/zip/register is loaded; owned by that file, on the worker thread.
 *
 * <p>The archive is read as Zeek's grammar reads it: a sequence of records, each chosen by its 4-byte signature;
 * anything else ends the archive quietly (Spicy's look-ahead finds no alternative), the rest is ignored.
 * <pre>
 *   local file header   PK\3\4  version flags method time date crc csize usize namelen extralen name extra content
 *   central directory   PK\1\2  42 bytes of fields, name, extra, comment                       (read and skipped)
 *   end of central dir  PK\5\6  18 bytes of fields, comment                                    (read and skipped)
 *   ZIP64 end of dir    PK\6\6  refused: "ZIP64 not supported"
 *   data descriptor     PK\7\8  crc csize usize
 * </pre>
 * For each local entry, as zeek_zip.spicy does: when its method is stored (0) or deflate (8) and it is not
 * encrypted, a child file starts with {@code total_bytes} = the header's uncompressed size, its filename is the
 * entry's name (applied the way Zeek's queued ZIP::file event applies it: only while the file is live), and the
 * content goes through inflate and a CRC-32; at the end a CRC differing from the header's is a violation ("CRC
 * mismatch") that stops the analysis. Encrypted entries and other methods are skipped without a file. An entry
 * with a data descriptor (flag bit 3) has no usable size: its content runs to the first "PK\7\8" whose following
 * CRC equals the CRC of the content so far; a signature that does not check out is content (Zeek's heuristic).
 *
 * <p>Malformed input never throws: it becomes an analyzer violation (analyzer.log, kind "file") and the analysis
 * of this archive stops; the open child file ends with what it got. Caps: {@link ZipConfig}. Decompression uses
 * the JDK's {@link Inflater} (zlib, raw deflate as Zeek's {@code filter::Zlib(-15)}): the same library Zeek uses,
 * in the JDK already, and streaming with a fixed window, so no third-party decoder is needed.
 */
public final class ZipAnalyzer implements FileAnalyzer {
    /** The analyzer's name (Zeek's tag {@code Files::ANALYZER_ZIP}; files.log {@code analyzers}). */
    public static final String NAME = "ZIP";
    /** The source of the files it creates (files.log {@code source}). */
    public static final String SOURCE = "ZIP";

    private static final int SIG_LOCAL = 0x04034b50;
    private static final int SIG_CENTRAL = 0x02014b50;
    private static final int SIG_EOCD = 0x06054b50;
    private static final int SIG_EOCD64 = 0x06064b50;
    private static final int SIG_DESCRIPTOR = 0x08074b50;
    private static final byte[] DESCRIPTOR_MAGIC = {'P', 'K', 7, 8};

    /** Bytes after the signature: local file header, central directory header, end of central directory, descriptor. */
    private static final int LOCAL_LENGTH = 26;
    private static final int CENTRAL_LENGTH = 42;
    private static final int EOCD_LENGTH = 18;
    private static final int DESCRIPTOR_LENGTH = 12;

    /** Field sizes of the fixed parts (for which field a cut-short record ends in). */
    private static final int[] LOCAL_FIELDS = {2, 2, 2, 4, 4, 4, 4, 2, 2};
    private static final int[] CENTRAL_FIELDS = {2, 2, 2, 2, 4, 4, 4, 4, 2, 2, 2, 2, 2, 4, 4};
    private static final int[] EOCD_FIELDS = {2, 2, 2, 2, 4, 4, 2};
    private static final int[] DESCRIPTOR_FIELDS = {4, 4, 4};

    private static final int METHOD_STORED = 0;
    private static final int METHOD_DEFLATE = 8;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DESCRIPTOR = 1 << 3;
    private static final long ZIP64_MARKER = 0xFFFF_FFFFL;
    /** Decompressed bytes handed to a child per piece (the inflate output buffer). */
    private static final int OUT_SIZE = 16 * 1024;

    private enum State {
        /** Reading a record's 4-byte signature. */
        SIGNATURE,
        /** Fixed fields of a local file header / central directory header / end of directory / descriptor. */
        LOCAL, CENTRAL, EOCD, DESCRIPTOR,
        /** The local entry's name (kept), then its extra field (skipped). */
        NAME, EXTRA,
        /** Content of known compressed size. */
        DATA,
        /** Content up to a data descriptor: scanning for its signature, then reading its 12 bytes. */
        SCAN, SCAN_DESCRIPTOR,
        /** Bytes to skip (names, extras, comments of directory records). */
        SKIP,
        /** The archive ended (no further record): the rest is ignored. */
        DONE,
        /** A violation stopped the analysis. */
        FAILED
    }

    private final FileState file;
    private final ZipConfig config;
    private State state = State.SIGNATURE;
    /** Fixed-size fields being collected (the longest is the central directory header's 42 bytes). */
    private final byte[] fields = new byte[CENTRAL_LENGTH];
    private int have;
    private int need = 4;
    private long skip;
    /** What {@code skip} started at (for the premature-end message). */
    private long skipTotal;
    private int entries;
    /** How far the local header's field hooks ran: 0 none, 1 compressed size checked, 2 entry begun. */
    private int localStage;

    // The local entry being read.
    private int flags;
    private int method;
    private long crc;
    private long compressedSize;
    private int nameLength;
    private int extraLength;
    /** The entry's name as it arrives (at most 65,535 bytes: its length is 16 bits). */
    private byte[] name = new byte[64];
    private long remaining;
    /** The entry's content is analyzed (stored or deflate, not encrypted): Zeek connects the CRC and the file. */
    private boolean supported;
    private ChildFile child;
    private final CRC32 computed = new CRC32();
    private Inflater inflater;
    private byte[] out;
    /** Bytes of the descriptor signature matched at the end of what was scanned so far, held back from content. */
    private int held;
    private final byte[] rescan = new byte[DESCRIPTOR_LENGTH];

    // The chunk being delivered (for a violation's data).
    private byte[] chunk;
    private int chunkOff;
    private int chunkLen;

    /**
     * @param file   the archive (the analyzer's owner; children are opened on it)
     * @param config the caps
     */
    public ZipAnalyzer(FileState file, ZipConfig config) {
        this.file = file;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean deliverStream(byte[] data, int off, int len) {
        if (state == State.DONE || state == State.FAILED) {
            return false;
        }
        chunk = data;
        chunkOff = off;
        chunkLen = len;
        if (file.nesting() >= config.maxFileDepth) {
            // Zeek's Spicy file analyzer refuses to parse this deep (and raises Spicy::max_file_depth_exceeded).
            fail("maximal file depth exceeded");
            return false;
        }
        process(data, off, off + len);
        chunk = null;
        return state != State.DONE && state != State.FAILED;
    }

    /** Runs the record parser over {@code data[p, end)}. */
    private void process(byte[] data, int p, int end) {
        while (p < end && state != State.DONE && state != State.FAILED) {
            switch (state) {
                case SIGNATURE, LOCAL, CENTRAL, EOCD, DESCRIPTOR, SCAN_DESCRIPTOR -> {
                    int n = Math.min(need - have, end - p);
                    System.arraycopy(data, p, fields, have, n);
                    have += n;
                    p += n;
                    if (state == State.LOCAL) {
                        localProgress();
                    }
                    if (have == need && state != State.FAILED) {
                        fieldsComplete();
                    }
                }
                case NAME -> {
                    int n = Math.min(nameLength - have, end - p);
                    System.arraycopy(data, p, name, have, n);
                    have += n;
                    p += n;
                    if (have == nameLength) {
                        state = State.EXTRA;
                        skip = extraLength;
                        extraDone();
                    }
                }
                case EXTRA -> {
                    int n = (int) Math.min(skip, end - p);
                    skip -= n;
                    p += n;
                    extraDone();
                }
                case SKIP -> {
                    int n = (int) Math.min(skip, end - p);
                    skip -= n;
                    p += n;
                    if (skip == 0) {
                        expectSignature();
                    }
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, end - p);
                    remaining -= n;
                    content(data, p, n);
                    p += n;
                    if (remaining == 0 && state == State.DATA) {
                        entryDone();
                    }
                }
                case SCAN -> p = scan(data, p, end);
                default -> p = end;
            }
        }
    }

    private void expectSignature() {
        state = State.SIGNATURE;
        have = 0;
        need = 4;
    }

    private void expect(State s, int n) {
        state = s;
        have = 0;
        need = n;
    }

    /** A fixed-size group of fields is complete. */
    private void fieldsComplete() {
        switch (state) {
            case SIGNATURE -> {
                int sig = le32(0);
                switch (sig) {
                    case SIG_LOCAL -> {
                        if (++entries > config.maxEntries) {
                            fail("too many entries");
                        } else {
                            expect(State.LOCAL, LOCAL_LENGTH);
                            localStage = 0;
                        }
                    }
                    case SIG_CENTRAL -> expect(State.CENTRAL, CENTRAL_LENGTH);
                    case SIG_EOCD -> expect(State.EOCD, EOCD_LENGTH);
                    case SIG_DESCRIPTOR -> expect(State.DESCRIPTOR, DESCRIPTOR_LENGTH);
                    case SIG_EOCD64 -> fail("ZIP64 not supported");
                    default -> state = State.DONE;
                }
            }
            case LOCAL -> localHeader();
            case CENTRAL -> skipThen(le16(24) + le16(26) + le16(28));
            case EOCD -> skipThen(le16(16));
            case DESCRIPTOR -> expectSignature();
            case SCAN_DESCRIPTOR -> descriptorFound();
            default -> {
            }
        }
    }

    private void skipThen(long n) {
        if (n == 0) {
            expectSignature();
        } else {
            state = State.SKIP;
            skip = n;
            skipTotal = n;
        }
    }

    /** The local file header's fixed fields (after the signature). */
    private void localHeader() {
        nameLength = le16(22);
        extraLength = le16(24);
        if (name.length < nameLength) {
            name = new byte[nameLength];
        }
        state = State.NAME;
        have = 0;
        if (nameLength == 0) {
            state = State.EXTRA;
            skip = extraLength;
            extraDone();
        }
    }

    /**
     * zip.spicy's field hooks, run as soon as their field is in (so a header cut short behaves as in Zeek): at the
     * compressed size the ZIP64 check, at the uncompressed size the start of the entry's file.
     */
    private void localProgress() {
        if (localStage == 0 && have >= 18) {
            localStage = 1;
            compressedSize = le32(14) & 0xFFFF_FFFFL;
            if (compressedSize == ZIP64_MARKER) {
                fail("ZIP64 not supported");
                return;
            }
        }
        if (localStage == 1 && have >= 22) {
            localStage = 2;
            beginEntry(le32(18) & 0xFFFF_FFFFL);
        }
    }

    /** The entry's analysis starts: CRC, inflate and its file for stored and deflate entries that are not encrypted. */
    private void beginEntry(long uncompressedSize) {
        flags = le16(2);
        method = le16(4);
        crc = le32(10) & 0xFFFF_FFFFL;
        supported = (method == METHOD_STORED || method == METHOD_DEFLATE) && (flags & FLAG_ENCRYPTED) == 0;
        computed.reset();
        held = 0;
        if (supported) {
            if (method == METHOD_DEFLATE) {
                if (inflater == null) {
                    inflater = new Inflater(true);
                } else {
                    inflater.reset();
                }
            }
            if (out == null) {
                out = new byte[OUT_SIZE];
            }
            // zeek_zip.spicy: the file starts at the uncompressed size, which becomes its total_bytes.
            child = file.openChild(SOURCE);
            child.setTotalBytes(uncompressedSize);
        }
    }

    /** Whether the extra field is over; if so the header is complete. */
    private void extraDone() {
        if (skip > 0) {
            return;
        }
        // zip.evt raises ZIP::file at the extra field; base/files/zip names the entry's file with it.
        if (child != null) {
            child.setFilename(new String(name, 0, nameLength, StandardCharsets.UTF_8));
        }
        if ((flags & FLAG_DESCRIPTOR) != 0) {
            state = State.SCAN;
        } else {
            state = State.DATA;
            remaining = compressedSize;
            if (remaining == 0) {
                entryDone();
            }
        }
    }

    /**
     * Scans content for the data descriptor's signature, handing what precedes it to the content; returns where
     * it stopped. The signature's bytes matched at the end of a chunk are held back until it is known whether they
     * are the signature. "PK\7\8" cannot overlap itself, so a failed partial match is all content.
     */
    private int scan(byte[] data, int p, int end) {
        int runStart = p;
        int fromChunk = 0;
        for (int i = p; i < end; i++) {
            byte x = data[i];
            if (x == DESCRIPTOR_MAGIC[held + fromChunk]) {
                fromChunk++;
            } else {
                if (held > 0) {
                    content(DESCRIPTOR_MAGIC, 0, held);
                    held = 0;
                    if (state != State.SCAN) {
                        return end;
                    }
                }
                fromChunk = x == DESCRIPTOR_MAGIC[0] ? 1 : 0;
            }
            if (held + fromChunk == DESCRIPTOR_MAGIC.length) {
                content(data, runStart, i + 1 - fromChunk - runStart);
                held = 0;
                if (state == State.SCAN) {
                    expect(State.SCAN_DESCRIPTOR, DESCRIPTOR_LENGTH);
                }
                return i + 1;
            }
        }
        content(data, runStart, end - fromChunk - runStart);
        held += fromChunk;
        return end;
    }

    /** A candidate data descriptor was read: it ends the entry if its CRC is the content's, else it is content. */
    private void descriptorFound() {
        if (!supported) {
            // zip.spicy compares with the CRC unit that only supported entries have: Spicy fails on the null reference.
            fail("attempt to access null reference");
            return;
        }
        long descCrc = le32(0) & 0xFFFF_FFFFL;
        if (descCrc == computed.getValue()) {
            crc = descCrc;
            entryDone();
            return;
        }
        // Not the descriptor: its signature is content, and its 12 bytes are scanned again as content.
        content(DESCRIPTOR_MAGIC, 0, DESCRIPTOR_MAGIC.length);
        if (state != State.SCAN_DESCRIPTOR) {
            return;
        }
        System.arraycopy(fields, 0, rescan, 0, DESCRIPTOR_LENGTH);
        state = State.SCAN;
        held = 0;
        process(rescan, 0, DESCRIPTOR_LENGTH);
    }

    /** The entry's content is over: its file ends, and its CRC is checked (zip.spicy's %done). */
    private void entryDone() {
        if (supported && inflater != null && method == METHOD_DEFLATE) {
            drainInflater();
        }
        endChild();
        if (state == State.FAILED) {
            return;
        }
        if (supported && crc != computed.getValue()) {
            fail("CRC mismatch");
            return;
        }
        expectSignature();
    }

    /** {@code len} bytes of the entry's stored content: through inflate and the CRC to its file. */
    private void content(byte[] data, int off, int len) {
        if (!supported || len <= 0 || state == State.FAILED) {
            return;
        }
        if (method == METHOD_STORED) {
            emit(data, off, len);
            return;
        }
        inflater.setInput(data, off, len);
        drainInflater();
    }

    private void drainInflater() {
        while (state != State.FAILED && !inflater.finished()) {
            int n;
            try {
                n = inflater.inflate(out);
            } catch (DataFormatException e) {
                fail("inflate failed");
                return;
            }
            if (n == 0) {
                return;
            }
            emit(out, 0, n);
        }
    }

    /** Decompressed content to the CRC and the entry's file, within the tree's budget. */
    private void emit(byte[] data, int off, int len) {
        if (file.chargeTree(len) > config.maxTreeBytes) {
            fail("decompressed size limit reached");
            return;
        }
        computed.update(data, off, len);
        if (child != null) {
            child.deliver(data, off, len);
        }
    }

    private void endChild() {
        if (child != null) {
            ChildFile c = child;
            child = null;
            c.end();
        }
    }

    /** A violation: reported with the chunk being delivered, the open entry's file ended, the analysis stopped. */
    private void fail(String reason) {
        State was = state;
        state = State.FAILED;
        if (was != State.FAILED) {
            file.analyzerViolation(NAME, reason, chunk, chunkOff, chunk == null ? 0 : chunkLen);
        }
        endChild();
    }

    @Override
    public boolean undelivered(long offset, long len) {
        // Zeek's Spicy file analyzers skip the rest of a file with a hole, without a violation.
        endChild();
        state = State.DONE;
        return false;
    }

    @Override
    public boolean endOfFile(FileState f) {
        switch (state) {
            case DONE, FAILED -> {
            }
            case SIGNATURE -> {
                // Fewer than 4 bytes left: no alternative's look-ahead matches, so the archive just ends.
                state = State.DONE;
            }
            case SCAN -> fail("end-of-data reached before &until expression found (" + available(held) + ")");
            case NAME -> prematureEnd(nameLength, have);
            case EXTRA -> prematureEnd(extraLength, extraLength - skip);
            case SKIP -> prematureEnd(skipTotal, skipTotal - skip);
            case DATA -> fail("&size amount not consumed: expected " + compressedSize + " bytes, but got "
                    + (compressedSize - remaining) + " bytes");
            case LOCAL -> fieldCut(LOCAL_FIELDS);
            case CENTRAL -> fieldCut(CENTRAL_FIELDS);
            case EOCD -> fieldCut(EOCD_FIELDS);
            default -> fieldCut(DESCRIPTOR_FIELDS);
        }
        endChild();
        return false;
    }

    /** The archive ended inside a bytes field (Spicy's parse error for it, without its source location). */
    private void prematureEnd(long expected, long available) {
        fail("expected " + expected + " bytes (" + available + " available)");
    }

    /** The archive ended inside a fixed-size field of the record whose field sizes are {@code sizes}. */
    private void fieldCut(int[] sizes) {
        int start = 0;
        for (int size : sizes) {
            if (have < start + size) {
                fail("expecting " + size + " bytes for unpacking value (" + available(have - start) + ")");
                return;
            }
            start += size;
        }
        fail("expecting 4 bytes for unpacking value (" + available(0) + ")");
    }

    private static String available(int n) {
        return n + (n == 1 ? " byte available" : " bytes available");
    }

    @Override
    public void removed() {
        endChild();
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private int le16(int at) {
        return (fields[at] & 0xFF) | (fields[at + 1] & 0xFF) << 8;
    }

    private int le32(int at) {
        return le16(at) | le16(at + 2) << 16;
    }
}
