/**
 * File log writers producing Zeek's formats byte for byte: {@link io.osprey.log.writer.AsciiLogWriter} (Zeek's
 * ASCII/TSV logs, zeek-cut compatible) and {@link io.osprey.log.writer.JsonLogWriter} ({@code LogAscii::use_json=T}).
 * Zeek counterparts: {@code src/logging/writers/ascii/Ascii.cc}, {@code src/threading/formatters/Ascii.cc},
 * {@code src/threading/formatters/JSON.cc}, {@code src/Desc.cc}, {@code src/util.cc}. Rows render into a reused
 * byte buffer with hand-written number formatting, flushed in 64 KiB chunks.
 * Gaps: only Zeek's default separators and options (no custom separators, gzip, rotation, stdout output,
 * {@code json_timestamps} other than epoch, {@code json_include_unset_fields=T}, or the PUA/TSV JSON escape policies).
 */
package io.osprey.log.writer;
