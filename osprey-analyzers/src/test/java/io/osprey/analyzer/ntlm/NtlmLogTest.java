package io.osprey.analyzer.ntlm;

import io.osprey.analyzer.gssapi.GssapiNegResult;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.ConnectionRemoved;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** ntlm.log's script logic (base/protocols/ntlm/main.zeek): when rows are written and what they hold. */
class NtlmLogTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final ConnInfo conn = new AnalyzerHarness(AnalyzerSpec.TCP, 445);

    private List<Map<String, String>> run(Consumer<EventBus> events) throws Exception {
        try (LogManager logs = new LogManager(LogOutputs.files(dir, LogFormat.TSV))) {
            EventBus bus = new EventBus();
            NtlmLog.install(bus, logs.stream(NtlmLog.SCHEMA));
            events.accept(bus);
        }
        Path log = dir.resolve("ntlm.log");
        return log.toFile().exists() ? ZeekLogs.read(log) : List.of();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private NtlmChallenge challenge(long ts) {
        return new NtlmChallenge(conn, ts, 0, b("T"), true, b("NB"), b("NBD"), b("dns"), b("dnsd"), null);
    }

    private NtlmAuthenticate auth(long ts) {
        return new NtlmAuthenticate(conn, ts, 0, b("DOM"), b("user"), b("WS"));
    }

    private static String row(Map<String, String> r) {
        return String.join(" ", r.get("ts"), r.get("username"), r.get("hostname"), r.get("domainname"),
                r.get("server_nb_computer_name"), r.get("server_dns_computer_name"), r.get("server_tree_name"),
                r.get("success"));
    }

    @Test
    void acceptCompletedWritesTheRowWithSuccess() throws Exception {
        List<Map<String, String>> rows = run(bus -> {
            bus.publish(new NtlmNegotiate(conn, T0, 0, null, null));
            bus.publish(new GssapiNegResult(conn, T0 + MS, 1)); // accept-incomplete: nothing yet
            bus.publish(challenge(T0 + MS));
            bus.publish(auth(T0 + 2 * MS));
            bus.publish(new GssapiNegResult(conn, T0 + 3 * MS, 0));
            bus.publish(auth(T0 + 4 * MS)); // after the row: no second row
            bus.publish(new GssapiNegResult(conn, T0 + 5 * MS, 2));
            bus.publish(new ConnectionRemoved(conn, T0 + 6 * MS));
        });
        assertThat(rows).extracting(NtlmLogTest::row)
                .containsExactly("1700000000.000000 user WS DOM NB dns - T");
    }

    @Test
    void rejectIsNotSuccess() throws Exception {
        List<Map<String, String>> rows = run(bus -> {
            bus.publish(auth(T0));
            bus.publish(new GssapiNegResult(conn, T0 + MS, 2));
        });
        assertThat(rows).extracting(NtlmLogTest::row).containsExactly("1700000000.000000 user WS DOM - - - F");
    }

    @Test
    void withoutResultTheRowIsWrittenAtRemoval() throws Exception {
        List<Map<String, String>> rows = run(bus -> {
            bus.publish(new GssapiNegResult(conn, T0, 0)); // before any NTLM message: no session
            bus.publish(challenge(T0 + MS));
            bus.publish(new ConnectionRemoved(conn, T0 + 9 * MS));
            bus.publish(new ConnectionRemoved(conn, T0 + 10 * MS));
        });
        assertThat(rows).extracting(NtlmLogTest::row).containsExactly("1700000000.001000 - - - NB dns - -");
    }

    @Test
    void challengeWithoutTargetInfoSetsNoServerNames() throws Exception {
        List<Map<String, String>> rows = run(bus -> {
            bus.publish(new NtlmChallenge(conn, T0, 0, b("T"), false, b("NB"), null, null, null, null));
            bus.publish(new ConnectionRemoved(conn, T0 + MS));
        });
        assertThat(rows).extracting(NtlmLogTest::row).containsExactly("1700000000.000000 - - - - - - -");
    }
}
