/**
 * Test support shared by all modules: {@link io.osprey.testkit.PacketBuilder} builds frames layer by layer with
 * correct lengths, type fields and checksums (and ways to break them); {@link io.osprey.testkit.PcapFileWriter}
 * writes them as classic pcap files or bytes. Depends only on the JDK and osprey-common.
 */
package io.osprey.testkit;
