package io.osprey.analyzer.dhcp;

import io.osprey.common.net.Addr;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One DHCP transaction as Zeek's {@code DHCP::Info} aggregates it (base/protocols/dhcp/main.zeek): the messages of
 * one transaction id, from clients and servers, over any connections. Filled by {@link DhcpTransactions} while the
 * transaction is tracked, then published once on the event bus as dhcp.log's row ({@link DhcpLog#SCHEMA}) and never
 * changed again. Addresses are IPv4/IPv6 as (hi, lo) pairs; strings from the wire are raw bytes (option values, at
 * most 255 bytes each).
 */
public final class DhcpInfo implements LogRecord {
    /** Network time of the transaction's first message, ns. */
    final long ts;
    /** The transaction id (the table's key) and the table's insertion-order links. */
    final int xid;
    DhcpInfo older;
    DhcpInfo newer;
    /** The uids of the connections its messages came over, in the order first seen (Zeek's set). */
    final LinkedHashSet<String> uids = new LinkedHashSet<>();
    boolean hasClientAddr;
    long clientAddrHi;
    long clientAddrLo;
    boolean hasServerAddr;
    long serverAddrHi;
    long serverAddrLo;
    String mac;
    byte[] hostName;
    byte[] clientFqdn;
    byte[] domain;
    boolean hasRequested;
    int requestedAddr;
    boolean hasAssigned;
    int assignedAddr;
    /** Lease time, seconds (-1: unset). */
    long leaseTime = -1;
    byte[] clientMessage;
    byte[] serverMessage;
    final List<String> msgTypes = new ArrayList<>();
    /** Network time of the last message, ns (duration = last - ts, Zeek's doubles). */
    long lastTs;
    /** The client's chaddr, the mac written when nothing better was seen (Zeek's {@code client_chaddr}). */
    String clientChaddr;
    /** Zeek's expire access time of the transaction's table entry (its creation, then as the expiry moves it), s. */
    double expireAccess;

    DhcpInfo(int xid, long ts, String uid) {
        this.xid = xid;
        this.ts = ts;
        this.lastTs = ts;
        this.expireAccess = io.osprey.log.ZeekTime.seconds(ts);
        uids.add(uid);
    }

    @Override
    public void write(FieldWriter w) {
        w.time(ts);
        w.strings(uids);
        addr(w, hasClientAddr, clientAddrHi, clientAddrLo);
        addr(w, hasServerAddr, serverAddrHi, serverAddrLo);
        w.optionalString(mac);
        bytes(w, hostName);
        bytes(w, clientFqdn);
        bytes(w, domain);
        addr(w, hasRequested, 0, Addr.v4Lo(requestedAddr));
        addr(w, hasAssigned, 0, Addr.v4Lo(assignedAddr));
        if (leaseTime < 0) {
            w.unset();
        } else {
            w.intervalSeconds(leaseTime);
        }
        bytes(w, clientMessage);
        bytes(w, serverMessage);
        w.strings(msgTypes);
        w.intervalBetween(ts, lastTs);
    }

    private static void addr(FieldWriter w, boolean set, long hi, long lo) {
        if (set) {
            w.addr(hi, lo);
        } else {
            w.unset();
        }
    }

    private static void bytes(FieldWriter w, byte[] b) {
        if (b == null) {
            w.unset();
        } else {
            w.bytes(b, 0, b.length);
        }
    }
}
