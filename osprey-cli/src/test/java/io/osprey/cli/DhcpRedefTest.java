package io.osprey.cli;

import io.osprey.analyzer.AnalyzerOptions;
import io.osprey.analyzer.dhcp.DhcpTransactions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Zeek's DHCP options set with {@code --redef}, as base/protocols/dhcp's tests redefine them. */
class DhcpRedefTest {
    @Test
    void dhcpOptionsAreApplied() {
        AnalyzerOptions o = new AnalyzerOptions();
        assertThat(o.dhcp).isEqualTo(DhcpTransactions.Settings.DEFAULT);
        Settings.applyAnalyzerRedef(o, "redef DHCP::max_tracked_transactions = 5;");
        Settings.applyAnalyzerRedef(o, "redef DHCP::max_uids_per_log_entry=5");
        Settings.applyAnalyzerRedef(o, "redef DHCP::max_msg_types_per_log_entry = 7;");
        Settings.applyAnalyzerRedef(o, "redef DHCP::max_txid_watch_time = 1 min;");
        assertThat(o.dhcp).isEqualTo(new DhcpTransactions.Settings(5, 5, 7, 60_000_000_000L));
        // A value that is not a count leaves the setting as it was (applyRedef reports it).
        Settings.applyAnalyzerRedef(o, "redef DHCP::max_tracked_transactions = lots;");
        assertThat(o.dhcp.maxTrackedTransactions()).isEqualTo(5);
    }
}
