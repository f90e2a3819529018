package io.osprey.cli.trace;

import io.osprey.filter.FilterCompiler;
import io.osprey.filter.FilterSyntaxException;
import io.osprey.filter.FilteringSource;
import io.osprey.filter.PacketFilter;
import io.osprey.pcap.PacketRecord;

/**
 * Turns a tcpdump filter expression into a {@link PacketPredicate} with the filter compiler of osprey-filter, as
 * {@code tcpdump -r IN -w OUT EXPR} compiles it (offline options, netmask 0, optimized). The empty expression keeps
 * every packet. Grammar errors are usage errors found before any capture is opened; problems that depend on the link
 * type (a keyword the link type lacks, an unknown host) show when the first packet of that link type is read, and
 * are usage errors too.
 */
final class Filters {
    private Filters() {
    }

    /**
     * A predicate for {@code expression} (words already joined by spaces, as tcpdump joins its arguments).
     *
     * @throws TraceSubcommand.UsageException for an expression that cannot be used
     */
    static PacketPredicate compile(String expression) {
        if (expression.isBlank()) {
            return PacketPredicate.ALL;
        }
        try {
            FilteringSource.checkSyntax(expression);
        } catch (FilterSyntaxException e) {
            throw usage(expression, e);
        }
        return new Compiled(expression);
    }

    private static TraceSubcommand.UsageException usage(String expression, FilterSyntaxException e) {
        return new TraceSubcommand.UsageException("filter \"" + expression + "\": " + e.getMessage());
    }

    /** Compiles once per link type (inputs merged from several files may differ) and then only matches. */
    private static final class Compiled implements PacketPredicate {
        private final String expression;
        private int linkType = Integer.MIN_VALUE;
        private PacketFilter filter;

        Compiled(String expression) {
            this.expression = expression;
        }

        @Override
        public boolean test(PacketRecord r) {
            if (r.linkType != linkType) {
                try {
                    filter = FilterCompiler.compile(expression, r.linkType, FilterCompiler.DEFAULT_SNAPLEN,
                            FilterCompiler.Options.tcpdumpOffline());
                } catch (FilterSyntaxException e) {
                    throw usage(expression, e);
                }
                linkType = r.linkType;
            }
            return filter.matches(r.segment, r.offset, r.caplen, r.wirelen);
        }
    }
}
