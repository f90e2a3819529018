/**
 * Log streams and their outputs, Zeek's logging framework counterpart ({@code src/logging/Manager.cc},
 * {@code WriterBackend}). A {@link io.osprey.log.LogManager} owns one {@link io.osprey.log.LogStream} per
 * {@link io.osprey.log.LogSchema}; records write themselves field by field through a
 * {@link io.osprey.log.FieldWriter}; {@link io.osprey.log.LogOutputs#files} gives the built-in file outputs
 * (package {@code io.osprey.log.writer}). Files are opened lazily on the first record, as Zeek does.
 * Gaps: no rotation, no log filters/policies, no per-stream threads (writers run on the caller's thread).
 */
package io.osprey.log;
