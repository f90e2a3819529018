package io.osprey.engine.tunnel;

/**
 * Event: an analyzer found a tunnel that is not one connection of its own (Zeek's {@code Tunnel::register} from a
 * protocol script, e.g. a successful HTTP CONNECT, whose tunnel id has the originator port set to 0 because a proxy
 * sees a new source port per proxied connection). {@link TunnelLog} subscribes: the first registration of an id is
 * logged as {@code Tunnel::DISCOVER} without a uid, as Zeek logs it; later ones only refresh it.
 *
 * @param ts   network time, nanoseconds
 * @param type Zeek's tunnel type name, e.g. {@code Tunnel::HTTP}
 */
public record TunnelRegistration(long ts, long origHi, long origLo, int origPort, long respHi, long respLo,
                                 int respPort, String type) {
}
