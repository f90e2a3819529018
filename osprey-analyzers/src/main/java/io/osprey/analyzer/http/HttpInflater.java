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
    /**
     * Compressed input is copied into a buffer and inflated from there. Zeek gives zlib each delivery whole (one
     * inflate() call may then run to the end of the stream and into its trailer check), so the buffer grows to the
     * delivery's size, up to {@link #MAX_IN_SIZE}: TCP deliveries are a segment's payload (about 1.4 KiB) except
     * after a hole is filled. Longer deliveries are inflated in pieces of that size.
     */
    private static final int IN_SIZE = 16384;
    private static final int MAX_IN_SIZE = 1 << 20;

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
    private byte[] in = new byte[IN_SIZE];
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
    /** Whether no inflate() call of the current delivery has succeeded yet (see {@link #deliver}). */
    private boolean restartAllowed;
    /** The failure being thrown is not zlib's Z_DATA_ERROR (Z_BUF_ERROR, Z_NEED_DICT): never restarted. */
    private boolean notDataError;

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
        // Zeek's ZIP_Analyzer: only a Z_DATA_ERROR before any inflate() call of this delivery succeeded (returned
        // Z_OK or Z_STREAM_END) restarts the delivery as raw deflate; any other failure is inflate_failed.
        restartAllowed = true;
        long pos = off;
        int left = len;
        while (left > 0 && state != DONE) {
            try {
                int used = step(data, pos, left);
                pos += used;
                left -= used;
            } catch (DataFormatException e) {
                if (restartAllowed && !notDataError) {
                    // zlib: some servers send deflate without the zlib header; retry this delivery as raw deflate.
                    startInflate(true, false);
                    pos = off;
                    left = len;
                    restartAllowed = false;
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
        if (len > in.length && in.length < MAX_IN_SIZE) {
            in = new byte[Math.min(MAX_IN_SIZE, Math.max(len, 2 * in.length))];
        }
        int n = Math.min(len, in.length);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, in, 0, n);
        inflater.setInput(in, 0, n);
        while (true) {
            int got = inflater.inflate(outBuf, 0, OUT_SIZE);
            notDataError = false;
            if (got > 0 && gzip) {
                crc.update(outBuf, 0, got);
            }
            if (gzip && inflater.finished()) {
                // zlib's gzip mode checks the trailer in the same inflate() call that ends the stream when the
                // trailer's bytes are there, and an error then discards that call's output (Zeek forwards output
                // only when inflate() succeeds): check what of the trailer this input holds before delivering.
                int at = n - inflater.getRemaining();
                int have = n - at;
                if (have >= 4 && le32(in, at) != crc.getValue()
                        || have >= 8 && le32(in, at + 4) != ((inflated + got) & 0xFFFFFFFFL)) {
                    throw new DataFormatException("incorrect data check");
                }
            }
            if (inflater.needsDictionary()) {
                notDataError = true; // zlib's Z_NEED_DICT
                throw new DataFormatException("need dictionary");
            }
            if (got == 0 && !inflater.finished() && !inflater.needsInput()) {
                notDataError = true; // zlib's Z_BUF_ERROR
                throw new DataFormatException("no progress");
            }
            restartAllowed = false; // this inflate() call succeeded
            if (got > 0) {
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
            if (got == 0) {
                return n; // needs input: the whole delivery is consumed
            }
        }
    }

    /** The little-endian 32-bit value at {@code b[i]} (gzip's CRC32 and ISIZE, RFC 1952 §2.3.1). */
    private static long le32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }
}
