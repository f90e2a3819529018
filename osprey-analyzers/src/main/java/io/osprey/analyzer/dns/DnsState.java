package io.osprey.analyzer.dns;

import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.EventBus;
import io.osprey.log.ZeekTime;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The per-connection transaction state of Zeek's {@code base/protocols/dns/main.zeek} ({@code c$dns} and
 * {@code c$dns_state}): pairs queries with replies by transaction id, fills each transaction from the DNS events the
 * way the script's handlers do, and publishes it as a {@link DnsTransaction} when the script would write it to
 * dns.log: once both its query and its reply were seen (at {@code dns_end}), when a pending queue overflows, and at
 * connection removal ({@code finalize_dns}: unanswered queries, replies without queries). Multicast destinations
 * (mDNS, LLMNR) are not paired: every message is its own transaction.
 *
 * <p>Owned by one connection's {@link DnsAnalyzer}, on its worker thread. Caps (Zeek's options, see
 * {@link Options}): at most {@code max_pending_query_ids} transaction ids with unmatched messages per direction and
 * {@code max_pending_msgs} messages per id; beyond either the queued ones are logged and dropped. A transaction keeps
 * at most {@link #MAX_ANSWERS} answers (and TTLs, authority and additional entries) of at most
 * {@link #MAX_TEXT} bytes each: Zeek's logging framework prints no more than that
 * ({@code Log::max_field_container_elements}, {@code Log::max_field_string_bytes}), so this bounds memory without
 * changing output.
 */
final class DnsState {
    /** Zeek's {@code Log::max_field_container_elements}: the most elements a logged container shows. */
    static final int MAX_ANSWERS = 100;
    /** Zeek's {@code Log::max_field_string_bytes}: the most bytes a logged string shows. */
    static final int MAX_TEXT = 4096;

    /**
     * Script-level settings.
     *
     * @param maxPendingMsgs     Zeek's {@code DNS::max_pending_msgs} (50)
     * @param maxPendingQueryIds Zeek's {@code DNS::max_pending_query_ids} (50)
     * @param authAddl           policy {@code protocols/dns/auth-addl}: keep authority and additional RRs
     * @param originalCase       policy {@code protocols/dns/log-original-query-case}: keep the query as sent
     */
    record Options(int maxPendingMsgs, int maxPendingQueryIds, boolean authAddl, boolean originalCase) {
        static final Options DEFAULT = new Options(50, 50, false, false);
    }

    /** Zeek's {@code DNS::Info} while it is being filled. */
    static final class Tx {
        final long ts;
        final int transId;
        double rtt = Double.NaN;
        byte[] query;
        int qclass = -1;
        String qclassName;
        int qtype = -1;
        String qtypeName;
        int rcode = -1;
        String rcodeName;
        boolean aa;
        boolean tc;
        boolean rd;
        boolean ra;
        int z;
        List<byte[]> answers;
        long[] ttls;
        int nTtls;
        boolean rejected;
        int opcode = -1;
        String opcodeName;
        boolean totalsSet;
        boolean sawQuery;
        boolean sawReply;
        LinkedHashSet<ByteBuffer> auth;
        LinkedHashSet<ByteBuffer> addl;
        byte[] originalQuery;

        Tx(long ts, int transId) {
            this.ts = ts;
            this.transId = transId;
        }
    }

    private final ConnInfo conn;
    private final EventBus events;
    private final Options options;

    /** {@code c$dns}: the transaction the current message belongs to. */
    private Tx current;
    /** {@code c?$dns_state}. */
    private boolean hasState;
    private Tx pendingQuery;
    private Map<Integer, ArrayDeque<Tx>> pendingQueries;
    private Map<Integer, ArrayDeque<Tx>> pendingReplies;

    DnsState(ConnInfo conn, EventBus events, Options options) {
        this.conn = conn;
        this.events = events;
        this.options = options;
    }

    // ------------------------------------------------------------------------------------------ events

    private static boolean tracked(int opcode) {
        // "Currently only standard queries and dynamic updates are tracked. Also DNS notify messages."
        return opcode == DnsConsts.OP_QUERY || opcode == DnsConsts.OP_DYNAMIC_UPDATE || opcode == DnsConsts.OP_NOTIFY;
    }

    /** {@code dns_message}: picks or creates the transaction ({@code DNS::set_session}). */
    void message(DnsHeader h, long now) {
        if (!tracked(h.opcode)) {
            return;
        }
        boolean isQuery = !h.qr;
        hasState = true;
        if (respMulticast()) {
            // Replies to multicast queries come on other connections: log each message on its own.
            current = new Tx(now, h.id);
            current.sawQuery = true;
            current.sawReply = true;
        } else if (isQuery) {
            ArrayDeque<Tx> q = pendingReplies == null ? null : pendingReplies.get(h.id);
            if (q != null && !q.isEmpty()) {
                current = pop(pendingReplies, h.id);
            } else {
                current = new Tx(now, h.id);
                if (pendingQuery == null) {
                    pendingQuery = current;
                } else {
                    if (pendingQueries == null) {
                        pendingQueries = new LinkedHashMap<>();
                    }
                    enqueue(pendingQueries, h.id, current);
                }
            }
        } else {
            if (pendingQuery != null && pendingQuery.transId == h.id) {
                current = pendingQuery;
                pendingQuery = null;
                if (pendingQueries != null) {
                    // Refill the fast path so that queries sharing an id keep their order.
                    ArrayDeque<Tx> q = pendingQueries.get(h.id);
                    if (q != null && !q.isEmpty()) {
                        pendingQuery = pop(pendingQueries, h.id);
                    } else {
                        for (Map.Entry<Integer, ArrayDeque<Tx>> e : pendingQueries.entrySet()) {
                            if (!e.getValue().isEmpty()) {
                                pendingQuery = pop(pendingQueries, e.getKey());
                                break;
                            }
                        }
                    }
                }
            } else if (pendingQueries != null && pendingQueries.get(h.id) != null
                    && !pendingQueries.get(h.id).isEmpty()) {
                current = pop(pendingQueries, h.id);
            } else {
                current = new Tx(now, h.id);
                if (pendingReplies == null) {
                    pendingReplies = new LinkedHashMap<>();
                }
                enqueue(pendingReplies, h.id, current);
            }
        }

        Tx t = current;
        if (!isQuery) {
            t.rcode = h.rcode;
            t.rcodeName = DnsConsts.rcode(h.rcode);
            t.totalsSet = true;
            if (h.rcode != 0 && h.qdCount == 0) {
                t.rejected = true;
            }
        }
        t.opcode = h.opcode;
        t.opcodeName = h.netbios ? DnsConsts.netbiosOpcode(h.opcode) : DnsConsts.opcode(h.opcode);
    }

    /** {@code dns_request} (the script only handles requests and rejections among the question events). */
    void question(DnsHeader h, int kind, byte[] name, int nameLen, byte[] original, int qtype, int qclass) {
        if (kind == DnsParser.REJECTED) {
            if (current != null) {
                current.rejected = true;
            }
            return;
        }
        if (kind != DnsParser.REQUEST || !tracked(h.opcode) || current == null) {
            return;
        }
        Tx t = current;
        t.rd = h.rd;
        t.tc = h.tc;
        t.qclass = qclass;
        t.qclassName = DnsConsts.qclass(qclass);
        t.qtype = qtype;
        t.qtypeName = DnsConsts.queryType(qtype);
        t.z = h.z;
        byte[] query = Arrays.copyOf(name, nameLen);
        if (conn.respPort() == DnsParser.NETBIOS_PORT && conn.proto() == 17) {
            byte[] decoded = DnsConsts.decodeNetbiosName(query);
            if (decoded.length != 0) {
                query = decoded;
            }
            if ("SRV".equals(t.qtypeName)) {
                // The SRV type code is NetBIOS's NBSTAT (RFC 1002 §4.2.17).
                t.qtypeName = "NBSTAT";
            }
        }
        t.query = query;
        if (options.originalCase() && h.opcode == DnsConsts.OP_QUERY) {
            t.originalQuery = Arrays.copyOf(original, nameLen);
        }
    }

    /** {@code DNS::do_reply}: an RR of a response, rendered. */
    void reply(DnsHeader h, int section, byte[] owner, int ownerLen, long ttl, byte[] text, int textLen, long now) {
        Tx t = current;
        if (t == null || !h.qr) {
            return;
        }
        if (tracked(h.opcode) && (section == DnsParser.ANSWER || section == DnsParser.PREREQUISITES
                || section == DnsParser.UPDATES)) {
            if (t.query == null) {
                t.query = Arrays.copyOf(owner, ownerLen);
            }
            t.aa = h.aa;
            t.ra = h.ra;
            if (Double.isNaN(t.rtt)) {
                double rtt = ZeekTime.seconds(now) - ZeekTime.seconds(t.ts);
                // Zero means only a reply was seen (a query and its answer are never simultaneous).
                if (rtt != 0) {
                    t.rtt = rtt;
                }
            }
            if (textLen > 0) {
                byte[] r;
                if (h.opcode == DnsConsts.OP_DYNAMIC_UPDATE && section == DnsParser.UPDATES
                        && !startsWith(text, textLen, DEL)) {
                    r = new byte[Math.min(MAX_TEXT, ADD.length + textLen)];
                    System.arraycopy(ADD, 0, r, 0, ADD.length);
                    System.arraycopy(text, 0, r, ADD.length, r.length - ADD.length);
                } else {
                    r = Arrays.copyOf(text, Math.min(MAX_TEXT, textLen));
                }
                if (t.answers == null) {
                    t.answers = new ArrayList<>(4);
                    t.ttls = new long[4];
                }
                if (t.answers.size() < MAX_ANSWERS) {
                    t.answers.add(r);
                    if (t.nTtls == t.ttls.length) {
                        t.ttls = Arrays.copyOf(t.ttls, t.nTtls * 2);
                    }
                    t.ttls[t.nTtls++] = ttl;
                }
            }
        }
        if (options.authAddl() && h.opcode == DnsConsts.OP_QUERY
                && (section == DnsParser.AUTHORITY || section == DnsParser.ADDITIONAL)) {
            ByteBuffer key = ByteBuffer.wrap(Arrays.copyOf(text, Math.min(MAX_TEXT, textLen)));
            if (section == DnsParser.AUTHORITY) {
                if (t.auth == null) {
                    t.auth = new LinkedHashSet<>();
                }
                if (t.auth.size() < MAX_ANSWERS) {
                    t.auth.add(key);
                }
            } else {
                if (t.addl == null) {
                    t.addl = new LinkedHashSet<>();
                }
                if (t.addl.size() < MAX_ANSWERS) {
                    t.addl.add(key);
                }
            }
        }
    }

    private static final byte[] DEL = {'d', 'e', 'l', ':'};
    private static final byte[] ADD = {'a', 'd', 'd', ':', ' '};

    private static boolean startsWith(byte[] b, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code dns_end}: marks the side seen; logs the transaction once both were. */
    void end(DnsHeader h) {
        Tx t = current;
        if (t == null) {
            return;
        }
        if (h.qr) {
            t.sawReply = true;
        } else {
            t.sawQuery = true;
        }
        if (t.sawReply && t.sawQuery) {
            log(t);
            current = null;
        }
    }

    /** {@code finalize_dns} at connection removal: logs every unmatched query and reply. */
    void finish() {
        if (!hasState) {
            return;
        }
        if (pendingQuery != null) {
            log(pendingQuery);
            pendingQuery = null;
        }
        if (pendingQueries != null) {
            logAll(pendingQueries);
        }
        if (pendingReplies != null) {
            logAll(pendingReplies);
        }
    }

    // ------------------------------------------------------------------------------------------ queues

    private void enqueue(Map<Integer, ArrayDeque<Tx>> msgs, int id, Tx t) {
        ArrayDeque<Tx> q = msgs.get(id);
        if (q == null) {
            if (msgs.size() > options.maxPendingQueryIds()) {
                // Assume they will never be matched.
                logAll(msgs);
            }
            q = new ArrayDeque<>(2);
            msgs.put(id, q);
        } else if (q.size() > options.maxPendingMsgs()) {
            logQueue(q);
        }
        q.add(t);
    }

    private static Tx pop(Map<Integer, ArrayDeque<Tx>> msgs, int id) {
        ArrayDeque<Tx> q = msgs.get(id);
        Tx t = q.poll();
        if (q.isEmpty()) {
            msgs.remove(id);
        }
        return t;
    }

    private void logAll(Map<Integer, ArrayDeque<Tx>> msgs) {
        for (Iterator<ArrayDeque<Tx>> it = msgs.values().iterator(); it.hasNext(); ) {
            logQueue(it.next());
            it.remove();
        }
    }

    private void logQueue(ArrayDeque<Tx> q) {
        Tx t;
        while ((t = q.poll()) != null) {
            log(t);
        }
    }

    // ------------------------------------------------------------------------------------------ output

    private boolean respMulticast() {
        return isMulticast(conn.respHi(), conn.respLo());
    }

    /** Zeek's {@code DNS::multicast_subnets} (224.0.0.0/4, ff00::/8), also {@code IPAddr::IsMulticast}. */
    static boolean isMulticast(long hi, long lo) {
        if (io.osprey.common.net.Addr.isV4(hi, lo)) {
            return (io.osprey.common.net.Addr.v4(lo) >>> 28) == 0xE;
        }
        return (hi >>> 56) == 0xFF;
    }

    private void log(Tx t) {
        if (!events.wants(DnsTransaction.class)) {
            return;
        }
        List<byte[]> auth = t.auth == null ? null : unwrap(t.auth);
        List<byte[]> addl = t.addl == null ? null : unwrap(t.addl);
        events.publish(new DnsTransaction(conn, t.ts, conn.proto() == 6 ? "tcp" : "udp", t.transId, t.rtt, t.query,
                t.qclass, t.qclassName, t.qtype, t.qtypeName, t.rcode, t.rcodeName, t.aa, t.tc, t.rd, t.ra, t.z,
                t.answers, t.ttls == null ? null : Arrays.copyOf(t.ttls, t.nTtls), t.rejected, t.opcode, t.opcodeName,
                auth, addl, t.originalQuery));
    }

    private static List<byte[]> unwrap(LinkedHashSet<ByteBuffer> set) {
        List<byte[]> l = new ArrayList<>(set.size());
        for (ByteBuffer b : set) {
            l.add(b.array());
        }
        return l;
    }
}
