package io.osprey.engine.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.testkit.ZeekLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tunnels that analyzers register (Zeek's Tunnel::register from protocol scripts, e.g. HTTP CONNECT). */
class TunnelRegistrationTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void theFirstRegistrationOfAnIdIsLoggedWithoutUidAndRepeatsOnlyRefreshIt(@TempDir Path dir) throws Exception {
        try (LogManager logs = new LogManager(LogOutputs.files(dir, LogFormat.TSV))) {
            TunnelLog t = new TunnelLog(logs.stream(TunnelLog.SCHEMA));
            TunnelRegistration http = new TunnelRegistration(T0, 0, 0xffff_0a00_0001L, 0, 0, 0xffff_0a00_0002L, 3128,
                    "Tunnel::HTTP");
            t.register(http);
            t.register(new TunnelRegistration(T0 + 1_000_000_000L, 0, 0xffff_0a00_0001L, 0, 0, 0xffff_0a00_0002L,
                    3128, "Tunnel::HTTP"));
            t.register(new TunnelRegistration(T0 + 2_000_000_000L, 0, 0xffff_0a00_0003L, 0, 0, 0xffff_0a00_0002L,
                    3128, "Tunnel::HTTP"));
            // Idle for the expiration interval: expired like the tunnels of connections.
            t.expire(T0 + 2_000_000_000L + TunnelLog.EXPIRATION_INTERVAL);
        }
        List<Map<String, String>> rows = ZeekLogs.read(dir.resolve("tunnel.log"));
        assertThat(rows).extracting(r -> r.get("id.orig_h"), r -> r.get("action"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", "Tunnel::DISCOVER"),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.3", "Tunnel::DISCOVER"),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.1", "Tunnel::EXPIRE"),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.3", "Tunnel::EXPIRE"));
        assertThat(rows.get(0)).containsEntry("uid", "-").containsEntry("id.orig_p", "0")
                .containsEntry("id.resp_h", "10.0.0.2").containsEntry("id.resp_p", "3128")
                .containsEntry("tunnel_type", "Tunnel::HTTP");
    }
}
