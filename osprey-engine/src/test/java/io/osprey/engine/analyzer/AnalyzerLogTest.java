package io.osprey.engine.analyzer;

import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** analyzer.log rows for file analyzers' violations (Zeek's analyzer_violation_info handler in logging.zeek). */
class AnalyzerLogTest {
    @Test
    void fileAnalyzerViolationsAreLoggedWithKindFile(@TempDir Path dir) throws Exception {
        EventBus events = new EventBus();
        try (LogManager logs = new LogManager(LogOutputs.files(dir, LogFormat.TSV))) {
            AnalyzerLog.install(events, logs.stream(AnalyzerLog.SCHEMA));
            events.publish(new FileAnalyzerFailure(1_700_000_000_500_000_000L, "ZIP", "Fabc", null,
                    "CRC mismatch", "PK\u0003\u0004\u00ff" + "x".repeat(60)));
        }
        List<Map<String, String>> rows = ZeekLogs.read(dir.resolve("analyzer.log"));
        assertThat(rows).hasSize(1);
        Map<String, String> r = rows.get(0);
        assertThat(r).containsEntry("analyzer_kind", "file").containsEntry("analyzer_name", "ZIP")
                .containsEntry("fuid", "Fabc").containsEntry("uid", "-").containsEntry("id.orig_h", "-")
                .containsEntry("proto", "-").containsEntry("failure_reason", "CRC mismatch");
        // Raw bytes, escaped as Zeek escapes them, cut at failure_data_max_size (40).
        assertThat(r.get("failure_data")).isEqualTo("PK\\x03\\x04\\xff" + "x".repeat(35));
    }
}
