package io.osprey.analyzer.ftp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Splits one direction of an FTP control connection into lines: the behaviour of Zeek's {@code NVT_Analyzer} as
 * FTP configures it (RFC 959 §4.2 lines over the Telnet NVT of RFC 854): LF and CRLF end a line, a lone CR stays in
 * the line (Zeek's {@code line_terminated_with_single_CR} weird, once per connection), the first NUL of the
 * connection is dropped with the {@code NUL_in_line} weird (later NULs are kept; a NUL right after CR is ignored),
 * and Telnet commands (IAC sequences, RFC 854) are removed, an escaped IAC (255 255) standing for one 255 byte.
 * Owned by one {@link FtpAnalyzer}; the line buffer is allocated once and doubles up to {@link #MAX_LINE_LENGTH}.
 */
final class FtpLines {
    /**
     * Longest line kept, in bytes. RFC 959 sets no limit; commands are a few dozen bytes and Zeek's
     * {@code FTP::max_arg_length}/{@code max_reply_msg_length} log at most 4 KiB. 64 KiB bounds a connection's two
     * line buffers to 128 KiB; a longer line is delivered in pieces with Zeek's {@code nvt_line_size_exceeded}.
     */
    static final int MAX_LINE_LENGTH = 64 * 1024;

    private static final int IAC = 255;
    private static final int SB = 250;

    private static final int NORMAL = 0;
    private static final int AFTER_IAC = 1;
    private static final int OPTION = 2;
    private static final int SUBOPTION = 3;
    private static final int SUBOPTION_IAC = 4;

    /** Receives lines and weirds. */
    interface Sink {
        /** One line without its terminator: {@code len} bytes of {@code buf}, valid during the call. */
        void line(boolean orig, byte[] buf, int len);

        /** A weird of the line reader (source "NVT"); {@code once} weirds are raised once per connection. */
        void lineWeird(String name, String addl);
    }

    private final Sink sink;
    private final boolean orig;
    private byte[] buf = new byte[128];
    private int offset;
    private int lastChar;
    private int telnet = NORMAL;
    private boolean flagNuls = true;

    FtpLines(Sink sink, boolean orig) {
        this.sink = sink;
        this.orig = orig;
    }

    /** True while bytes of an unfinished line are buffered. */
    boolean hasPartialLine() {
        return offset > 0;
    }

    /** In-order stream bytes. No allocation once the buffer has grown to the connection's longest line. */
    void deliver(MemorySegment data, long off, int len) {
        for (long p = off, end = off + len; p < end; p++) {
            int c = data.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (telnet != NORMAL) {
                telnetByte(c);
                continue;
            }
            switch (c) {
                case '\n' -> {
                    if (lastChar == '\r' && offset > 0) {
                        offset--; // the CR of CRLF
                    }
                    emit();
                }
                case 0 -> {
                    if (lastChar != '\r') {
                        if (flagNuls) {
                            flagNuls = false;
                            sink.lineWeird("NUL_in_line", null);
                        } else {
                            put(0);
                        }
                    }
                }
                case IAC -> telnet = AFTER_IAC;
                default -> put(c);
            }
            if (lastChar == '\r' && c != '\n' && c != 0) {
                sink.lineWeird("line_terminated_with_single_CR", null);
            }
            lastChar = c;
        }
    }

    /** The direction ended: a partial line is delivered as if an LF followed (Zeek's EndpointEOF). */
    void endOfData() {
        if (offset > 0) {
            emit();
        }
    }

    private void telnetByte(int c) {
        switch (telnet) {
            case AFTER_IAC -> {
                if (c == IAC) {
                    telnet = NORMAL; // escaped 255: one data byte
                    put(IAC);
                    lastChar = IAC;
                } else if (c == SB) {
                    telnet = SUBOPTION;
                } else if (c >= 251 && c <= 254) {
                    telnet = OPTION; // WILL, WONT, DO, DONT take one option byte
                } else {
                    telnet = NORMAL; // a two-byte command, removed
                }
            }
            case OPTION -> telnet = NORMAL;
            case SUBOPTION -> {
                if (c == IAC) {
                    telnet = SUBOPTION_IAC;
                }
            }
            default -> {
                // IAC IAC inside a suboption is an escaped byte; IAC SE (or, as BSD Telnet does, IAC anything
                // else) ends it.
                telnet = c == IAC ? SUBOPTION : NORMAL;
            }
        }
    }

    private void put(int c) {
        if (offset == buf.length) {
            if (buf.length >= MAX_LINE_LENGTH) {
                sink.lineWeird("nvt_line_size_exceeded", null);
                emit();
            } else {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_LENGTH));
            }
        }
        buf[offset++] = (byte) c;
    }

    private void emit() {
        int n = offset;
        offset = 0;
        sink.line(orig, buf, n);
    }
}
