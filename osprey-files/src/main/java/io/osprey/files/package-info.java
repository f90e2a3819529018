/**
 * The files framework (Zeek's {@code file_analysis} and {@code base/frameworks/files}): every transferred body is a
 * file with an id, byte accounting, MIME sniffing, hashes and optional extraction, logged to files.log and linked
 * to its connection by uid and to the protocol log by fuid.
 */
package io.osprey.files;
