package io.osprey.filter;

import io.osprey.filter.Ir.Block;
import io.osprey.filter.Ir.Cond;

/**
 * Compiles tcpdump filter expressions (pcap-filter(7)) into {@link PacketFilter}s that select the same packets as
 * libpcap: the expression is parsed and turned into a BPF-style program with libpcap's code generator semantics,
 * simplified like libpcap's optimizer does, then translated to JVM bytecode (a hidden class per filter).
 *
 * <p>Thread-safe; compiling is cheap (well under a millisecond for typical filters) but not meant per packet:
 * callers compile once per link type and reuse the filter.
 */
public final class FilterCompiler {
    private FilterCompiler() {
    }

    /** libpcap's default and maximum snapshot length (MAXIMUM_SNAPLEN). */
    public static final int DEFAULT_SNAPLEN = 262144;

    /**
     * How to compile.
     *
     * @param netmask         IPv4 netmask of the capture network for {@code ip broadcast}, or -1 when unknown
     *                        (then {@code ip broadcast} is refused); tcpdump uses 0 when reading a file
     * @param optimize        run the optimizer (as tcpdump does unless given -O); with it, a filter that can
     *                        never match is refused like libpcap refuses it
     * @param names           host, ethers, networks, services and protocols databases
     * @param offline         generate code for packets read from a file (as tcpdump -r does): for DLT_NULL, DLT_ENC,
     *                        DLT_LOOP and DLT_PFLOG, match every platform's AF_INET6 value; live capture code uses
     *                        Linux's values
     * @param swapped         for offline code: the file is in the other byte order than this host
     * @param linuxExtensions allow Linux BPF extensions (metadata loads: VLAN tag, interface index, direction),
     *                        available only on live Linux sockets; for files these tests never match
     * @param jit             translate to bytecode (else interpret)
     */
    public record Options(int netmask, boolean optimize, FilterNames names, boolean offline, boolean swapped,
                          boolean linuxExtensions, boolean jit) {
        /** What {@code tcpdump -r FILE EXPR} uses: netmask 0, optimized, this machine's name databases. */
        public static Options tcpdumpOffline() {
            return new Options(0, true, SystemNames.get(), true, false, false, true);
        }

        public Options withNames(FilterNames n) {
            return new Options(netmask, optimize, n, offline, swapped, linuxExtensions, jit);
        }

        public Options withNetmask(int m) {
            return new Options(m, optimize, names, offline, swapped, linuxExtensions, jit);
        }

        public Options withOptimize(boolean o) {
            return new Options(netmask, o, names, offline, swapped, linuxExtensions, jit);
        }

        public Options withJit(boolean j) {
            return new Options(netmask, optimize, names, offline, swapped, linuxExtensions, j);
        }

        public Options withOffline(boolean off, boolean swap) {
            return new Options(netmask, optimize, names, off, swap, linuxExtensions, jit);
        }

        public Options withLinuxExtensions(boolean l) {
            return new Options(netmask, optimize, names, offline, swapped, l, jit);
        }
    }

    /**
     * Compiles {@code expr} for packets of link type {@code linkType} (a LINKTYPE_* value from a capture file's
     * header) as {@code tcpdump -r} would.
     *
     * @param snaplen the capture's snapshot length (only its being non-zero matters for matching)
     * @throws FilterSyntaxException when the expression is not valid for this link type, with the position
     */
    public static PacketFilter compile(String expr, int linkType, int snaplen) throws FilterSyntaxException {
        return compile(expr, linkType, snaplen, Options.tcpdumpOffline());
    }

    /** As {@link #compile(String, int, int)} with explicit options. */
    public static PacketFilter compile(String expr, int linkType, int snaplen, Options options)
            throws FilterSyntaxException {
        Program p = compileProgram(expr, Dlt.fromLinkType(linkType), snaplen, options);
        if (options.jit()) {
            PacketFilter f = Jit.compile(p);
            if (f != null) {
                return f;
            }
        }
        return new Interpreter(p);
    }

    /** Compiles to the BPF-style program (for tests and the optimizer's diagnostics); {@code dlt} is a DLT_ value. */
    static Program compileProgram(String expr, int dlt, int snaplen, Options options) throws FilterSyntaxException {
        String e = expr == null ? "" : expr;
        try {
            return compileUnguarded(e, dlt, snaplen, options);
        } catch (StackOverflowError err) {
            // thousands of nested parentheses or "not"s; libpcap's parser gives up too ("memory exhausted")
            throw new FilterSyntaxException(e, 0, "expression too deeply nested", true);
        }
    }

    private static Program compileUnguarded(String e, int dlt, int snaplen, Options options)
            throws FilterSyntaxException {
        if (snaplen == 0) {
            throw new FilterSyntaxException(e, 0, "snaplen of 0 rejects all packets", false);
        }
        CodeGen gen;
        try {
            gen = new CodeGen(dlt, new CodeGen.Settings(snaplen, options.netmask(), options.offline(),
                    options.swapped(), options.linuxExtensions(), options.names()));
        } catch (CompileError err) {
            throw new FilterSyntaxException(e, 0, err.getMessage(), false);
        }
        Cond c = new Parser(e, gen).parse();
        Block root;
        if (c == null) {
            root = new Block(Bpf.RET | Bpf.K, snaplen, null);
        } else {
            try {
                root = gen.finish(c);
            } catch (CompileError err) {
                throw new FilterSyntaxException(e, 0, err.getMessage(), false);
            }
        }
        if (options.optimize() && !gen.noOptimize) {
            try {
                root = Optimizer.optimize(root);
            } catch (CompileError err) {
                throw new FilterSyntaxException(e, 0, err.getMessage(), false);
            }
            if (root.isReturn() && root.k == 0) {
                throw new FilterSyntaxException(e, 0, "expression rejects all packets", false);
            }
            return Program.linearize(root);
        }
        return Program.linearize(root);
    }
}
