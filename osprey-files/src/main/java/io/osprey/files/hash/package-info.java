/**
 * Hash file analyzers (Zeek's MD5, SHA1 and SHA256; base/files/hash, policy frameworks/files/hash-all-files) over
 * {@link java.security.MessageDigest}. Gap: SHA224/384/512 (not logged by Zeek's scripts) are not offered.
 */
package io.osprey.files.hash;
