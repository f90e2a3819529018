/**
 * Packet decoding: the tree of small layers from the capture's link type to the transport header, Zeek 9.1's
 * {@code src/packet_analysis} in Java.
 *
 * <p>{@link io.osprey.packet.PacketDecoder} (one per worker) resets the worker's one mutable
 * {@link io.osprey.packet.Packet} from each {@code PacketRecord} and runs the layers; each layer checks its header,
 * records what it found on the packet, and forwards by key through tables declared as data in
 * {@link io.osprey.packet.Layers} (Zeek's {@code register_packet_analyzer} calls) and compiled into dense arrays by
 * {@link io.osprey.packet.LayerDispatch}. Datagrams that reach connection analysis go to the
 * {@link io.osprey.packet.PacketSink}; malformed input becomes a weird with Zeek's name and source
 * ({@link io.osprey.packet.PacketWeirds}) through the {@link io.osprey.packet.WeirdSink}. No allocation, no copies,
 * no exceptions per packet.
 *
 * <p>Zeek counterparts: {@code packet_analysis/Analyzer.cc} (ForwardPacket, max depth), {@code Manager.cc},
 * {@code session/Manager.cc} (weird naming: {@code _in_tunnel}, flow vs net weirds),
 * {@code scripts/base/packet-protocols/&#42;/main.zeek} (dispatch tables and defaults).
 *
 * <p>Gaps: the packet filter/discarder and {@code unknown_protocol} sampling are not implemented here (the sink gets
 * every unknown protocol via {@code nonIp}); weird sampling is the WeirdSink's job.
 */
package io.osprey.packet;
