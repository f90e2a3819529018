/**
 * Capture input: readers for classic pcap ({@link io.osprey.pcap.PcapReader}) and pcapng
 * ({@link io.osprey.pcap.PcapngReader}), memory-mapped for plain files and streamed through one reusable buffer for
 * gzip, zstd, pipes and stdin; {@link io.osprey.pcap.Captures} sniffs the format and compression, and
 * {@link io.osprey.pcap.MergedSource} merges several inputs by timestamp like mergecap. Packets are handed out as
 * {@link io.osprey.pcap.PacketRecord} flyweights pointing into the input bytes (no copy, no allocation per packet).
 * Limits: caplen at most max(snaplen, libpcap's MAXIMUM_SNAPLEN 262144), never above 128 MiB; pcapng blocks at most
 * 16 MiB (libpcap INITIAL_MAX_BLOCKSIZE). A damaged file raises a one-line CaptureFormatException; a truncated final
 * record is a warning. Counterpart of libpcap's sf-pcap.c/sf-pcapng.c as Zeek uses them (zeek -r).
 * Writing: {@link io.osprey.pcap.PcapWriter} (what tcpdump -w writes) and {@link io.osprey.pcap.PcapngWriter}, through
 * {@link io.osprey.pcap.CaptureWriter}: one large buffer, a temporary name renamed when complete.
 * {@link io.osprey.pcap.PcapReader#seekBefore} binary-searches a mapped pcap by time (tcpslice).
 * Not covered: live capture, pcapng compression/encryption blocks, per-packet FCS stripping, pcapng options on
 * output (comments, statistics).
 */
package io.osprey.pcap;
