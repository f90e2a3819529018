package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every expression of libpcap's filter test suite (../shared/corpus/bpf/filters.tsv, 18,492 rows) is accepted or
 * rejected as libpcap 1.11 does, for the row's link type and compile options; the "apply" rows run the filter over
 * libpcap's test savefiles and compare the per-packet verdicts. Rows that only hold on another operating system
 * ("is not Linux" in the skip column) are left out; rows needing host/ethers/networks entries use the entries the
 * corpus documents. Prints the score and the rows that differ. Skipped where the corpus is absent.
 */
class CorpusConformanceTest {

    @Test
    void everyExpressionIsAcceptedOrRejectedAsLibpcapDoes() throws Exception {
        Path dir = Corpus.dir();
        assumeTrue(dir != null, "libpcap filter corpus not found (../shared/corpus/bpf)");
        FixedNames names = Corpus.names(dir);
        int total = 0;
        int pass = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        for (Corpus.Row r : Corpus.rows(dir)) {
            String expr = r.get("expression");
            String kind = r.get("kind");
            String skip = r.get("skip");
            if (expr.equals("_enumerate_bpf_image") || skip.startsWith("is not ") || skip.startsWith("NO_PROTOCHAIN")
                    || (kind.equals("reject") && r.get("savefile").length() > 0)) {
                skipped++;
                continue;
            }
            total++;
            String verdict;
            try {
                verdict = check(dir, r, names);
            } catch (RuntimeException e) {
                verdict = "exception " + e;
            }
            if (verdict == null) {
                pass++;
            } else if (failures.size() < 400) {
                failures.add("line " + r.line() + " [" + kind + " " + r.get("dlt") + "] " + expr.replace('\n', ' ')
                        + " : " + verdict);
            }
        }
        System.out.printf("filters.tsv conformance: %d/%d rows agree with libpcap (%.2f%%), %d rows not applicable"
                + " on Linux%n", pass, total, 100.0 * pass / total, skipped);
        failures.forEach(f -> System.out.println("  " + f));
        assertThat(failures).isEmpty();
    }

    /** Null when the row agrees with libpcap, else what differs. */
    private static String check(Path dir, Corpus.Row r, FixedNames names) throws Exception {
        String expr = r.get("expression");
        int snaplen = r.get("snaplen").isEmpty() ? FilterCompiler.DEFAULT_SNAPLEN : Integer.parseInt(r.get("snaplen"));
        int netmask = r.get("netmask").isEmpty() ? -1 : ipv4(r.get("netmask"));
        String offline = r.get("offline");
        FilterCompiler.Options opts = new FilterCompiler.Options(netmask, true, names, !offline.isEmpty(),
                offline.equals("swapped"), r.get("linuxext").equals("1"), true);
        if (r.get("kind").equals("apply")) {
            return apply(dir, r, opts);
        }
        int dlt = Dlt.byName(r.get("dlt"));
        if (dlt < 0) {
            return "unknown DLT " + r.get("dlt");
        }
        boolean wantAccept = r.get("kind").equals("accept") && r.get("optimized").equals("accepted");
        try {
            FilterCompiler.compileProgram(expr, dlt, snaplen, opts);
            return wantAccept ? null : "accepted, libpcap rejects: " + r.get("errstr");
        } catch (FilterSyntaxException e) {
            return wantAccept ? "rejected: " + e.getMessage() : null;
        }
    }

    private static String apply(Path dir, Corpus.Row r, FilterCompiler.Options opts) throws Exception {
        Path file = dir.resolve(r.get("savefile"));
        List<Integer> got = new ArrayList<>();
        try (PacketSource src = Captures.open(file.toString(), w -> { })) {
            PacketRecord rec = new PacketRecord();
            PacketFilter f = null;
            while (src.next(rec)) {
                if (f == null) {
                    try {
                        f = FilterCompiler.compile(r.get("expression"), rec.linkType, 262144,
                                opts.withOffline(true, false));
                    } catch (FilterSyntaxException e) {
                        return "rejected: " + e.getMessage();
                    }
                }
                got.add(f.matches(rec.segment, rec.offset, rec.caplen, rec.wirelen) ? 1 : 0);
            }
        }
        List<Integer> want = new ArrayList<>();
        for (String v : r.get("results").split(",")) {
            want.add(Integer.parseInt(v.strip()) != 0 ? 1 : 0);
        }
        return got.equals(want) ? null : "verdicts " + got + ", libpcap " + want;
    }

    private static int ipv4(String s) {
        byte[] b = Addresses.parseIpv4Strict(s);
        return CodeGen.word(b, 0);
    }
}
