package io.osprey.analyzer.software;

import io.osprey.common.net.Addr;
import io.osprey.common.net.NetSet;
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
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sightings become software.log rows (Zeek's Software::found / register rules) and how they are written. */
class SoftwareFrameworkTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MIN = 60_000_000_000L;

    @TempDir
    Path dir;

    private List<Map<String, String>> run(SoftwareFramework.AssetTracking tracking,
                                          Consumer<EventBus> sightings) throws Exception {
        try (LogManager logs = new LogManager(LogOutputs.files(dir, LogFormat.TSV))) {
            EventBus events = new EventBus();
            SoftwareFramework.install(events, tracking, NetSet.zeekPrivateSpace(), logs.stream(SoftwareLog.SCHEMA));
            sightings.accept(events);
        }
        return ZeekLogs.read(dir.resolve("software.log"));
    }

    private static SoftwareFound found(String host, int port, String type, String banner, long ts) {
        long[] a = new long[2];
        Addr.parse(host, a);
        return new SoftwareFound(null, a[0], a[1], port, type, banner, ts);
    }

    @Test
    void firstSightingPerHostAndVersionIsLogged() throws Exception {
        List<Map<String, String>> rows = run(SoftwareFramework.AssetTracking.LOCAL_HOSTS, ev -> {
            ev.publish(found("192.168.1.10", -1, "HTTP::BROWSER", "Java/1.6.0_13", T0));
            ev.publish(found("192.168.1.10", -1, "HTTP::BROWSER", "Java/1.6.0_13", T0 + MIN));
            ev.publish(found("192.168.1.10", -1, "HTTP::BROWSER", "Java/1.6.0_20", T0 + 2 * MIN)); // new version
            ev.publish(found("192.168.1.10", -1, "HTTP::BROWSER", "Java/1.6.0_13", T0 + 3 * MIN)); // known again
            ev.publish(found("192.168.1.11", -1, "HTTP::BROWSER", "Java/1.6.0_13", T0 + 4 * MIN)); // another host
            ev.publish(found("8.8.8.8", 80, "HTTP::SERVER", "Apache/2.4.41 (Ubuntu)", T0)); // not local
        });
        assertThat(rows).extracting(r -> r.get("host") + " " + r.get("unparsed_version")).containsExactly(
                "192.168.1.10 Java/1.6.0_13", "192.168.1.10 Java/1.6.0_20", "192.168.1.11 Java/1.6.0_13");
        Map<String, String> r = rows.get(0);
        assertThat(r.get("ts")).isEqualTo("1700000000.000000");
        assertThat(r.get("host_p")).isEqualTo("-");
        assertThat(r.get("software_type")).isEqualTo("HTTP::BROWSER");
        assertThat(r.get("name")).isEqualTo("Java");
        assertThat(List.of(r.get("version.major"), r.get("version.minor"), r.get("version.minor2"),
                r.get("version.minor3"), r.get("version.addl"))).containsExactly("1", "6", "0", "13", "-");
    }

    @Test
    void serversWithPortsAndAllHosts() throws Exception {
        // As in Zeek's policy/protocols/http/flash-version test (asset_tracking = ALL_HOSTS).
        List<Map<String, String>> rows = run(SoftwareFramework.AssetTracking.ALL_HOSTS, ev -> {
            ev.publish(found("192.168.2.76", -1, "HTTP::BROWSER", "Mozilla/5.0 (Macintosh; U; Intel Mac OS X; en) "
                    + "AppleWebKit/531.9 (KHTML, like Gecko) AdobeAIR/2.6", T0));
            ev.publish(found("192.168.2.76", -1, "HTTP::BROWSER_PLUGIN", "AdobeAIR-Flash/10,2,159,1", T0));
            ev.publish(found("208.85.41.42", 80, "HTTP::SERVER", "Apache", T0));
        });
        assertThat(rows).extracting(r -> String.join(" ", r.get("host"), r.get("host_p"), r.get("software_type"),
                r.get("name"), r.get("version.major"), r.get("version.minor"), r.get("version.minor2"),
                r.get("version.minor3"), r.get("version.addl"))).containsExactly(
                "192.168.2.76 - HTTP::BROWSER AdobeAIR 2 6 - - -",
                "192.168.2.76 - HTTP::BROWSER_PLUGIN AdobeAIR-Flash 10 2 159 1 -",
                "208.85.41.42 80 HTTP::SERVER Apache - - - - -");
    }

    @Test
    void remoteAndNoHosts() throws Exception {
        List<Map<String, String>> remote = run(SoftwareFramework.AssetTracking.REMOTE_HOSTS, ev -> {
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.68.0", T0));
            ev.publish(found("1.1.1.1", 80, "HTTP::SERVER", "nginx/1.18.0", T0));
        });
        assertThat(remote).extracting(r -> r.get("host")).containsExactly("1.1.1.1");
        java.nio.file.Files.delete(dir.resolve("software.log"));
        List<Map<String, String>> none = run(SoftwareFramework.AssetTracking.NO_HOSTS, ev ->
                ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.68.0", T0)));
        assertThat(none).isEmpty();
    }

    @Test
    void aHostIsForgottenADayAfterItWasFirstSeen() throws Exception {
        long day = 24 * 60 * MIN;
        List<Map<String, String>> rows = run(SoftwareFramework.AssetTracking.LOCAL_HOSTS, ev -> {
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.68.0", T0));
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.68.0", T0 + day - MIN));
            // Within found_cache_interval (10 min) of the last sighting: deduplicated before the host is looked at.
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.68.0", T0 + day + MIN));
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.68.0", T0 + day + 11 * MIN));
        });
        assertThat(rows).extracting(r -> r.get("ts")).containsExactly("1700000000.000000", "1700087060.000000");
    }

    @Test
    void afterTwentyVersionsANameStartsOver() throws Exception {
        List<Map<String, String>> rows = run(SoftwareFramework.AssetTracking.LOCAL_HOSTS, ev -> {
            for (int i = 0; i <= 20; i++) {
                ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7." + i, T0 + i * 11 * MIN));
            }
            // The set now holds only curl/7.20: an old version is new again (and logged), a recent one too.
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.0", T0 + 300 * MIN));
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "curl/7.20", T0 + 320 * MIN));
        });
        assertThat(rows).hasSize(22);
    }

    @Test
    void bannerBytesAreLoggedAsZeekDoes() throws Exception {
        List<Map<String, String>> rows = run(SoftwareFramework.AssetTracking.LOCAL_HOSTS, ev -> {
            ev.publish(found("10.0.0.1", -1, "HTTP::BROWSER", "QQ%E9%82%AE/5.3", T0));
            ev.publish(found("10.0.0.2", -1, "HTTP::BROWSER", "QQ%E9%82/5.3", T0));
        });
        // The name is unescaped to bytes: valid UTF-8 is written as is, other bytes escaped (LogAscii::enable_utf_8).
        assertThat(rows.get(0).get("name")).isEqualTo("QQ\u90ae");
        assertThat(rows.get(1).get("name")).isEqualTo("QQ\\xe9\\x82");
        assertThat(rows.get(0).get("unparsed_version")).isEqualTo("QQ%E9%82%AE/5.3");
    }
}
