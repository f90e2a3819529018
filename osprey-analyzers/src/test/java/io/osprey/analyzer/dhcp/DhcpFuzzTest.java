package io.osprey.analyzer.dhcp;

import io.osprey.analyzer.RowFields;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.EventBus;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.osprey.analyzer.dhcp.DhcpMessages.END;
import static io.osprey.analyzer.dhcp.DhcpMessages.MAC;
import static io.osprey.analyzer.dhcp.DhcpMessages.client;
import static io.osprey.analyzer.dhcp.DhcpMessages.message;
import static io.osprey.analyzer.dhcp.DhcpMessages.opt;
import static io.osprey.analyzer.dhcp.DhcpMessages.opts;
import static io.osprey.analyzer.dhcp.DhcpMessages.type;
import static io.osprey.analyzer.dhcp.DhcpMessages.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DHCP analyzer and transaction table under mutated messages (seeded {@link Mutator} mutations of client and
 * server messages carrying every option the log reads, relay agent information and lists, in random directions,
 * sharing transaction ids, with a small table so that its limits are hit): the framework's seatbelt
 * ({@code osprey_analyzer_error}) never fires and every row renders its columns. A failure names the seed.
 * {@code -Dosprey.fuzz.iterations=N} runs longer.
 */
class DhcpFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            client(1, opts(type(1), opt(12, "alice"), opt(61, new byte[] {1, 2, 0, 0, 0, 0, 1}),
                    opt(81, "\0\0\0alice.example"), opt(55, new byte[] {1, 3, 6, 15}), END)),
            message(2, 1, "10.0.0.50", MAC, opts(type(5), opt(54, new byte[] {10, 0, 0, 1}), u32(51, 3600),
                    opt(15, "example.com\0"), opt(3, new byte[] {10, 0, 0, 1}), opt(56, "ok"), END)),
            client(1, opts(type(4), opt(50, new byte[] {10, 0, 0, 50}), opt(56, "in use"),
                    opt(82, new byte[] {1, 2, 'a', 'b', 2, 1, 'c'}), END)),
            client(2, opts(type(8), opt(61, "\0id"), END)));

    @TestFactory
    Stream<DynamicTest> mutatedMessagesNeverBreakTheAnalyzer() {
        int n = Mutator.iterations(2_000);
        return IntStream.range(0, 4).mapToObj(chunk -> DynamicTest.dynamicTest("seeds " + chunk, () -> {
            SplittableRandom r = new SplittableRandom(chunk);
            int rows = 0;
            for (int i = 0; i < n / 4; i++) {
                long seed = r.nextLong();
                SplittableRandom s = new SplittableRandom(seed);
                EventBus bus = new EventBus();
                RowFields w = new RowFields();
                int[] count = {0};
                bus.subscribe(DhcpInfo.class, e -> {
                    w.row(e, DhcpLog.SCHEMA);
                    count[0]++;
                });
                DhcpTransactions tx = new DhcpTransactions(new DhcpTransactions.Settings(2, 3, 4, 30_000_000_000L),
                        bus);
                AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 67, DhcpAnalyzer.spec(tx));
                for (int k = 1 + s.nextInt(6); k > 0; k--) {
                    byte[] m = SEEDS.get(s.nextInt(SEEDS.size()));
                    h.at(1_000_000_000_000_000_000L + k * 3_000_000_000L);
                    h.packet(s.nextBoolean(), s.nextInt(3) == 0 ? m : Mutator.mutate(m, s.nextLong()));
                }
                tx.flush();
                assertThat(tx.tracked()).isZero();
                assertThat(h.weirds()).as("seed %d", seed).noneMatch(x -> x.startsWith("osprey_analyzer_error"));
                rows += count[0];
            }
            assertThat(rows).as("some transactions are logged").isPositive();
        }));
    }
}
