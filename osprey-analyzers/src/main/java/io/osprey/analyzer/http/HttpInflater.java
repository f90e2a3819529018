package io.osprey.analyzer.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Incremental decompression of one HTTP body with {@code Content-Encoding: gzip}, {@code x-gzip} or
 * {@code deflate}, behaving like Zeek's {@code ZIP_Analyzer} (zlib's {@code inflateInit2(MAX_WBITS + 32)}): the
 * format is detected from the first bytes (gzip magic, else a zlib header); when the first inflation of a delivery
 * fails, the delivery is retried as raw deflate (servers that send "deflate" without the zlib header); after the
 * end of the compressed stream further bytes are ignored; an error stops decompression with Zeek's
 * {@code inflate_failed} weird. Output goes to the entity in 4 KiB pieces. One instance serves one compressed body
 * at a time: its {@link HttpEntity} takes it from the worker's {@link Pool} and gives it back at the body's end, so
 * the buffers and zlib states (about 20 KiB of heap and 40 KiB of native memory) are made once per worker, not once
 * per body (on the 1 GB benchmark capture they were a quarter of a full analysis's allocation).
 */
final class HttpInflater {
    /**
     * Most bytes one body may inflate to (64 MiB); the rest is not decompressed, with Osprey's
     * {@code osprey_http_decompression_limit} weird. Zeek has no cap; deflate can expand input 1032-fold, so without
     * one a 1 MiB body could cost a gigabyte of inflation work.
     */
    static final long MAX_INFLATED_BYTES = 64L << 20;
    /** Zeek's unzip_size: output piece size. */
    private static final int OUT_SIZE = 4096;
    private static final int IN_SIZE = 16384;

    private static final int DETECT = 0;
    private static final int GZIP_HEADER = 1;
    private static final int INFLATE = 2;
    private static final int GZIP_TRAILER = 3;
    private static final int DONE = 4;

    private HttpEntity out;
    private int state = DETECT;
    /** The zlib state in use: one of the two below, or null before the format is known and after the end. */
    private Inflater inflater;
    private Inflater zlibInflater;
    private Inflater rawInflater;
    private boolean gzip;
    private final byte[] in = new byte[IN_SIZE];
    private final byte[] outBuf = new byte[OUT_SIZE];
    private final MemorySegment outSeg = MemorySegment.ofArray(outBuf);
    private long inflated;
    private final CRC32 crc = new CRC32();
    // gzip header/trailer parsing
    private int hdrPos;
    private int flags;
    private int extraLen;
    private int extraLeft;
    private final byte[] trailer = new byte[8];
    private int trailerLen;

    /**
     * The worker's idle inflaters ({@code AnalyzerEnv.workerLocal}); at most {@link #MAX_IDLE} are kept, each
     * holding its zlib states.
     */
    static final class Pool {
        static final int MAX_IDLE = 16;
        private final java.util.ArrayDeque<HttpInflater> idle = new java.util.ArrayDeque<>();

        /** An inflater for a new compressed body of {@code out}. */
        HttpInflater take(HttpEntity out) {
            HttpInflater z = idle.poll();
            if (z == null) {
                z = new HttpInflater();
            }
            z.out = out;
            z.state = DETECT;
            z.gzip = false;
            z.inflated = 0;
            z.hdrPos = 0;
            z.flags = 0;
            z.extraLen = 0;
            z.extraLeft = 0;
            z.trailerLen = 0;
            return z;
        }

        /**
         * Gives back an inflater whose body ended. It may be called while that inflater is delivering output (the
         * output ended the body): it is left finished, so it stops at once, and keeps its entity until reused.
         */
        void give(HttpInflater z) {
            z.finish();
            if (idle.size() < MAX_IDLE) {
                idle.push(z);
            } else {
                z.release();
            }
        }
    }

    private HttpInflater() {
    }

    /** Compressed bytes, in order. */
    void deliver(MemorySegment data, long off, int len) {
        if (len == 0 || state == DONE) {
            return;
        }
        boolean allowRestart = true;
        long pos = off;
        int left = len;
        while (left > 0 && state != DONE) {
            try {
                boolean inflating = state == INFLATE;
                int used = step(data, pos, left);
                pos += used;
                left -= used;
                if (inflating) {
                    allowRestart = false; // zlib: only the first inflate() of a delivery may fail into raw mode
                }
            } catch (DataFormatException e) {
                if (allowRestart) {
                    // zlib: some servers send deflate without the zlib header; retry this delivery as raw deflate.
                    startInflate(true, false);
                    pos = off;
                    left = len;
                    allowRestart = false;
                    continue;
                }
                out.zipWeird(HttpWeirds.INFLATE_FAILED);
                finish();
                return;
            }
        }
    }

    /** Later deliveries are ignored (the body ended or decompression failed). */
    private void finish() {
        state = DONE;
        inflater = null;
    }

    /** Frees the zlib states (an inflater the pool does not keep). */
    private void release() {
        if (zlibInflater != null) {
            zlibInflater.end();
            zlibInflater = null;
        }
        if (rawInflater != null) {
            rawInflater.end();
            rawInflater = null;
        }
    }

    private void startInflate(boolean raw, boolean isGzip) {
        if (raw) {
            if (rawInflater == null) {
                rawInflater = new Inflater(true);
            }
            inflater = rawInflater;
        } else {
            if (zlibInflater == null) {
                zlibInflater = new Inflater(false);
            }
            inflater = zlibInflater;
        }
        inflater.reset();
        gzip = isGzip;
        if (isGzip) {
            crc.reset();
        }
        state = INFLATE;
    }

    private int step(MemorySegment data, long off, int len) throws DataFormatException {
        switch (state) {
            case DETECT -> {
                int b0 = data.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
                if (hdrPos == 0 && b0 != 0x1F) {
                    startInflate(false, false);
                    return 0;
                }
                if (hdrPos == 0) {
                    hdrPos = 1;
                    return 1;
                }
                if (b0 == 0x8B) {
                    hdrPos = 2;
                    state = GZIP_HEADER;
                    return 1;
                }
                // 0x1F then not 0x8B: a zlib header starting 0x1F is invalid (CM must be 8).
                throw new DataFormatException("incorrect header check");
            }
            case GZIP_HEADER -> {
                return gzipHeader(data, off, len);
            }
            case INFLATE -> {
                return inflate(data, off, len);
            }
            case GZIP_TRAILER -> {
                int n = Math.min(len, 8 - trailerLen);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, trailer, trailerLen, n);
                trailerLen += n;
                if (trailerLen == 8) {
                    long want = (trailer[0] & 0xFFL) | (trailer[1] & 0xFFL) << 8 | (trailer[2] & 0xFFL) << 16
                            | (trailer[3] & 0xFFL) << 24;
                    long size = (trailer[4] & 0xFFL) | (trailer[5] & 0xFFL) << 8 | (trailer[6] & 0xFFL) << 16
                            | (trailer[7] & 0xFFL) << 24;
                    if (want != crc.getValue() || size != (inflated & 0xFFFFFFFFL)) {
                        throw new DataFormatException("incorrect data check");
                    }
                    finish();
                }
                return n;
            }
            default -> {
                return len;
            }
        }
    }

    /** RFC 1952 §2.3 member header after the magic: CM, FLG, MTIME(4), XFL, OS, [FEXTRA], [FNAME], [FCOMMENT], [FHCRC]. */
    private int gzipHeader(MemorySegment data, long off, int len) throws DataFormatException {
        int i = 0;
        while (i < len && state == GZIP_HEADER) {
            int b = data.get(ValueLayout.JAVA_BYTE, off + i) & 0xFF;
            i++;
            if (hdrPos < 10) {
                if (hdrPos == 2 && b != 8) {
                    throw new DataFormatException("unknown compression method");
                }
                if (hdrPos == 3) {
                    if ((b & 0xE0) != 0) {
                        throw new DataFormatException("unknown header flags set");
                    }
                    flags = b;
                }
                hdrPos++;
                if (hdrPos == 10) {
                    nextGzipField();
                }
                continue;
            }
            switch (hdrPos) {
                case 10 -> { // FEXTRA: XLEN low byte
                    extraLen = b;
                    hdrPos = 14;
                }
                case 14 -> { // XLEN high byte
                    extraLeft = extraLen | (b << 8);
                    hdrPos = 15;
                    if (extraLeft == 0) {
                        flags &= ~4;
                        nextGzipField();
                    }
                }
                case 15 -> { // extra field data
                    if (--extraLeft == 0) {
                        flags &= ~4;
                        nextGzipField();
                    }
                }
                case 11 -> { // FNAME, zero-terminated
                    if (b == 0) {
                        flags &= ~8;
                        nextGzipField();
                    }
                }
                case 12 -> { // FCOMMENT, zero-terminated
                    if (b == 0) {
                        flags &= ~16;
                        nextGzipField();
                    }
                }
                default -> { // FHCRC, 2 bytes
                    if (++extraLen == 2) {
                        flags &= ~2;
                        nextGzipField();
                    }
                }
            }
        }
        return i;
    }

    private void nextGzipField() {
        if ((flags & 4) != 0) {
            hdrPos = 10;
        } else if ((flags & 8) != 0) {
            hdrPos = 11;
        } else if ((flags & 16) != 0) {
            hdrPos = 12;
        } else if ((flags & 2) != 0) {
            hdrPos = 13;
            extraLen = 0;
        } else {
            startInflate(true, true);
        }
    }

    private int inflate(MemorySegment data, long off, int len) throws DataFormatException {
        int n = Math.min(len, IN_SIZE);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, in, 0, n);
        inflater.setInput(in, 0, n);
        while (true) {
            int got = inflater.inflate(outBuf, 0, OUT_SIZE);
            if (got > 0) {
                if (gzip) {
                    crc.update(outBuf, 0, got);
                }
                long room = MAX_INFLATED_BYTES - inflated;
                if (got > room) {
                    if (room > 0) {
                        out.deliverBodyClear(outSeg, 0, (int) room, false);
                    }
                    inflated = MAX_INFLATED_BYTES;
                    out.weird(HttpWeirds.OSPREY_HTTP_DECOMPRESSION_LIMIT, Long.toString(MAX_INFLATED_BYTES));
                    finish();
                    return n;
                }
                inflated += got;
                out.deliverBodyClear(outSeg, 0, got, false);
                if (state == DONE) {
                    return n;
                }
            }
            if (inflater.finished()) {
                int used = n - inflater.getRemaining();
                if (gzip) {
                    state = GZIP_TRAILER;
                    trailerLen = 0;
                    inflater = null;
                } else {
                    finish();
                    return n; // zlib: after the end of the stream the rest of the input is ignored
                }
                return used;
            }
            if (inflater.needsDictionary()) {
                throw new DataFormatException("need dictionary");
            }
            if (got == 0) {
                if (inflater.needsInput()) {
                    return n;
                }
                throw new DataFormatException("no progress"); // zlib's Z_BUF_ERROR
            }
        }
    }
}
