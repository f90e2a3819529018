package io.osprey.cli;

import io.osprey.engine.conn.ConnConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Likely server ports of a bare run follow the protocol scripts loaded: Zeek's {@code Analyzer::register_for_ports}
 * adds each script's well-known ports to {@code likely_server_ports} (base/protocols/mysql: 1434/tcp and 3306/tcp).
 */
class SettingsPortsTest {
    @Test
    void mysqlScriptsAddBothOfItsPorts() {
        ConnConfig bare = new ConnConfig();
        Settings.applyAnalyzers(bare, "conn");
        assertThat(bare.likelyServerPorts.contains(6, 1434)).isFalse();
        assertThat(bare.likelyServerPorts.contains(6, 3306)).isFalse();

        ConnConfig mysql = new ConnConfig();
        Settings.applyAnalyzers(mysql, "conn,mysql");
        assertThat(mysql.likelyServerPorts.contains(6, 1434)).isTrue();
        assertThat(mysql.likelyServerPorts.contains(6, 3306)).isTrue();
    }

    @Test
    void syslogScriptsAddTheTcpPortToo() {
        // base/protocols/syslog registers Syslog on 514/udp and Syslog_TCP on 514/tcp (Zeek 9).
        ConnConfig syslog = new ConnConfig();
        Settings.applyAnalyzers(syslog, "conn,syslog");
        assertThat(syslog.likelyServerPorts.contains(17, 514)).isTrue();
        assertThat(syslog.likelyServerPorts.contains(6, 514)).isTrue();
    }

    @Test
    void ntlmScriptIgnoresNtlmViolations() {
        // base/protocols/ntlm: redef DPD::ignore_violations += { Analyzer::ANALYZER_NTLM }
        ConnConfig all = new ConnConfig();
        Settings.applyAnalyzers(all, "all");
        assertThat(all.ignoreViolations).contains("NTLM");
        ConnConfig ntlm = new ConnConfig();
        Settings.applyAnalyzers(ntlm, "conn,dce-rpc,ntlm");
        assertThat(ntlm.ignoreViolations).contains("NTLM");
        ConnConfig smb = new ConnConfig();
        Settings.applyAnalyzers(smb, "conn,smb");
        assertThat(smb.ignoreViolations).doesNotContain("NTLM");
    }
}
