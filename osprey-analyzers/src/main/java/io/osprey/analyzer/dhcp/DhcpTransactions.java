package io.osprey.analyzer.dhcp;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.EndOfInput;
import io.osprey.engine.event.EventBus;
import io.osprey.log.ZeekTime;


/**
 * Zeek's base/protocols/dhcp/main.zeek for one worker: DHCP messages are joined by transaction id (xid) into one
 * {@link DhcpInfo} per transaction, across connections (clients broadcast, servers answer to broadcast or unicast
 * addresses), in a table Zeek calls {@code join_data}. A transaction is published (dhcp.log's row) when
 * <ul>
 *   <li>the table's expiry finds it quiet for 5 s or watched for longer than {@code DHCP::max_txid_watch_time}
 *       (Zeek's {@code &create_expire=10secs} with {@code join_data_expiration}, checked every
 *       {@code table_expire_interval}, 10 s, of network time: here at the first message at or after each check time,
 *       the first check at the first message; Zeek checks at any packet, so a transaction id that comes back after a
 *       long quiet time may be joined differently when no DHCP message falls near a check time);</li>
 *   <li>it reaches {@code DHCP::max_uids_per_log_entry} uids or {@code DHCP::max_msg_types_per_log_entry} message
 *       types (written as it is, without the chaddr fallback for {@code mac}, as Zeek's script does);</li>
 *   <li>a new transaction finds {@code DHCP::max_tracked_transactions} tracked: the oldest is written and dropped,
 *       with the net weird {@code DHCP_max_tracked_transactions_exceeded} (addl: the number tracked);</li>
 *   <li>the input ends (Zeek's {@code zeek_done}).</li>
 * </ul>
 * Used on the worker's thread only; the table is bounded by {@code max_tracked_transactions}.
 */
public final class DhcpTransactions {
    /**
     * Zeek's DHCP options.
     *
     * @param maxTrackedTransactions {@code DHCP::max_tracked_transactions} (default 100,000; 0: no limit)
     * @param maxUidsPerLogEntry     {@code DHCP::max_uids_per_log_entry} (default 10)
     * @param maxMsgTypesPerLogEntry {@code DHCP::max_msg_types_per_log_entry} (default 50)
     * @param maxTxidWatchTime       {@code DHCP::max_txid_watch_time}, ns (default 30 s)
     */
    public record Settings(int maxTrackedTransactions, int maxUidsPerLogEntry, int maxMsgTypesPerLogEntry,
                           long maxTxidWatchTime) {
        /** Zeek's defaults. */
        public static final Settings DEFAULT = new Settings(100_000, 10, 50, 30_000_000_000L);
    }

    /** Zeek's {@code &create_expire} of join_data and {@code table_expire_interval}, seconds. */
    static final double CREATE_EXPIRE = 10;
    static final double EXPIRE_INTERVAL = 10;
    /** join_data_expiration: quiet time after which a transaction is written, and the delay when it is not. */
    static final double QUIET = 5;
    static final double RETRY = 5;
    /** Zeek's {@code DHCP::message_types}. */
    private static final String[] TYPES = {null, "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE",
        "INFORM", "FORCERENEW", "LEASEQUERY", "LEASEUNASSIGNED", "LEASEUNKNOWN", "LEASEACTIVE", "BULKLEASEQUERY",
        "LEASEQUERYDONE", "ACTIVELEASEQUERY", "LEASEQUERYSTATUS", "TLS"};
    private static final long ZERO_HI = 0;
    private static final long ZERO_LO = Addr.v4Lo(0);
    private static final long BROADCAST_LO = Addr.v4Lo(-1);

    private final Settings settings;
    private final EventBus events;
    /** join_data in insertion order (join_data_ordered), by xid. */
    private final XidTable table = new XidTable();
    /** When the next expiry check is due, Zeek seconds (NaN: none done yet). */
    private double nextCheck = Double.NaN;

    /** One worker's table; publishes rows on {@code events} and flushes at the end of the input. Setup time. */
    public DhcpTransactions(Settings settings, EventBus events) {
        this.settings = settings;
        this.events = events;
        events.subscribe(EndOfInput.class, e -> {
            if (e.connectionsDrained()) {
                flush();
            }
        });
    }

    /** Zeek's {@code DHCP::aggregate_msgs} for one parsed message of {@code ctx}'s connection. */
    void message(AnalyzerContext ctx, boolean isOrig, DhcpMessage m) {
        long now = ctx.networkTime();
        expire(ZeekTime.seconds(now));
        ConnInfo c = ctx.conn();
        int xid = (int) m.xid;
        DhcpInfo info = table.get(xid);
        if (info == null) {
            int max = settings.maxTrackedTransactions();
            if (max > 0 && table.size() >= max) {
                ctx.env().weird(null, "DHCP_max_tracked_transactions_exceeded", Integer.toString(table.size()),
                        "DHCP");
                DhcpInfo old = table.oldest();
                table.remove(old);
                writeLog(old);
            }
            info = new DhcpInfo(xid, now, c.uid());
            table.add(info);
        }
        info.lastTs = now;
        info.uids.add(c.uid());
        int type = m.type;
        info.msgTypes.add(type < TYPES.length && type > 0 ? TYPES[type] : "unknown-message-type-" + type);
        // T for "connections" servers start to broadcast addresses, otherwise the client's side.
        boolean isClient = isOrig && ((c.origHi() == ZERO_HI && c.origLo() == ZERO_LO) || c.origPort() == 68
                || c.respPort() == 67);
        if (m.messageAt >= 0) {
            byte[] text = m.bytes(m.messageAt, m.messageLen);
            if (isClient) {
                info.clientMessage = text;
            } else {
                info.serverMessage = text;
            }
        }
        if (isClient) {
            if (!(c.origHi() == ZERO_HI && (c.origLo() == ZERO_LO || c.origLo() == BROADCAST_LO))) {
                info.hasClientAddr = true;
                info.clientAddrHi = c.origHi();
                info.clientAddrLo = c.origLo();
            }
            if (m.hostNameAt >= 0) {
                info.hostName = m.bytes(m.hostNameAt, m.hostNameLen);
            }
            if (m.fqdnAt >= 0) {
                info.clientFqdn = m.bytes(m.fqdnAt, m.fqdnLen);
            }
            if (m.clientIdType == 1) {
                info.mac = m.fmtMac(m.clientIdAt, m.clientIdLen);
            } else {
                info.clientChaddr = m.chaddr();
            }
            if (m.hasRequested) {
                info.hasRequested = true;
                info.requestedAddr = m.requested;
            }
        } else {
            if (m.yiaddr != 0) {
                // The server handed out an address: it is the originator when it broadcast, else the responder.
                info.hasServerAddr = true;
                info.serverAddrHi = isOrig ? c.origHi() : c.respHi();
                info.serverAddrLo = isOrig ? c.origLo() : c.respLo();
            }
            if (info.mac == null) {
                info.mac = m.chaddr();
            }
            if (m.yiaddr != 0) {
                info.hasAssigned = true;
                info.assignedAddr = m.yiaddr;
            }
            if (!info.hasClientAddr && info.hasAssigned) {
                info.hasClientAddr = true;
                info.clientAddrHi = 0;
                info.clientAddrLo = Addr.v4Lo(info.assignedAddr);
            }
            if (m.domainAt >= 0) {
                info.domain = m.domain();
            }
            if (m.lease >= 0) {
                info.leaseTime = m.lease;
            }
        }
        if (info.uids.size() >= settings.maxUidsPerLogEntry()
                || info.msgTypes.size() >= settings.maxMsgTypesPerLogEntry()) {
            table.remove(info);
            events.publish(info);
        }
    }

    /** Zeek's {@code write_log}: the client's chaddr stands in for a missing mac. */
    private void writeLog(DhcpInfo info) {
        if (info.mac == null && info.clientChaddr != null) {
            info.mac = info.clientChaddr;
        }
        events.publish(info);
    }

    /** The table's expiry check (Zeek's {@code TableVal::DoExpire} with {@code join_data_expiration}) at {@code t}. */
    private void expire(double t) {
        if (!Double.isNaN(nextCheck) && t < nextCheck) {
            return;
        }
        nextCheck = t + EXPIRE_INTERVAL;
        DhcpInfo next;
        for (DhcpInfo info = table.oldest(); info != null; info = next) {
            next = XidTable.next(info);
            if (info.expireAccess + CREATE_EXPIRE < t) {
                if (t - ZeekTime.seconds(info.lastTs) > QUIET
                        || t - ZeekTime.seconds(info.ts) > settings.maxTxidWatchTime() / 1e9) {
                    table.remove(info);
                    writeLog(info);
                } else {
                    info.expireAccess = t - CREATE_EXPIRE + RETRY;
                }
            }
        }
    }

    /** Writes every tracked transaction (Zeek's {@code zeek_done} handler). */
    void flush() {
        for (DhcpInfo info = table.oldest(); info != null; info = table.oldest()) {
            table.remove(info);
            writeLog(info);
        }
    }

    /** Transactions tracked now. */
    int tracked() {
        return table.size();
    }
}
