package io.osprey.log;

/** Output formats of the built-in file writers. */
public enum LogFormat {
    /** Zeek's ASCII format ({@code conn.log}): tab-separated with {@code #} headers, zeek-cut compatible. */
    TSV,
    /**
     * JSON lines, Zeek's {@code LogAscii::use_json=T} rendering: {@code conn.log} when it is the only format,
     * {@code conn.json} next to the ASCII logs when both are written (see {@link LogOutputs}).
     */
    JSON
}
