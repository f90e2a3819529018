package io.osprey.analyzer.dns;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.osprey.analyzer.dns.DnsMsg.hex;
import static io.osprey.analyzer.dns.DnsMsg.rdName;
import static io.osprey.analyzer.dns.DnsMsg.rdata;
import static io.osprey.analyzer.dns.DnsMsg.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DnsParser} on messages written out in the test: complete ones (what each RR type renders as, as Zeek's
 * dns.log script renders it), incomplete ones (every truncation), and malformed ones (the weird Zeek raises).
 */
class DnsParserTest {
    private static final int IN = 1;

    /** dig's query for www.example.com A with an EDNS OPT record (bytes as captured). */
    private static final byte[] QUERY = hex("""
            9b 3a 01 20 00 01 00 00 00 00 00 01
            03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01
            00 00 29 04 d0 00 00 00 00 00 0c 00 0a 00 08 5e 4a 9c 1e 3b 6a 1c 52""");

    /** The answer: www.example.com A 93.184.216.34, TTL 3600, owner compressed to the question. */
    private static final byte[] RESPONSE = hex("""
            9b 3a 81 80 00 01 00 01 00 00 00 00
            03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01
            c0 0c 00 01 00 01 00 00 0e 10 00 04 5d b8 d8 22""");

    @Test
    void queryGivesRequestAndConfirmation() {
        Recorder r = Recorder.parse(QUERY, 1);
        assertThat(r.events).containsExactly(
                "message id=39738 qr=false opcode=0 rcode=0 query=true",
                "question REQUEST www.example.com 1 1 original=www.example.com",
                "confirm",
                "end");
    }

    @Test
    void responseRendersTheAnswer() {
        Recorder r = Recorder.parse(RESPONSE, 0);
        assertThat(r.events).containsExactly(
                "message id=39738 qr=true opcode=0 rcode=0 query=false",
                "question QUERY_REPLY www.example.com 1 1 original=www.example.com",
                "reply ANSWER www.example.com 3600 text=93.184.216.34",
                "confirm",
                "end");
    }

    @Test
    void questionKeepsTheOriginalCase() {
        byte[] m = DnsMsg.query(1).question("WwW.ExAmPlE.CoM", 1, IN).bytes();
        assertThat(Recorder.parse(m, 1).lines("question"))
                .containsExactly("question REQUEST www.example.com 1 1 original=WwW.ExAmPlE.CoM");
    }

    @Test
    void everyCommonTypeRendersAsZeekDoes() {
        DnsMsg m = DnsMsg.response(7, 12).question("example.com", 255, IN);
        m.rrPtr(12, 1, IN, 60, hex("0a000001"));
        m.rrPtr(12, 28, IN, 60, hex("20010db8000000000000000000000001"));
        m.rrPtr(12, 28, IN, 60, hex("00000000000000000000ffff01020304"));
        m.rrPtr(12, 5, IN, 60, rdName("Alias.Example.COM"));
        m.rrPtr(12, 15, IN, 60, DnsMsg.rd(rdata().u16(10).name("mail.example.com")));
        m.rrPtr(12, 16, IN, 60, strings("v=spf1 -all", "second"));
        m.rrPtr(12, 6, IN, 60, DnsMsg.rd(rdata().name("ns1.example.com").name("hostmaster.example.com")
                .u32(1).u32(2).u32(3).u32(4).u32(5)));
        m.rrPtr(12, 2, IN, 60, rdName("ns1.example.com"));
        m.rrPtr(12, 12, IN, 60, rdName("host.example.com"));
        m.rrPtr(12, 33, IN, 60, DnsMsg.rd(rdata().u16(10).u16(60).u16(5060).name("sip.example.com")));
        m.rrPtr(12, 99, IN, 60, strings("v=spf1"));
        m.rrPtr(12, 39, IN, 60, rdName("other.example.com"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.replies()).containsExactly("10.0.0.1", "2001:db8::1", "1.2.3.4", "alias.example.com",
                "mail.example.com", "TXT 11 v=spf1 -all TXT 6 second", "ns1.example.com", "ns1.example.com",
                "host.example.com", "sip.example.com", "SPF 6 v=spf1", "<unknown type=39>");
        assertThat(r.lines("weird")).containsExactly("weird DNS_RR_unknown_type 39");
        assertThat(r.lines("confirm")).hasSize(1);
    }

    @Test
    void dnssecAndOtherTypesRenderAsZeekDoes() {
        DnsMsg m = DnsMsg.response(8, 9).question("example.com", 48, IN);
        m.rrPtr(12, 46, IN, 300, DnsMsg.rd(rdata().u16(1).u8(8).u8(2).u32(300).u32(2).u32(1).u16(4711)
                .name("Example.com").raw(new byte[16])));
        m.rrPtr(12, 46, IN, 300, DnsMsg.rd(rdata().u16(48).u8(13).u8(0).u32(300).u32(2).u32(1).u16(1)
                .name("").raw(new byte[8])));
        m.rrPtr(12, 48, IN, 300, DnsMsg.rd(rdata().u16(257).u8(3).u8(8).raw(new byte[32])));
        m.rrPtr(12, 43, IN, 300, DnsMsg.rd(rdata().u16(4711).u8(8).u8(2).raw(new byte[32])));
        m.rrPtr(12, 47, IN, 300, DnsMsg.rd(rdata().name("b.example.com").u8(0).u8(1).u8(0x40)));
        m.rrPtr(12, 50, IN, 300, DnsMsg.rd(rdata().u8(1).u8(0).u16(10).u8(0).u8(4).raw(new byte[4])
                .u8(0).u8(1).u8(0x40)));
        m.rrPtr(12, 51, IN, 300, DnsMsg.rd(rdata().u8(1).u8(0).u16(10).u8(2).u16(0xabcd)));
        m.rrPtr(12, 44, IN, 300, DnsMsg.rd(rdata().u8(1).u8(2).raw(hex("00ff10ab"))));
        m.rrPtr(12, 29, IN, 300, DnsMsg.rd(rdata().u8(0).u8(0x12).u8(0x16).u8(0x13).u32(1).u32(2).u32(3)));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.replies()).containsExactly("RRSIG 1 example.com", "RRSIG 48 <Root>", "DNSKEY 8", "DS 8 2",
                "NSEC example.com b.example.com", "NSEC3", "NSEC3PARAM", "SSHFP: 00ff10ab", "LOC:  18 22 19");
        assertThat(r.lines("weird")).isEmpty();
    }

    @Test
    void naptrRendersAllItsFields() {
        DnsMsg m = DnsMsg.response(9, 1).question("example.com", 35, IN);
        m.rrPtr(12, 35, IN, 60, DnsMsg.rd(rdata().u16(100).u16(10).raw(strings("S", "SIP+D2U", ""))
                .name("_sip._udp.example.com")));
        assertThat(Recorder.parse(m.bytes(), 0).replies())
                .containsExactly("NAPTR 100 10 S SIP+D2U _sip._udp.example.com");
    }

    @Test
    void wksIsReportedWithoutTextAndHinfoNotAtAll() {
        DnsMsg m = DnsMsg.response(9, 2).question("example.com", 11, IN);
        m.rrPtr(12, 13, IN, 60, strings("cpu", "os"));
        m.rrPtr(12, 11, IN, 60, hex("0a00000106e0"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.lines("reply")).containsExactly("reply ANSWER example.com 60 text=");
    }

    @Test
    void rejectedQuestionHasNoRecords() {
        byte[] m = DnsMsg.header(5, 0x8105, 1, 0, 0, 0).question("example.org", 1, IN).bytes();
        assertThat(Recorder.parse(m, 0).lines("question"))
                .containsExactly("question REJECTED example.org 1 1 original=example.org");
    }

    @Test
    void authorityAndAdditionalAreSkippedUnlessAskedFor() {
        DnsMsg m = DnsMsg.header(3, 0x8580, 1, 1, 1, 1).question("a.example.com", 1, IN);
        m.rrPtr(12, 1, IN, 60, hex("0a000001"));
        m.rrPtr(14, 2, IN, 60, rdName("ns.example.com"));
        m.rrPtr(14, 1, IN, 60, hex("0a000035"));
        assertThat(Recorder.parse(m.bytes(), 0).lines("reply")).hasSize(1);
        Recorder all = Recorder.parse(new DnsParser.Settings(25, false, false, 20), m.bytes(), 0);
        assertThat(all.lines("reply")).containsExactly(
                "reply ANSWER a.example.com 60 text=10.0.0.1",
                "reply AUTHORITY example.com 60 text=ns.example.com",
                "reply ADDITIONAL example.com 60 text=10.0.0.53");
    }

    @Test
    void dynamicUpdateRendersPrerequisitesAndUpdates() {
        DnsMsg m = DnsMsg.header(11, 0xA800, 1, 1, 2, 0);   // QR, opcode 5 (update)
        m.name("example.com").u16(6).u16(IN);                // zone
        m.rr("host.example.com", 5, 254, 0, new byte[0]);    // prerequisite: no CNAME
        m.rr("host.example.com", 1, 255, 0, new byte[0]);    // update: delete all A
        m.rr("host.example.com", 1, IN, 1200, hex("c0a80001"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.replies()).containsExactly("pre: NoRRSet CNAME host.example.com", "del: RRSet A",
                "A host.example.com 192.168.0.1");
    }

    @Test
    void firstResponseFromTheOriginatorFlipsRoles() {
        Recorder r = Recorder.parse(RESPONSE, 1);
        assertThat(r.events).contains("flip", "message id=39738 qr=true opcode=0 rcode=0 query=false");
        Recorder m = new Recorder();
        m.multicast = true;
        new DnsParser(DnsParser.Settings.DEFAULT).parse(m, java.lang.foreign.MemorySegment.ofArray(RESPONSE), 0,
                RESPONSE.length, 1);
        assertThat(m.events).doesNotContain("flip");
    }

    // ------------------------------------------------------------------------------------------ incomplete

    @Test
    void shorterThanAHeaderIsOnlyAWeird() {
        Recorder r = Recorder.parse(Arrays.copyOf(QUERY, 11), 1);
        assertThat(r.events).containsExactly("weird DNS_truncated_len_lt_hdr_len");
    }

    @Test
    void truncatedQuestionName() {
        Recorder r = Recorder.parse(Arrays.copyOf(QUERY, 20), 1);
        assertThat(r.events).containsExactly("message id=39738 qr=false opcode=0 rcode=0 query=true",
                "weird DNS_label_len_gt_pkt", "end");
    }

    @Test
    void questionWithoutTypeAndClass() {
        Recorder r = Recorder.parse(Arrays.copyOf(QUERY, 31), 1);
        assertThat(r.lines("weird")).containsExactly("weird DNS_truncated_quest_too_short");
        assertThat(r.lines("confirm")).isEmpty();
    }

    @Test
    void rdataPastTheEnd() {
        Recorder r = Recorder.parse(Arrays.copyOf(RESPONSE, RESPONSE.length - 1), 0);
        assertThat(r.lines("weird")).containsExactly("weird DNS_truncated_RR_rdlength_lt_len");
        assertThat(r.lines("reply")).isEmpty();
        assertThat(r.events).endsWith("end");
    }

    @Test
    void everyTruncationEndsWithoutError() {
        for (byte[] full : new byte[][] {QUERY, RESPONSE}) {
            for (int n = 0; n <= full.length; n++) {
                Recorder r = Recorder.parse(Arrays.copyOf(full, n), 0);
                if (n < 12) {
                    assertThat(r.events).containsExactly("weird DNS_truncated_len_lt_hdr_len");
                } else {
                    assertThat(r.events).as("prefix %d", n).endsWith("end");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ malformed

    @Test
    void forwardCompressionPointer() {
        byte[] m = DnsMsg.query(1).ptr(40).u16(1).u16(1).bytes();
        assertThat(Recorder.parse(m, 1).lines("weird")).containsExactly("weird DNS_label_forward_compress_offset");
    }

    @Test
    void pointerToItselfIsRefused() {
        byte[] m = DnsMsg.query(1).ptr(12).u16(1).u16(1).bytes();
        assertThat(Recorder.parse(m, 1).lines("weird")).containsExactly("weird DNS_label_forward_compress_offset");
    }

    @Test
    void pointerChainsAreCutAtTheConfiguredDepth() {
        // RR 1 (an unknown type, skipped) carries 30 pointers in its RDATA, each to the one before, the first to
        // the question name; RR 2's owner is a pointer to the last: a chain of 31 pointers.
        DnsMsg m = DnsMsg.header(1, 0x8180, 1, 2, 0, 0).question("a.b", 1, IN);
        m.ptr(12).u16(0xFF00).u16(IN).u32(60).u16(60);
        int prev = 12;
        for (int i = 0; i < 30; i++) {
            int here = m.size();
            m.ptr(prev);
            prev = here;
        }
        m.rrPtr(prev, 1, IN, 60, hex("0a000001"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.lines("weird")).containsExactly("weird DNS_RR_unknown_type 65280",
                "weird DNS_max_compression_chain_depth_exceeded 21");
        assertThat(r.lines("limit")).hasSize(1);
        // The name is cut where the limit hit (empty), and the RR is still reported.
        assertThat(r.lines("reply ANSWER  60")).hasSize(1);
    }

    @Test
    void labelsLongerThan63AreRefusedExceptForNetbios() {
        String longLabel = "x".repeat(64);
        byte[] m = DnsMsg.query(1).question(longLabel + ".com", 1, IN).bytes();
        assertThat(Recorder.parse(m, 1).lines("weird")).containsExactly("weird DNS_label_too_long");
        Recorder nb = new Recorder();
        nb.respPort = 137;
        nb.netbios = true;
        new DnsParser(DnsParser.Settings.DEFAULT).parse(nb, java.lang.foreign.MemorySegment.ofArray(m), 0,
                m.length, 1);
        assertThat(nb.lines("weird")).isEmpty();
        assertThat(nb.lines("question")).hasSize(1);
    }

    @Test
    void namesOver255BytesAreAWeirdButStillParsed() {
        String label = "y".repeat(63);
        byte[] m = DnsMsg.query(1).question(String.join(".", label, label, label, label, label), 1, IN).bytes();
        Recorder r = Recorder.parse(m, 1);
        assertThat(r.lines("weird")).containsExactly("weird DNS_NAME_too_long");
        assertThat(r.lines("question")).hasSize(1);
    }

    @Test
    void namesThatOverflowTheBufferAreRefused() {
        String label = "y".repeat(63);
        String name = String.join(".", label, label, label, label, label, label, label, label, label);
        byte[] m = DnsMsg.query(1).question(name, 1, IN).bytes();
        Recorder r = Recorder.parse(m, 1);
        assertThat(r.lines("weird")).containsExactly("weird DNS_label_len_gt_name_len");
        assertThat(r.lines("question")).isEmpty();
    }

    @Test
    void tooManyQuestionsIsAViolation() {
        byte[] m = DnsMsg.header(1, 0x0100, 26, 0, 0, 0).bytes();
        Recorder r = Recorder.parse(m, 1);
        assertThat(r.events).containsExactly("message id=1 qr=false opcode=0 rcode=0 query=true",
                "violation DNS_Conn_count_too_large", "weird DNS_Conn_count_too_large 26 > 25", "limit", "end");
    }

    @Test
    void unknownOpcodeIsOnlyAWeird() {
        byte[] m = DnsMsg.header(1, 0x1000, 1, 0, 0, 0).question("a", 1, 1).bytes();   // opcode 2
        assertThat(Recorder.parse(m, 1).events).containsExactly("weird DNS_unknown_opcode 2", "limit");
    }

    @Test
    void nameOverrunningItsRdataIsAMismatchAndParsingGoesOn() {
        DnsMsg m = DnsMsg.response(2, 2).question("a.com", 5, IN);
        byte[] cname = rdName("b.com");
        m.ptr(12).u16(5).u16(IN).u32(60).u16(cname.length - 2).raw(cname);   // RDLENGTH 2 short
        m.rrPtr(12, 1, IN, 60, hex("0a000002"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.lines("weird")).containsExactly("weird DNS_RR_length_mismatch");
        assertThat(r.replies()).containsExactly("b.com", "10.0.0.2");
    }

    @Test
    void zeroRdlengthBeforeTheEndStopsTheSection() {
        DnsMsg m = DnsMsg.response(2, 2).question("a.com", 1, IN);
        m.rrPtr(12, 1, IN, 60, new byte[0]);
        m.rrPtr(12, 1, IN, 60, hex("0a000002"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.lines("weird")).containsExactly("weird DNS_zero_rdlength");
        assertThat(r.lines("reply")).isEmpty();
        assertThat(r.lines("confirm")).isEmpty();
    }

    @Test
    void badARecordLength() {
        DnsMsg m = DnsMsg.response(2, 1).question("a.com", 1, IN);
        m.rrPtr(12, 1, IN, 60, hex("0a0000"));
        assertThat(Recorder.parse(m.bytes(), 0).lines("weird")).containsExactly("weird DNS_RR_bad_length");
    }

    @Test
    void txtStringPastItsRdata() {
        DnsMsg m = DnsMsg.response(2, 1).question("a.com", 16, IN);
        m.rrPtr(12, 16, IN, 60, hex("05616263"));
        Recorder r = Recorder.parse(m.bytes(), 0);
        assertThat(r.lines("weird")).containsExactly("weird DNS_TXT_char_str_past_rdlen");
        assertThat(r.replies()).containsExactly("");
        assertThat(r.lines("confirm")).isEmpty();
    }

    @Test
    void ednsOptionsAreChecked() {
        DnsMsg m = DnsMsg.header(4, 0x0100, 1, 0, 0, 1).question("a.com", 1, IN);
        // OPT with an option claiming 10 bytes but carrying 2.
        m.u8(0).u16(41).u16(1232).u32(0).u16(6).u16(8).u16(10).u16(0);
        DnsParser.Settings addl = new DnsParser.Settings(25, true, false, 20);
        assertThat(Recorder.parse(addl, m.bytes(), 1).lines("weird")).containsExactly("weird EDNS_truncated_option");
        DnsMsg ok = DnsMsg.header(4, 0x0100, 1, 0, 0, 1).question("a.com", 1, IN);
        ok.u8(0).u16(41).u16(1232).u32(0).u16(8).u16(11).u16(0).u16(10).u16(0);   // keepalive + empty cookie
        assertThat(Recorder.parse(addl, ok.bytes(), 1).lines("weird"))
                .containsExactly("weird EDNS_TCP_Keepalive_In_UDP");
    }

    @Test
    void compressionPointerAtTheEnd() {
        byte[] m = hex("0001 0100 0001 0000 0000 0000 c0");
        assertThat(Recorder.parse(m, 1).lines("weird")).containsExactly("weird dns_invalid_name");
    }
}
