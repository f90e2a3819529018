package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares with verdicts recorded from a libpcap build (a TSV of expression, "accept"/"reject", message and,
 * optionally, libpcap's program with '|' between instructions, for DLT_EN10MB with default options), given as
 * {@code -Dosprey.filter.oracle=FILE}: acceptance must agree, and where libpcap's program is given, the packets
 * selected must agree too (guided packets, as in {@link AcceptBytecodeEquivalenceTest}). This is how random and
 * mutated expressions were checked against libpcap 1.11's filtertest during development. Skipped without the file.
 */
class OracleFileTest {
    @Test
    void acceptsAndRejectsAsTheRecordedLibpcap() throws Exception {
        String file = System.getProperty("osprey.filter.oracle");
        assumeTrue(file != null && Files.isRegularFile(Path.of(file)), "no -Dosprey.filter.oracle file");
        FilterCompiler.Options opts = new FilterCompiler.Options(-1, true, SystemNames.get(), false, false, false,
                false);
        List<String> diffs = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] f = line.split("\t", -1);
            n++;
            boolean want = f[1].equals("accept");
            String got;
            try {
                Program ours = FilterCompiler.compileProgram(f[0], Dlt.EN10MB, FilterCompiler.DEFAULT_SNAPLEN, opts);
                got = null;
                if (f.length > 3 && !f[3].isEmpty()) {
                    Program ref = BpfText.parse(f[3].replace('|', '\n'));
                    for (GuidedPackets.Pkt p : GuidedPackets.explore(ref, new java.util.Random(n), 120)) {
                        boolean a = Interpreter.run(ref, p.segment(), 0, p.data().length, p.wirelen()) != 0;
                        boolean b = Interpreter.run(ours, p.segment(), 0, p.data().length, p.wirelen()) != 0;
                        if (a != b) {
                            got = "EXCEPTION: verdict differs on " + p;
                            break;
                        }
                    }
                }
            } catch (FilterSyntaxException e) {
                got = e.getMessage();
            } catch (RuntimeException e) {
                got = "EXCEPTION " + e;
            }
            if (want != (got == null) || (got != null && got.startsWith("EXCEPTION"))) {
                diffs.add(f[0] + "  => libpcap " + f[1] + " (" + (f.length > 2 ? f[2] : "") + "), ours "
                        + (got == null ? "accept" : got));
            }
        }
        System.out.printf("oracle: %d expressions, %d differ%n", n, diffs.size());
        diffs.stream().limit(60).forEach(d -> System.out.println("  " + d));
        assertThat(diffs).isEmpty();
    }
}
