package io.osprey.analyzer.dns;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Zeek's DNS analyzer ({@code DNS_Analyzer} with its {@code Contents_DNS} support analyzers) on one connection: UDP
 * datagrams are one message each; TCP streams are split into RFC 1035 §4.2.2 length-prefixed messages, several per
 * connection and direction, each message parsed where it lies in the delivered bytes when it is complete there, else
 * gathered in a per-direction buffer. Messages go to the worker's {@link DnsParser}, whose events fill this
 * connection's {@link DnsState}.
 *
 * <p>Created by the framework per connection through {@link #specs}; used on the worker thread that owns the
 * connection. Per-connection memory: the state's pending transactions (see {@link DnsState}) and, for TCP, one
 * buffer per direction of at most 65,535 bytes (the 16-bit length prefix), allocated only when a message spans
 * deliveries.
 *
 * <p>As in Zeek: a TCP content gap is not reported to the framing, which carries on counting bytes after it (Zeek's
 * support analyzer ignores {@code Undelivered}); when either side closes, a partially received message of each
 * direction is parsed as it stands ({@code Contents_DNS::Flush}); pending queries and replies are logged when the
 * connection is removed, or as soon as a protocol violation detaches the analyzer.
 */
public final class DnsAnalyzer extends Analyzer implements DnsParser.Handler {
    /** UDP ports of Zeek's {@code DNS::ports}: DNS, NetBIOS name service, mDNS, LLMNR. */
    public static final int[] UDP_PORTS = {53, 137, 5353, 5355};
    /** TCP port of Zeek's {@code DNS::ports}. */
    public static final int[] TCP_PORTS = {53};

    /**
     * Settings of one run, with Zeek's names.
     *
     * @param maxQueries          {@code dns_max_queries} (25): more questions in a message is a violation; 0 = no cap
     * @param skipAllAuth         {@code dns_skip_all_auth} (T): authority sections are not parsed
     * @param skipAllAddl         {@code dns_skip_all_addl} (T): additional sections are not parsed
     * @param maxCompressionDepth {@code dns_max_compression_chain_depth} (20): pointers followed per name
     * @param maxPendingMsgs      {@code DNS::max_pending_msgs} (50): unmatched messages kept per transaction id
     * @param maxPendingQueryIds  {@code DNS::max_pending_query_ids} (50): transaction ids with unmatched messages
     * @param authAddl            policy {@code protocols/dns/auth-addl}: log authority and additional RRs
     * @param originalCase        policy {@code protocols/dns/log-original-query-case}: log the query as sent
     */
    public record Config(int maxQueries, boolean skipAllAuth, boolean skipAllAddl, int maxCompressionDepth,
                         int maxPendingMsgs, int maxPendingQueryIds, boolean authAddl, boolean originalCase) {
        /** Zeek's defaults with base/protocols/dns. */
        public static final Config DEFAULT = new Config(25, true, true, 20, 50, 50, false, false);

        DnsParser.Settings parser() {
            return new DnsParser.Settings(maxQueries, skipAllAuth, skipAllAddl, maxCompressionDepth);
        }

        DnsState.Options state() {
            return new DnsState.Options(maxPendingMsgs, maxPendingQueryIds, authAddl, originalCase);
        }
    }

    /**
     * The analyzer's two declarations (UDP and TCP, both named "DNS", service "dns"), for one worker: their
     * instances share one parser, which is why this is called once per worker at setup.
     */
    public static List<AnalyzerSpec> specs(Config config) {
        DnsParser parser = new DnsParser(config.parser());
        DnsState.Options options = config.state();
        return List.of(
                new AnalyzerSpec("DNS", "dns", AnalyzerSpec.UDP, UDP_PORTS, null, null,
                        ctx -> new DnsAnalyzer(ctx, parser, options)),
                new AnalyzerSpec("DNS", "dns", AnalyzerSpec.TCP, TCP_PORTS, null, null,
                        ctx -> new DnsAnalyzer(ctx, parser, options)));
    }

    private final DnsParser parser;
    private final DnsState state;
    private final boolean netbios;
    private boolean firstMessage = true;
    private boolean flushed;
    private DnsTcpFramer origFramer;
    private DnsTcpFramer respFramer;

    DnsAnalyzer(AnalyzerContext ctx, DnsParser parser, DnsState.Options options) {
        super(ctx);
        this.parser = parser;
        ConnInfo c = ctx.conn();
        this.state = new DnsState(c, ctx.events(), options);
        this.netbios = c.origPort() == DnsParser.NETBIOS_PORT || c.respPort() == DnsParser.NETBIOS_PORT;
        if (c.proto() == AnalyzerSpec.TCP) {
            DnsTcpFramer.Sink sink = new DnsTcpFramer.Sink() {
                @Override
                public void message(MemorySegment seg, long off, int len, int isQuery) {
                    parse(seg, off, len, isQuery);
                }

                @Override
                public boolean stopped() {
                    return ctx.detached();
                }
            };
            origFramer = new DnsTcpFramer(true, sink);
            respFramer = new DnsTcpFramer(false, sink);
        }
    }

    /** The transaction state (tests). */
    DnsState state() {
        return state;
    }

    // ------------------------------------------------------------------------------------------ delivery

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        parse(data, offset, len, orig ? 1 : 0);
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (origFramer != null) {
            (orig ? origFramer : respFramer).deliver(data, offset, len);
        }
    }

    @Override
    public void endOfData(boolean orig) {
        // Zeek's DNS_Analyzer::ConnectionClosed: both directions' partial messages, on every close.
        if (origFramer != null) {
            origFramer.flush();
            respFramer.flush();
        }
    }

    @Override
    public void done() {
        finish();
    }

    private void parse(MemorySegment data, long offset, int len, int isQuery) {
        if (ctx.detached()) {
            return;
        }
        parser.parse(this, data, offset, len, isQuery);
        if (ctx.detached()) {
            // A violation removed the analyzer: nothing can be paired any more (Zeek logs them at removal).
            finish();
        }
    }

    private void finish() {
        if (!flushed) {
            flushed = true;
            state.finish();
        }
    }

    // ------------------------------------------------------------------------------------------ Handler

    @Override
    public boolean netbios() {
        return netbios;
    }

    @Override
    public int respPort() {
        return ctx.conn().respPort();
    }

    @Override
    public boolean respMulticast() {
        ConnInfo c = ctx.conn();
        return DnsState.isMulticast(c.respHi(), c.respLo());
    }

    @Override
    public boolean udp() {
        return ctx.conn().proto() == AnalyzerSpec.UDP;
    }

    @Override
    public boolean firstMessage() {
        return firstMessage;
    }

    @Override
    public void firstMessageSeen() {
        firstMessage = false;
    }

    @Override
    public void weird(String name, String addl) {
        ctx.weird(name, addl);
    }

    @Override
    public void violation(String reason) {
        ctx.violation(reason, null);
    }

    @Override
    public void confirm() {
        ctx.confirm();
    }

    @Override
    public void flipRoles() {
        ctx.flipRoles();
        if (origFramer != null) {
            DnsTcpFramer t = origFramer;
            origFramer = respFramer;
            respFramer = t;
            origFramer.orig(true);
            respFramer.orig(false);
        }
    }

    @Override
    public void limitReached() {
        ctx.limitReached();
    }

    @Override
    public void message(DnsHeader h, boolean isQuery) {
        state.message(h, ctx.networkTime());
    }

    @Override
    public void question(DnsHeader h, int kind, byte[] name, int nameLen, byte[] original, int qtype, int qclass) {
        state.question(h, kind, name, nameLen, original, qtype, qclass);
    }

    @Override
    public void reply(DnsHeader h, int section, byte[] owner, int ownerLen, long ttl, byte[] text, int textLen) {
        state.reply(h, section, owner, ownerLen, ttl, text, textLen, ctx.networkTime());
    }

    @Override
    public void end(DnsHeader h) {
        state.end(h);
    }
}
