/**
 * Test support shared by all modules: {@link io.osprey.testkit.PacketBuilder} builds frames layer by layer with
 * correct lengths, type fields and checksums (and ways to break them); {@link io.osprey.testkit.PcapFileWriter}
 * writes them as classic pcap files or bytes; {@link io.osprey.testkit.ZeekLogs} reads Zeek ASCII logs and
 * {@link io.osprey.testkit.ZeekRowComparer} compares rows with real Zeek's for the golden tests;
 * {@link io.osprey.testkit.Mutator} mutates seeds for the fuzz tests. Depends only on the JDK and osprey-common.
 */
package io.osprey.testkit;
