package io.osprey.analyzer.socks;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.tunnel.TunnelRegistration;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the SOCKS analyzer over byte streams without packets (the framework's {@link AnalyzerHarness}, attached as
 * if by port 1080), each call one delivery, and records what it published: socks.log rows, tunnel registrations,
 * violations and the protocol events.
 */
final class SocksTestSupport {
    final AnalyzerHarness h;
    final List<SocksInfo> rows = new ArrayList<>();
    final List<TunnelRegistration> tunnels = new ArrayList<>();
    final List<AnalyzerFailure> violations = new ArrayList<>();
    final List<Object> events = new ArrayList<>();

    SocksTestSupport() {
        this(false);
    }

    SocksTestSupport(boolean capturePassword) {
        AnalyzerSpec spec = SocksAnalyzer.specs(capturePassword).get(0);
        h = new AnalyzerHarness(AnalyzerSpec.TCP, 1080, spec);
        h.events().subscribe(SocksInfo.class, rows::add);
        h.events().subscribe(TunnelRegistration.class, tunnels::add);
        h.events().subscribe(AnalyzerFailure.class, violations::add);
        h.events().subscribe(SocksEvents.Request.class, events::add);
        h.events().subscribe(SocksEvents.Reply.class, events::add);
        h.events().subscribe(SocksEvents.LoginRequest.class, events::add);
        h.events().subscribe(SocksEvents.LoginReply.class, events::add);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    SocksTestSupport c(String hex) {
        h.stream(true, hex(hex));
        return this;
    }

    SocksTestSupport s(String hex) {
        h.stream(false, hex(hex));
        return this;
    }

    SocksTestSupport done() {
        h.done();
        return this;
    }

    SocksInfo row() {
        return rows.getFirst();
    }

    List<String> reasons() {
        return violations.stream().map(AnalyzerFailure::reason).toList();
    }

    /** True while the analyzer is attached (not detached by a violation or a hand-off). */
    boolean attached() {
        return h.analyzer("SOCKS") != null;
    }
}
