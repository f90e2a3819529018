package io.osprey.engine.event;

/**
 * Event: the input is over, published by the connection engine in two steps that mirror Zeek's shutdown
 * (zeek-setup.cc done_with_network, then terminate_zeek): first with {@code connectionsDrained} false, while every
 * connection is still tracked (Zeek's {@code net_done} and its expiry of pending timers), then with it true, after
 * every connection was removed and logged (Zeek's {@code file_mgr->Terminate()} and {@code zeek_done}). Frameworks
 * that hold state beyond connections (files, software) flush on it.
 *
 * @param networkTime        the last network time, ns since the epoch (Long.MIN_VALUE when no packet was seen)
 * @param connectionsDrained false before the connections are flushed, true after
 */
public record EndOfInput(long networkTime, boolean connectionsDrained) {
}
