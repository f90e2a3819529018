package io.osprey.filter;

import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import java.util.List;

/**
 * A {@link PacketSource} that hands out only the packets a tcpdump filter expression selects, as
 * {@code tcpdump -r FILE EXPR} would: the expression is compiled for the link type of the packets (once per link
 * type; a capture normally has one), with tcpdump's offline options. Owned by one thread, like the source it wraps,
 * which it closes.
 */
public final class FilteringSource implements PacketSource {
    private final PacketSource inner;
    private final String expression;
    private final FilterCompiler.Options options;
    private int linkType = Integer.MIN_VALUE;
    private PacketFilter filter;
    private long dropped;

    public FilteringSource(PacketSource inner, String expression, FilterCompiler.Options options) {
        this.inner = inner;
        this.expression = expression;
        this.options = options;
    }

    /**
     * {@code inner} itself when {@code expression} is null, else {@code inner} filtered with tcpdump's offline
     * options.
     */
    public static PacketSource wrap(PacketSource inner, String expression) {
        return expression == null ? inner : new FilteringSource(inner, expression,
                FilterCompiler.Options.tcpdumpOffline());
    }

    /**
     * Reports grammar and lexical errors before any capture is read. Link-type dependent problems (a keyword the
     * capture's link type does not support, an unknown host) only show when the filter is compiled for the first
     * packet. Looks up no names.
     */
    public static void checkSyntax(String expression) throws FilterSyntaxException {
        FilterCompiler.Options o = FilterCompiler.Options.tcpdumpOffline().withNames(ANY_NAME).withOptimize(false)
                .withJit(false);
        try {
            FilterCompiler.compileProgram(expression, Dlt.EN10MB, FilterCompiler.DEFAULT_SNAPLEN, o);
        } catch (FilterSyntaxException e) {
            if (e.isSyntaxError()) {
                throw e;
            }
        }
    }

    /** Name databases that know every name, so that a syntax check never waits for DNS. */
    private static final FilterNames ANY_NAME = new FilterNames() {
        @Override
        public List<byte[]> hostAddresses(String name) {
            return List.of(new byte[4]);
        }

        @Override
        public byte[] etherAddress(String name) {
            return new byte[6];
        }

        @Override
        public long networkNumber(String name) {
            return 10;
        }

        @Override
        public int servicePort(String name, String protocol) {
            return 1;
        }

        @Override
        public int protocolNumber(String name) {
            return 1;
        }
    };

    /**
     * The next selected packet.
     *
     * @throws FilterException when the expression cannot be compiled for a packet's link type
     */
    @Override
    public boolean next(PacketRecord into) {
        while (inner.next(into)) {
            if (into.linkType != linkType) {
                compileFor(into.linkType);
            }
            if (filter.matches(into.segment, into.offset, into.caplen, into.wirelen)) {
                return true;
            }
            dropped++;
        }
        return false;
    }

    private void compileFor(int lt) {
        try {
            filter = FilterCompiler.compile(expression, lt, FilterCompiler.DEFAULT_SNAPLEN, options);
            linkType = lt;
        } catch (FilterSyntaxException e) {
            throw new FilterException(e.getMessage(), e);
        }
    }

    /** Packets read from the inner source that the filter did not select. */
    public long dropped() {
        return dropped;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long position() {
        return inner.position();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public void close() {
        inner.close();
    }
}
