/**
 * Zeek's UTF-16 to UTF-8 conversion of protocol strings ({@code utf16_to_utf8_val} in binpac_zeek-lib.pac), shared
 * by the analyzers whose strings are UTF-16LE on the wire (SMB, NTLM).
 */
package io.osprey.analyzer.utf16;
