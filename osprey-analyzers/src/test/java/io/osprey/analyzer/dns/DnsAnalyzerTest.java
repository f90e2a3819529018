package io.osprey.analyzer.dns;

import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.osprey.analyzer.dns.DnsMsg.hex;
import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS analyzer end to end (capture → engine → analyzer → dns.log and conn.log): how transactions are paired and
 * when they are logged, as Zeek's main.zeek does it, over UDP and TCP.
 */
class DnsAnalyzerTest {
    private static final String C = "10.1.0.10";
    private static final String S = "10.1.0.53";
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private static byte[] query(int id, String name, int qtype) {
        return DnsMsg.query(id).question(name, qtype, 1).bytes();
    }

    private static byte[] answerA(int id, String name, String ip) {
        String[] p = ip.split("\\.");
        byte[] a = {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
            (byte) Integer.parseInt(p[3])};
        return DnsMsg.response(id, 1).question(name, 1, 1).rrPtr(12, 1, 1, 300, a).bytes();
    }

    private static byte[] udp(String src, int sport, String dst, int dport, byte[] payload) {
        return PacketBuilder.eth().ipv4(src, dst).udp(sport, dport).payload(payload).build();
    }

    private static Map<String, String> only(List<Map<String, String>> rows) {
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    @Test
    void queryAndReplyMakeOneRow() {
        DnsPipeline p = new DnsPipeline(dir);
        p.frame(T0, udp(C, 40000, S, 53, query(0x1234, "www.example.com", 1)));
        p.frame(T0 + 2 * MS + 500_000, udp(S, 53, C, 40000, answerA(0x1234, "www.example.com", "10.1.0.1")));
        p.run();
        Map<String, String> r = only(p.log("dns.log"));
        assertThat(r).containsEntry("id.orig_h", C).containsEntry("id.resp_p", "53").containsEntry("proto", "udp")
                .containsEntry("trans_id", "4660").containsEntry("rtt", "0.002500")
                .containsEntry("query", "www.example.com").containsEntry("qclass_name", "C_INTERNET")
                .containsEntry("qtype_name", "A").containsEntry("rcode_name", "NOERROR").containsEntry("AA", "T")
                .containsEntry("RD", "T").containsEntry("RA", "T").containsEntry("answers", "10.1.0.1")
                .containsEntry("TTLs", "300.000000").containsEntry("rejected", "F").containsEntry("opcode_name", "query");
        assertThat(only(p.log("conn.log"))).containsEntry("service", "dns").containsEntry("uid", r.get("uid"));
    }

    @Test
    void unansweredQueryIsLoggedWhenTheConnectionEnds() {
        DnsPipeline p = new DnsPipeline(dir);
        p.frame(T0, udp(C, 40001, S, 53, query(7, "lost.example.com", 28)));
        p.run();
        Map<String, String> r = only(p.log("dns.log"));
        assertThat(r).containsEntry("query", "lost.example.com").containsEntry("qtype_name", "AAAA")
                .containsEntry("rcode", "-").containsEntry("rtt", "-").containsEntry("answers", "-");
        assertThat(only(p.log("conn.log"))).containsEntry("service", "dns");
    }

    @Test
    void replyWithoutQueryFlipsRolesAndIsLoggedAtTheEnd() {
        DnsPipeline p = new DnsPipeline(dir);
        // Both ports 53: the engine keeps the first sender as originator; the analyzer flips it.
        p.frame(T0, udp(S, 53, C, 53, answerA(9, "www.example.com", "10.1.0.1")));
        p.run();
        Map<String, String> r = only(p.log("dns.log"));
        assertThat(r).containsEntry("id.orig_h", C).containsEntry("id.resp_h", S).containsEntry("rtt", "-")
                .containsEntry("query", "www.example.com").containsEntry("qtype", "-").containsEntry("RD", "F")
                .containsEntry("answers", "10.1.0.1");
        // Zeek counts the packet after the DNS analyzer swapped the roles (ConnSize follows the analyzers attached
        // by port) and keeps the UDP request length where it was: the reply is the new originator's, S0.
        assertThat(only(p.log("conn.log"))).containsEntry("id.orig_h", C).containsEntry("history", "D^")
                .containsEntry("conn_state", "S0").containsEntry("orig_pkts", "1").containsEntry("resp_pkts", "0")
                .containsEntry("resp_ip_bytes", "0");
    }

    @Test
    void duplicateReplyBecomesItsOwnRow() {
        DnsPipeline p = new DnsPipeline(dir);
        p.frame(T0, udp(C, 40002, S, 53, query(5, "a.example.com", 1)));
        p.frame(T0 + MS, udp(S, 53, C, 40002, answerA(5, "a.example.com", "10.1.0.2")));
        p.frame(T0 + 2 * MS, udp(S, 53, C, 40002, answerA(5, "a.example.com", "10.1.0.2")));
        p.run();
        List<Map<String, String>> rows = p.log("dns.log");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("rtt", "0.001000").containsEntry("qtype_name", "A");
        assertThat(rows.get(1)).containsEntry("rtt", "-").containsEntry("qtype_name", "-")
                .containsEntry("answers", "10.1.0.2");
    }

    @Test
    void queriesSharingAConnectionArePairedById() {
        DnsPipeline p = new DnsPipeline(dir);
        p.frame(T0, udp(C, 40003, S, 53, query(1, "one.example.com", 1)));
        p.frame(T0 + MS, udp(C, 40003, S, 53, query(2, "two.example.com", 1)));
        p.frame(T0 + 2 * MS, udp(C, 40003, S, 53, query(3, "three.example.com", 1)));
        p.frame(T0 + 3 * MS, udp(S, 53, C, 40003, answerA(3, "three.example.com", "10.0.0.3")));
        p.frame(T0 + 4 * MS, udp(S, 53, C, 40003, answerA(1, "one.example.com", "10.0.0.1")));
        p.run();
        List<Map<String, String>> rows = p.log("dns.log");
        assertThat(rows).extracting(r -> r.get("query") + " " + r.get("answers") + " " + r.get("rtt"))
                .containsExactlyInAnyOrder("three.example.com 10.0.0.3 0.001000", "one.example.com 10.0.0.1 0.004000",
                        "two.example.com - -");
    }

    @Test
    void tooManyPendingIdsFlushesThem() {
        DnsPipeline p = new DnsPipeline(dir);
        p.options.dnsMaxPendingQueryIds = 3;
        for (int i = 0; i < 8; i++) {
            p.frame(T0 + i * MS, udp(C, 40004, S, 53, query(100 + i, "q" + i + ".example.com", 1)));
        }
        p.run();
        assertThat(p.log("dns.log")).hasSize(8);
    }

    @Test
    void multicastMessagesAreEachTheirOwnRow() {
        DnsPipeline p = new DnsPipeline(dir);
        byte[] mdnsQuery = query(0, "printer.local", 1);
        p.frame(T0, udp(C, 5353, "224.0.0.251", 5353, mdnsQuery));
        p.frame(T0 + MS, udp(C, 5353, "224.0.0.251", 5353, mdnsQuery));
        p.run();
        List<Map<String, String>> rows = p.log("dns.log");
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("query", "printer.local")
                .containsEntry("id.resp_h", "224.0.0.251"));
    }

    @Test
    void netbiosNamesAreDecoded() {
        DnsPipeline p = new DnsPipeline(dir);
        // "FEEIEFCAEOEFFEECEJEPFDCAEOEBENEF" is "THE NETBIOS NAME" in RFC 1001 first-level encoding.
        byte[] q = DnsMsg.header(0x8001, 0x0110, 1, 0, 0, 0).question("FEEIEFCAEOEFFEECEJEPFDCAEOEBENEF", 32, 1)
                .bytes();
        p.frame(T0, udp(C, 137, "10.1.0.255", 137, q));
        p.run();
        Map<String, String> r = only(p.log("dns.log"));
        assertThat(r).containsEntry("query", "THE NETBIOS NAM").containsEntry("opcode_name", "netbios-query")
                .containsEntry("qtype_name", "NIMLOC");
    }

    @Test
    void tcpCarriesSeveralMessagesPerConnection() {
        DnsPipeline p = new DnsPipeline(dir);
        byte[] q1 = query(11, "a.example.com", 1);
        byte[] q2 = query(12, "b.example.com", 1);
        byte[] a1 = answerA(11, "a.example.com", "10.0.0.1");
        byte[] a2 = answerA(12, "b.example.com", "10.0.0.2");
        byte[] both = DnsMsg.tcpStream(q1, q2);
        byte[] answers = DnsMsg.tcpStream(a1, a2);
        long cs = 1000;
        long ss = 5000;
        p.frame(T0, PacketBuilder.eth().ipv4(C, S).tcp(41000, 53).flags(SYN).seq(cs).build());
        p.frame(T0 + MS, PacketBuilder.eth().ipv4(S, C).tcp(53, 41000).flags(SYN | ACK).seq(ss).ack(cs + 1).build());
        p.frame(T0 + 2 * MS, PacketBuilder.eth().ipv4(C, S).tcp(41000, 53).flags(ACK).seq(cs + 1).ack(ss + 1).build());
        // Both queries in one segment; the answers split in the middle of the first message.
        p.frame(T0 + 3 * MS, PacketBuilder.eth().ipv4(C, S).tcp(41000, 53).flags(PSH | ACK).seq(cs + 1).ack(ss + 1)
                .payload(both).build());
        int cut = 10;
        p.frame(T0 + 4 * MS, PacketBuilder.eth().ipv4(S, C).tcp(53, 41000).flags(PSH | ACK).seq(ss + 1)
                .ack(cs + 1 + both.length).payload(java.util.Arrays.copyOf(answers, cut)).build());
        p.frame(T0 + 5 * MS, PacketBuilder.eth().ipv4(S, C).tcp(53, 41000).flags(PSH | ACK).seq(ss + 1 + cut)
                .ack(cs + 1 + both.length).payload(java.util.Arrays.copyOfRange(answers, cut, answers.length)).build());
        p.frame(T0 + 6 * MS, PacketBuilder.eth().ipv4(C, S).tcp(41000, 53).flags(FIN | ACK).seq(cs + 1 + both.length)
                .ack(ss + 1 + answers.length).build());
        p.frame(T0 + 7 * MS, PacketBuilder.eth().ipv4(S, C).tcp(53, 41000).flags(FIN | ACK).seq(ss + 1 + answers.length)
                .ack(cs + 2 + both.length).build());
        p.run();
        List<Map<String, String>> rows = p.log("dns.log");
        assertThat(rows).extracting(r -> r.get("proto") + " " + r.get("query") + " " + r.get("answers") + " "
                + r.get("rtt")).containsExactly("tcp a.example.com 10.0.0.1 0.002000", "tcp b.example.com 10.0.0.2 0.002000");
        assertThat(only(p.log("conn.log"))).containsEntry("service", "dns");
    }

    @Test
    void tooManyQuestionsIsAViolation() {
        DnsPipeline p = new DnsPipeline(dir);
        p.frame(T0, udp(C, 40005, S, 53, DnsMsg.header(1, 0x0100, 30, 0, 0, 0).bytes()));
        p.run();
        // Zeek logs the transaction (the set_session ran before the check) and removes the analyzer: no service.
        assertThat(p.log("dns.log")).hasSize(1);
        Map<String, String> conn = only(p.log("conn.log"));
        assertThat(conn).containsEntry("service", "-");
        assertThat(conn.get("history")).contains("X");
        assertThat(p.log("weird.log")).extracting(w -> w.get("name")).contains("DNS_Conn_count_too_large");
    }

    @Test
    void policyColumnsFollowTheScripts() {
        DnsPipeline p = new DnsPipeline(dir);
        p.options.scripts = List.of("protocols/dns/log-original-query-case", "protocols/dns/auth-addl");
        p.frame(T0, udp(C, 40006, S, 53, query(3, "WWW.Example.com", 1)));
        byte[] resp = DnsMsg.header(3, 0x8580, 1, 1, 1, 0).question("www.example.com", 1, 1)
                .rrPtr(12, 1, 1, 60, hex("0a000001")).rrPtr(16, 2, 1, 60, DnsMsg.rdName("ns.example.com")).bytes();
        p.frame(T0 + MS, udp(S, 53, C, 40006, resp));
        p.run();
        Map<String, String> r = only(p.log("dns.log"));
        assertThat(List.copyOf(r.keySet()).subList(26, 29)).containsExactly("original_query", "auth", "addl");
        assertThat(r).containsEntry("original_query", "WWW.Example.com").containsEntry("auth", "ns.example.com")
                .containsEntry("addl", "-").containsEntry("query", "www.example.com");
    }
}
