/**
 * ASN.1 BER/DER reading (ITU-T X.690 §8.1) for the analyzers whose protocols are ASN.1 encoded: GSSAPI/SPNEGO now,
 * SNMP and Kerberos later. {@link io.osprey.analyzer.asn1.BerReader} reads tag-length-value headers over a
 * {@link java.lang.foreign.MemorySegment} without allocating, as Zeek's binpac {@code asn1.pac} types do (one
 * identifier octet, short and long length forms, lengths checked only where used).
 *
 * <p>Known gaps, as in Zeek: high tag numbers (identifier octet {@code xx11111}) are read as a single octet;
 * indefinite lengths are read as 0.
 */
package io.osprey.analyzer.asn1;
