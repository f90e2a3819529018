/**
 * {@code osprey trace}: capture file tools built on osprey-pcap's readers and writers. {@code filter} (tcpdump -r
 * -w with a filter), {@code slice} (tcpslice's time ranges and syntax, {@link io.osprey.cli.trace.TimeSpec}),
 * {@code merge} (mergecap: time-ordered or concatenated), {@code split} (tcpsplit: N files by a symmetric flow hash,
 * {@link io.osprey.cli.trace.FlowHash}, and rotation by time or size) and {@code stats} (capinfos). Outputs are
 * written under a temporary name and renamed when complete; bad input gives one line and a non-zero exit.
 * Not covered: tcpslice's session tracking (-s) and relative-time merge (-l), mergecap's per-packet snaplen (-s),
 * filter expressions until the osprey-filter module is in (only the empty expression, all packets, works now).
 */
package io.osprey.cli.trace;
