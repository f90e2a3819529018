package io.osprey.pcap;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Manual throughput run (not a test): {@code java -cp ... io.osprey.pcap.ReadThroughput [file]} reads a capture
 * (default, or with {@code --pcapng}: a synthetic IMIX pcap or pcapng of 5M packets in the temp dir) several times from page cache and prints
 * packets per second. The real benchmarks live in osprey-bench (JMH).
 */
final class ReadThroughput {
    private ReadThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path p;
        if (args.length > 0 && !args[0].equals("--pcapng")) {
            p = Path.of(args[0]);
        } else {
            boolean ng = args.length > 0;
            p = Files.createTempFile("imix", ng ? ".pcapng" : ".pcap");
            Files.write(p, ng ? Imix.pcapng(5_000_000) : Imix.pcap(5_000_000));
            p.toFile().deleteOnExit();
        }
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            long n = 0;
            long bytes = 0;
            try (PacketSource s = Captures.open(p.toString(), System.err::println)) {
                PacketRecord r = new PacketRecord();
                while (s.next(r)) {
                    n++;
                    bytes += r.caplen;
                }
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d packets, %d bytes in %.3f s: %.1f Mpkt/s%n", n, bytes, sec, n / sec / 1e6);
        }
    }
}
