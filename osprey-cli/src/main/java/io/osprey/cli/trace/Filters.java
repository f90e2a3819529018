package io.osprey.cli.trace;

/**
 * Turns a tcpdump filter expression into a {@link PacketPredicate}. The empty expression keeps every packet. Other
 * expressions need the filter compiler (module osprey-filter, {@code FilterCompiler.compile(expr, linkType,
 * snaplen)}), which is not part of this build yet: until it is, they are refused with one line.
 *
 * <p>Plugging the compiler in (osprey-cli depending on osprey-filter) replaces the refusal with: compile once for
 * Ethernet up front, so that a syntax error is a usage error (exit 1) before any output exists; then return a
 * predicate that compiles per link type when a packet's link type changes (inputs may differ) and calls
 * {@code filter.matches(r.segment, r.offset, r.caplen, r.wirelen)}:
 * <pre>{@code
 * try { FilterCompiler.compile(expression, LinkTypes.EN10MB, 262144); }
 * catch (FilterSyntaxException e) { throw new TraceSubcommand.UsageException(e.getMessage()); }
 * return new PacketPredicate() {
 *     private int linkType = -1;
 *     private PacketFilter filter;
 *     public boolean test(PacketRecord r) {
 *         if (r.linkType != linkType) { filter = compileFor(expression, r.linkType, r.snaplen); linkType = r.linkType; }
 *         return filter.matches(r.segment, r.offset, r.caplen, r.wirelen);
 *     }
 * };
 * }</pre>
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
        throw new TraceSubcommand.UsageException("filter expressions are not available in this build yet (only "
                + "the empty expression, all packets): '" + expression + "'");
    }
}
