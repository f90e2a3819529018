/**
 * The files framework (Zeek's {@code file_analysis} and {@code base/frameworks/files}): every transferred body is a
 * file with an id, byte accounting (seen, missing, overflow), out-of-order reassembly, MIME sniffing over the first
 * 4 KiB, hashes and optional extraction, logged to files.log when it ends and linked to its connection by uid and to
 * the protocol log by fuid. {@link io.osprey.files.FileManager} is the per-worker implementation of
 * {@link io.osprey.files.Files}. Files found inside files ({@link io.osprey.files.ChildFile}, Zeek's Spicy
 * file_begin from a file analyzer: ZIP entries) share their parent's connections and name it in parent_fuid. Gaps:
 * PE/X509 analyzers are only listed by name, no {@code Files::disable}, {@code set_timeout_interval} or DATA_EVENT.
 */
package io.osprey.files;
