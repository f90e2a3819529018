package io.osprey.analyzer.notice;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.AnalyzerConfirmation;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.ConnectionRemoved;
import io.osprey.engine.event.EventBus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Protocols found on ports not registered for them: Bro's "backdoor" analysis, Zeek's
 * {@code policy/frameworks/analyzer/detect-protocols.zeek}, on by default in Osprey. When an analyzer confirms its
 * protocol on a connection whose responder port is not one of the analyzer's registered ports, and it is still
 * attached when the connection ends with data in both directions, two notices are raised:
 * {@code ProtocolDetector::Protocol_Found} for the connection ("10.0.0.1:40000 > 10.0.0.2:2222 HTTP on port
 * 2222/tcp") and, once per server, port and analyzer, {@code ProtocolDetector::Server_Found}.
 *
 * <p>Known difference: Zeek reports a connection as soon as it lasted 30 s or carried 4 kB (checked every 5 s); Osprey
 * reports at the end of the connection, so the notice's {@code ts} is the connection's end. An analyzer that fails
 * after that threshold still counts, as in Zeek.
 */
public final class ProtocolDetector {
    /** Zeek's {@code ProtocolDetector::minimum_duration}. */
    static final long MINIMUM_DURATION = 30_000_000_000L;
    /** Zeek's {@code ProtocolDetector::minimum_volume}. */
    static final long MINIMUM_VOLUME = 4000;
    /** Bound on remembered servers (Zeek expires them after 14 days of no reads). */
    static final int MAX_SERVERS = 100_000;

    private final EventBus events;
    private final Map<ConnInfo, Set<AnalyzerSpec>> conns = new IdentityHashMap<>();
    private final Set<String> servers = new HashSet<>();

    private ProtocolDetector(EventBus events) {
        this.events = events;
    }

    /** Subscribes the detector to {@code events}; its notices are published there. */
    public static void install(EventBus events) {
        ProtocolDetector d = new ProtocolDetector(events);
        events.subscribe(AnalyzerConfirmation.class, d::confirmed);
        events.subscribe(AnalyzerFailure.class, d::failed);
        events.subscribe(ConnectionRemoved.class, d::removed);
    }

    private static boolean registered(AnalyzerSpec a, int port) {
        for (int p : a.ports()) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private void confirmed(AnalyzerConfirmation e) {
        if (registered(e.analyzer(), e.conn().respPort())) {
            return;
        }
        conns.computeIfAbsent(e.conn(), k -> new LinkedHashSet<>()).add(e.analyzer());
    }

    private void failed(AnalyzerFailure e) {
        ConnInfo c = e.conn();
        Set<AnalyzerSpec> s = conns.get(c);
        if (s == null) {
            return;
        }
        if (e.ts() - c.startTime() >= MINIMUM_DURATION || c.payloadBytes() >= MINIMUM_VOLUME) {
            return;
        }
        s.remove(e.analyzer());
    }

    private void removed(ConnectionRemoved e) {
        ConnInfo c = e.conn();
        Set<AnalyzerSpec> found = conns.remove(c);
        if (found == null || c.origPayloadBytes() == 0 || c.respPayloadBytes() == 0) {
            return;
        }
        for (AnalyzerSpec a : found) {
            String proto = a.name();
            String port = c.respPort() + "/" + c.transportName();
            String msg = Addr.toString(c.origHi(), c.origLo()) + ":" + c.origPort() + " > "
                    + Addr.toString(c.respHi(), c.respLo()) + ":" + c.respPort() + " " + proto + " on port " + port;
            events.publish(Notice.about(c, e.ts(), "ProtocolDetector::Protocol_Found", msg, proto));
            String key = Addr.toString(c.respHi(), c.respLo()) + "|" + port + "|" + proto;
            if (!servers.contains(key)) {
                if (servers.size() >= MAX_SERVERS) {
                    servers.clear();
                }
                servers.add(key);
                events.publish(new Notice(e.ts(), "ProtocolDetector::Server_Found",
                        Addr.toString(c.respHi(), c.respLo()) + ": " + proto + " server on port " + port, proto, c,
                        true, c.respHi(), c.respLo(), Notice.DEFAULT_SUPPRESSION));
            }
        }
    }
}
