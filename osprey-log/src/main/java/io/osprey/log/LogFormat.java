package io.osprey.log;

/** Output formats of the built-in file writers. */
public enum LogFormat {
    /** Zeek's ASCII format ({@code conn.log}): tab-separated with {@code #} headers, zeek-cut compatible. */
    TSV,
    /** JSON lines ({@code conn.json}... see LogManager), Zeek's {@code LogAscii::use_json} rendering. */
    JSON
}
