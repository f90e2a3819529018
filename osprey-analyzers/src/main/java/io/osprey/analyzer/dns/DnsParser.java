package io.osprey.analyzer.dns;

import io.osprey.common.bytes.Bytes;
import io.osprey.common.net.Addr;

import java.lang.foreign.MemorySegment;

/**
 * Parses one DNS message (RFC 1035 §4, RFC 2136 dynamic update, RFC 6891 EDNS, the DNSSEC RRs of RFC 4034/5155,
 * RFC 9460 SVCB/HTTPS) the way Zeek's {@code DNS_Interpreter} does ({@code src/analyzer/protocol/dns/DNS.cc}) and
 * reports what Zeek's DNS events carry to a {@link Handler}: the header ({@code dns_message}), each question
 * ({@code dns_request} / {@code dns_rejected} / {@code dns_query_reply}), each RR that Zeek's dns.log script renders
 * ({@code DNS::do_reply}, with the text main.zeek builds for its type), and the end ({@code dns_end}), plus weirds,
 * violations and the confirmation.
 *
 * <p>Zeek's quirks are reproduced on purpose because dns.log depends on them: RR parsers read from the rest of the
 * message rather than from RDLENGTH (a name that overruns its RDATA only raises {@code DNS_RR_length_mismatch} and the
 * next RR starts where the name ended); WKS, NBSTAT, prerequisite and invalid update RRs leave their RDATA unconsumed;
 * integer reads past the end yield 0 without consuming; the authority and additional sections are not parsed unless
 * {@code dns_skip_all_auth}/{@code dns_skip_all_addl} are off.
 *
 * <p>One instance per worker: it keeps no state between messages except reusable scratch buffers, so it never
 * allocates per message apart from the text of a weird. Never throws on malformed input; every read is bounds-checked
 * against the message length first. Not thread-safe.
 *
 * <p>Limits, all from Zeek: a name is decoded into a 512-byte buffer ({@link #NAME_BUFFER}; 1023 for the TSIG
 * algorithm name); a label over 63 bytes is refused except on port 137 (NetBIOS uses longer ones); a compression
 * pointer must point strictly before itself ({@code DNS_label_forward_compress_offset}), so pointer loops are
 * impossible, and at most {@code dns_max_compression_chain_depth} (20) pointers are followed for one name;
 * messages with more than {@code dns_max_queries} (25) questions are a protocol violation.
 */
final class DnsParser {
    /** Zeek's per-name buffer: {@code u_char name[513]} with {@code name_len = sizeof(name) - 1}. */
    static final int NAME_BUFFER = 512;
    /** The TSIG algorithm name buffer ({@code u_char alg_name[1024]}). */
    static final int TSIG_NAME_BUFFER = 1023;
    /** RFC 1035 §2.3.4: labels are 63 octets or less. */
    static final int MAX_LABEL = 63;
    /** The NetBIOS name service port, where longer labels are accepted and SRV means NBSTAT. */
    static final int NETBIOS_PORT = 137;

    /** Section of an RR (Zeek's {@code DNS_AnswerType}, in its order). */
    static final int QUESTION = 0, ANSWER = 1, AUTHORITY = 2, ADDITIONAL = 3, PREREQUISITES = 4, UPDATES = 5;
    /** Kind of question event. */
    static final int REQUEST = 0, REJECTED = 1, QUERY_REPLY = 2;

    /**
     * What one connection's analyzer gives the parser and receives from it: facts about the connection, the
     * analyzer's reports (weird, violation, confirmation, role flip, limit reached) and Zeek's DNS events. The byte
     * arrays passed are the parser's scratch: valid only during the call.
     */
    interface Handler {
        /** Zeek's {@code is_netbios}: port 137 on either side. */
        boolean netbios();

        /** The responder port now (after any flip). */
        int respPort();

        /** The responder address is multicast (roles are then never flipped). */
        boolean respMulticast();

        /** The connection runs over UDP. */
        boolean udp();

        /** True until the first message with a header was parsed on this connection. */
        boolean firstMessage();

        /** Marks the first message as seen. */
        void firstMessageSeen();

        /** A weird on the connection. */
        void weird(String name, String addl);

        /** Zeek's AnalyzerViolation. */
        void violation(String reason);

        /** Zeek's AnalyzerConfirmation. */
        void confirm();

        /** Zeek's Connection::FlipRoles: the first message seen from the originator is a response. */
        void flipRoles();

        /** Zeek's HIST_ANALYZER_LIMIT_REACHED ('X' in conn.log history). */
        void limitReached();

        /** {@code dns_message}: the header is parsed; {@code isQuery} is the direction (after a flip). */
        void message(DnsHeader h, boolean isQuery);

        /**
         * A question: {@code dns_request} (kind {@link #REQUEST}), {@code dns_rejected} or {@code dns_query_reply}.
         *
         * @param name     the name lower-cased, {@code nameLen} bytes
         * @param original the name as sent (compressed parts are lower-cased, as Zeek does)
         */
        void question(DnsHeader h, int kind, byte[] name, int nameLen, byte[] original, int qtype, int qclass);

        /**
         * An RR rendered as dns.log's script renders it ({@code DNS::do_reply}), or a dynamic-update prerequisite
         * ("pre: ...") or deletion ("del: ...").
         *
         * @param section {@link #ANSWER}, {@link #AUTHORITY}, ...
         * @param owner   the RR's owner name ({@code ans$query}), lower-cased
         * @param ttl     the TTL in seconds
         * @param text    the rendering; empty for WKS
         */
        void reply(DnsHeader h, int section, byte[] owner, int ownerLen, long ttl, byte[] text, int textLen);

        /** {@code dns_end}. */
        void end(DnsHeader h);
    }

    /** Run settings (Zeek's globals). */
    record Settings(int maxQueries, boolean skipAllAuth, boolean skipAllAddl, int maxCompressionDepth) {
        /** Zeek's defaults: {@code dns_max_queries=25}, skip auth and addl, {@code dns_max_compression_chain_depth=20}. */
        static final Settings DEFAULT = new Settings(25, true, true, 20);
    }

    private final Settings settings;
    private final DnsHeader msg = new DnsHeader();

    // ---- cursor over the message being parsed (Zeek's data/len pair, passed by reference everywhere)
    private Handler h;
    private MemorySegment seg;
    private long msgStart;
    private long p;
    private int len;

    // ---- scratch
    private final byte[] owner = new byte[NAME_BUFFER + 1];
    private int ownerLen;
    private int atype;
    private int aclass;
    private long ttl;
    private int zclass;
    private final byte[] qname = new byte[NAME_BUFFER + 1];
    private final byte[] original = new byte[NAME_BUFFER + 1];
    private final byte[] name1 = new byte[TSIG_NAME_BUFFER + 1];
    private final byte[] name2 = new byte[NAME_BUFFER + 1];
    private final Text text = new Text();
    private final long[] cs = new long[3];

    DnsParser(Settings settings) {
        this.settings = settings;
    }

    /**
     * Parses the message of {@code length} bytes at {@code off} in {@code seg} (Zeek's {@code ParseMessage}).
     *
     * @param isQuery 1 from the originator, 0 from the responder, 2 for a partial TCP message flushed at close
     */
    void parse(Handler handler, MemorySegment segment, long off, int length, int isQuery) {
        this.h = handler;
        this.seg = segment;
        try {
            parseMessage(off, length, isQuery);
        } finally {
            this.h = null;
            this.seg = null;
        }
    }

    private void parseMessage(long off, int length, int isQuery) {
        if (length < DnsHeader.HEADER_LENGTH) {
            h.weird(DnsWeirds.TRUNCATED_LEN_LT_HDR_LEN, null);
            return;
        }
        boolean netbios = h.netbios();
        int opcode = DnsHeader.opcodeAt(seg, off);
        // NetBIOS registration and release look like queries; anything else besides query, notify and update is not
        // parsed.
        if (opcode != DnsConsts.OP_QUERY && opcode != DnsConsts.OP_DYNAMIC_UPDATE && !netbios
                && opcode != DnsConsts.OP_NOTIFY) {
            h.weird(DnsWeirds.UNKNOWN_OPCODE, Integer.toString(opcode));
            h.limitReached();
            return;
        }
        msg.read(seg, off, netbios);
        if (h.firstMessage() && msg.qr && isQuery == 1) {
            isQuery = 0;
            if (!h.respMulticast()) {
                h.flipRoles();
            }
        }
        h.firstMessageSeen();
        h.message(msg, isQuery != 0);

        // A lot of non-DNS traffic runs on port 53; this weeds most of it out.
        if (settings.maxQueries() > 0 && msg.qdCount > settings.maxQueries()) {
            h.violation(DnsWeirds.CONN_COUNT_TOO_LARGE);
            h.weird(DnsWeirds.CONN_COUNT_TOO_LARGE, msg.qdCount + " > " + settings.maxQueries());
            h.limitReached();
            h.end(msg);
            return;
        }

        msgStart = off;
        p = off + DnsHeader.HEADER_LENGTH;
        len = length - DnsHeader.HEADER_LENGTH;

        if (msg.dynamicUpdate) {
            if (msg.qdCount != 1) {
                h.weird(DnsWeirds.DU_INVALID_ZONE_COUNT, Integer.toString(msg.qdCount));
                h.end(msg);
                return;
            }
            // RFC 2136 §2.3: the zone section is one question-like entry that must be of type SOA.
            if (!parseAnswerHeader()) {
                h.end(msg);
                return;
            }
            if (atype != DnsConsts.TYPE_SOA) {
                h.weird(DnsWeirds.DU_INCORRECT_ZONE_TYPE, null);
                return;
            }
            zclass = aclass;
            if (!parseAnswers(msg.anCount, PREREQUISITES) || !parseAnswers(msg.nsCount, UPDATES)) {
                h.end(msg);
                return;
            }
        } else {
            if (!parseQuestions() || !parseAnswers(msg.anCount, ANSWER)) {
                h.end(msg);
                return;
            }
        }

        h.confirm();

        boolean skipAuth = settings.skipAllAuth();
        boolean skipAddl = settings.skipAllAddl();
        if (msg.anCount > 0) {
            skipAuth = skipAuth || msg.nsCount == 0;
            skipAddl = skipAddl || msg.arCount == 0;
        }
        if (skipAuth && skipAddl) {
            h.end(msg);
            return;
        }
        if (!msg.dynamicUpdate) {
            msg.skipEvent = skipAuth;
            if (!parseAnswers(msg.nsCount, AUTHORITY)) {
                h.end(msg);
                return;
            }
        }
        if (skipAddl) {
            h.end(msg);
            return;
        }
        msg.skipEvent = false;
        parseAnswers(msg.arCount, ADDITIONAL);
        h.end(msg);
    }

    // ------------------------------------------------------------------------------------------ sections

    private boolean parseQuestions() {
        int n = msg.qdCount;
        while (n > 0 && parseQuestion()) {
            n--;
        }
        return n == 0;
    }

    private boolean parseAnswers(int n, int section) {
        while (n > 0 && parseAnswer(section)) {
            n--;
        }
        return n == 0;
    }

    private boolean parseQuestion() {
        int end = extractName(qname, 0, NAME_BUFFER, false, 0);
        if (end < 0) {
            return false;
        }
        if (len < 4) {
            h.weird(DnsWeirds.TRUNCATED_QUEST_TOO_SHORT, null);
            return false;
        }
        int kind;
        if (!msg.qr) {
            kind = REQUEST;
        } else if (msg.anCount == 0 && msg.nsCount == 0 && msg.arCount == 0) {
            // Refused in some fashion, and no RR will say so.
            kind = REJECTED;
        } else {
            kind = QUERY_REPLY;
        }
        int qtype = extractShort();
        int qclass = extractShort();
        if (!msg.skipEvent) {
            System.arraycopy(qname, 0, original, 0, end);
            lowerCase(qname, 0, end);
            h.question(msg, kind, qname, end, original, qtype, qclass);
        }
        return true;
    }

    private boolean parseAnswerHeader() {
        int end = extractName(owner, 0, NAME_BUFFER, true, 0);
        if (end < 0) {
            return false;
        }
        if (len < 4) {
            h.weird(DnsWeirds.TRUNCATED_ANS_TOO_SHORT, null);
            return false;
        }
        ownerLen = end;
        atype = extractShort();
        aclass = extractShort();
        return true;
    }

    private boolean parseAnswer(int section) {
        if (!parseAnswerHeader()) {
            return false;
        }
        ttl = extractLong();
        int rdlength = extractShort();
        if (rdlength > len) {
            h.weird(DnsWeirds.TRUNCATED_RR_RDLENGTH_LT_LEN, null);
            return false;
        }

        if (msg.dynamicUpdate) {
            if (section == UPDATES) {
                // RFC 2136 §2.5: deletions have class ANY (or NONE), TTL 0 and usually no RDATA; additions carry
                // the zone's class.
                if (aclass == DnsConsts.CLASS_ANY && ttl == 0 && rdlength == 0) {
                    if (!msg.skipEvent) {
                        reply(section, dynamicUpdateDeletion());
                    }
                    return true;
                } else if (!((aclass == DnsConsts.CLASS_NONE && ttl == 0) || aclass == zclass)) {
                    h.weird(DnsWeirds.DYNAMIC_UPDATE_INVALID_UPDATE, null);
                    return true;
                }
            } else if (section == PREREQUISITES) {
                // RFC 2136 §2.4: prerequisites always have TTL 0; their RDATA is not parsed.
                if (ttl != 0) {
                    h.weird(DnsWeirds.DYNAMIC_UPDATE_PREREQ_NONZERO_TTL, Integer.toString((int) ttl));
                } else if (((aclass == DnsConsts.CLASS_ANY || aclass == DnsConsts.CLASS_NONE) && rdlength == 0)
                        || aclass == zclass) {
                    if (!msg.skipEvent) {
                        reply(section, dynamicUpdatePrerequisite());
                    }
                } else {
                    h.weird(DnsWeirds.DYNAMIC_UPDATE_INVALID_PREREQ, null);
                }
                return true;
            }
        }

        if (rdlength == 0 && len > 0) {
            if (msg.dynamicUpdate) {
                return true;
            }
            h.weird(DnsWeirds.ZERO_RDLENGTH, null);
            return false;
        }

        return switch (atype) {
            case DnsConsts.TYPE_A -> rrA(section, rdlength);
            case DnsConsts.TYPE_A6, DnsConsts.TYPE_AAAA -> rrAaaa(section);
            case DnsConsts.TYPE_NS, DnsConsts.TYPE_CNAME, DnsConsts.TYPE_PTR -> rrName(section, rdlength, 0);
            case DnsConsts.TYPE_SOA -> rrSoa(section, rdlength);
            case DnsConsts.TYPE_WKS -> rrWks(section, rdlength);
            // No handler in Zeek's dns.log script for these, so Zeek skips their RDATA unparsed.
            case DnsConsts.TYPE_HINFO, DnsConsts.TYPE_CAA, DnsConsts.TYPE_TKEY, DnsConsts.TYPE_NBS -> skip(rdlength);
            case DnsConsts.TYPE_MX -> rrName(section, rdlength, 1);
            case DnsConsts.TYPE_TXT -> rrTxt(section, rdlength, "TXT ");
            case DnsConsts.TYPE_SPF -> rrTxt(section, rdlength, "SPF ");
            case DnsConsts.TYPE_SRV -> h.respPort() == NETBIOS_PORT || rrName(section, rdlength, 3);
            case DnsConsts.TYPE_NAPTR -> rrNaptr(section, rdlength);
            case DnsConsts.TYPE_EDNS -> rrEdns(rdlength);
            case DnsConsts.TYPE_TSIG -> rrTsig();
            case DnsConsts.TYPE_RRSIG -> rrRrsig(section, rdlength);
            case DnsConsts.TYPE_DNSKEY -> rrDnskey(section, rdlength);
            case DnsConsts.TYPE_NSEC -> rrNsec(section, rdlength);
            case DnsConsts.TYPE_NSEC3 -> rrNsec3(section, rdlength);
            case DnsConsts.TYPE_NSEC3PARAM -> rrNsec3Param(section, rdlength);
            case DnsConsts.TYPE_DS -> rrDs(section, rdlength);
            case DnsConsts.TYPE_BINDS -> rrBinds(section, rdlength);
            case DnsConsts.TYPE_SSHFP -> rrSshfp(section, rdlength);
            case DnsConsts.TYPE_LOC -> rrLoc(section, rdlength);
            case DnsConsts.TYPE_SVCB, DnsConsts.TYPE_HTTPS -> rrSvcb(rdlength);
            default -> {
                if (!msg.skipEvent) {
                    text.reset().ascii("<unknown type=").decimal(atype).ascii(">");
                    reply(section, text);
                }
                h.weird(DnsWeirds.RR_UNKNOWN_TYPE, Integer.toString(atype));
                skip(rdlength);
                yield true;
            }
        };
    }

    private void reply(int section, Text t) {
        h.reply(msg, section, owner, ownerLen, ttl, t.b, t.n);
    }

    private boolean skip(int rdlength) {
        p += rdlength;
        len -= rdlength;
        return true;
    }

    private Text dynamicUpdateDeletion() {
        text.reset().ascii("del: ");
        if (aclass == DnsConsts.CLASS_ANY && atype == DnsConsts.TYPE_ANY) {
            text.ascii("RRSet * ").bytes(owner, ownerLen);
        } else if (aclass == DnsConsts.CLASS_NONE) {
            text.ascii("RR ").ascii(DnsConsts.queryType(atype)).ascii(" ").bytes(owner, ownerLen);
        } else {
            text.ascii("RRSet ").ascii(DnsConsts.queryType(atype));
        }
        return text;
    }

    private Text dynamicUpdatePrerequisite() {
        text.reset().ascii("pre: ");
        if (aclass == DnsConsts.CLASS_NONE && atype == DnsConsts.TYPE_ANY) {
            text.ascii("NameNotInUse ").bytes(owner, ownerLen);
        } else if (aclass == DnsConsts.CLASS_ANY && atype == DnsConsts.TYPE_ANY) {
            text.ascii("NameInUse ").bytes(owner, ownerLen);
        } else if (aclass == DnsConsts.CLASS_NONE) {
            text.ascii("NoRRSet ").ascii(DnsConsts.queryType(atype)).ascii(" ").bytes(owner, ownerLen);
        } else {
            text.ascii("RRSetExists ").ascii(DnsConsts.queryType(atype)).ascii(" ").bytes(owner, ownerLen);
        }
        return text;
    }

    // ------------------------------------------------------------------------------------------ names

    /**
     * Zeek's {@code ExtractName}: decodes the name at the cursor into {@code buf} from {@code start}, following
     * compression pointers (RFC 1035 §4.1.4), labels joined by '.', without the trailing dot. The cursor ends after
     * the name's last label or first pointer.
     *
     * @param room  bytes of {@code buf} the name may use ({@link #NAME_BUFFER})
     * @param depth compression pointers followed so far
     * @return the end index of the name in {@code buf}, or -1 when the name is malformed (a weird was raised)
     */
    private int extractName(byte[] buf, int start, int room, boolean downcase, int depth) {
        if (depth > settings.maxCompressionDepth()) {
            h.weird(DnsWeirds.MAX_COMPRESSION_CHAIN_DEPTH_EXCEEDED, Integer.toString(depth));
            h.limitReached();
            return start;
        }
        int np = start;
        int nl = room;
        while (true) {
            if (len <= 0) {
                h.weird(DnsWeirds.INVALID_NAME, null);
                return -1;
            }
            long labelStart = p;
            int labelLen = Bytes.u8(seg, p);
            p++;
            len--;
            if (labelLen == 0) {
                break;
            }
            if ((labelLen & 0xC0) == 0xC0) {
                if (len <= 0) {
                    h.weird(DnsWeirds.INVALID_NAME, null);
                    return -1;
                }
                int offset = ((labelLen & 0x3F) << 8) | Bytes.u8(seg, p);
                p++;
                len--;
                // Only backward pointers: this makes loops impossible. (Pointers to pointers do occur.)
                if (offset >= labelStart - msgStart) {
                    h.weird(DnsWeirds.LABEL_FORWARD_COMPRESS_OFFSET, null);
                    return -1;
                }
                long savedP = p;
                int savedLen = len;
                p = msgStart + offset;
                len = (int) (labelStart - p);
                int end = extractName(buf, np, nl, true, depth + 1);
                p = savedP;
                len = savedLen;
                if (end < 0) {
                    return -1;
                }
                np = end;
                break;
            }
            if (labelLen > len) {
                h.weird(DnsWeirds.LABEL_LEN_GT_PKT, null);
                p += len;
                len = 0;
                return -1;
            }
            if (labelLen > MAX_LABEL && h.respPort() != NETBIOS_PORT) {
                h.weird(DnsWeirds.LABEL_TOO_LONG, null);
                return -1;
            }
            if (labelLen >= nl) {
                h.weird(DnsWeirds.LABEL_LEN_GT_NAME_LEN, null);
                return -1;
            }
            MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, p, buf, np, labelLen);
            buf[np + labelLen] = '.';
            np += labelLen + 1;
            nl -= labelLen + 1;
            p += labelLen;
            len -= labelLen;
        }
        int n = np - start;
        if (n >= 255) {
            h.weird(DnsWeirds.NAME_TOO_LONG, null);
        }
        if (n >= 2 && buf[np - 1] == '.') {
            np--;
        }
        if (downcase) {
            lowerCase(buf, start, np);
        }
        return np;
    }

    private static void lowerCase(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') {
                b[i] += 32;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ primitives

    /** Zeek's ExtractByte: 0 and nothing consumed when the message has ended. */
    private int extractByte() {
        if (len < 1) {
            return 0;
        }
        int v = Bytes.u8(seg, p);
        p++;
        len--;
        return v;
    }

    /** Zeek's ExtractShort: 0 and nothing consumed when fewer than 2 bytes are left. */
    private int extractShort() {
        if (len < 2) {
            return 0;
        }
        int v = Bytes.u16(seg, p);
        p += 2;
        len -= 2;
        return v;
    }

    /** Zeek's ExtractLong: 0 and nothing consumed when fewer than 4 bytes are left. */
    private long extractLong() {
        if (len < 4) {
            return 0;
        }
        long v = Bytes.u32(seg, p);
        p += 4;
        len -= 4;
        return v;
    }

    /** Zeek's ExtractStream: skips min(rest, max(n, 0)) bytes; returns where they start. */
    private long extractStream(int n) {
        long at = p;
        int d = Math.min(len, Math.max(n, 0));
        p += d;
        len -= d;
        return at;
    }

    /** Zeek's ExtractOctets: a 16-bit length, then that many bytes (at most the rest). */
    private void extractOctets() {
        int d = Math.min(len, extractShort());
        p += d;
        len -= d;
    }

    /** Bytes a {@link #extractStream} of {@code n} consumes. */
    private int streamLength(int n) {
        return Math.min(len, Math.max(n, 0));
    }

    /**
     * A character-string (RFC 1035 §3.3) within {@code rd[0]} remaining RDATA bytes: returns its (position, length)
     * packed as {@code pos << 16 | length}, or -1 when RDATA is exhausted or the string overruns it (a weird).
     */
    private long charString(int[] rd) {
        if (rd[0] <= 0 || len <= 0) {
            return -1;
        }
        int size = Bytes.u8(seg, p);
        rd[0]--;
        len--;
        p++;
        if (size > rd[0]) {
            h.weird(DnsWeirds.TXT_CHAR_STR_PAST_RDLEN, null);
            return -1;
        }
        long at = p;
        rd[0] -= size;
        len -= size;
        p += size;
        return (at << 16) | size;
    }

    private final int[] rdRemaining = new int[1];

    // ------------------------------------------------------------------------------------------ RR types

    private boolean rrA(int section, int rdlength) {
        if (rdlength != 4) {
            h.weird(DnsWeirds.RR_BAD_LENGTH, null);
            return false;
        }
        long a = extractLong();
        if (!msg.skipEvent) {
            text.reset();
            if (msg.opcode == DnsConsts.OP_DYNAMIC_UPDATE && !msg.netbios) {
                text.ascii("A ").bytes(owner, ownerLen).ascii(" ");
            }
            text.addr(0, Addr.v4Lo((int) a));
            reply(section, text);
        }
        return true;
    }

    private boolean rrAaaa(int section) {
        long a0 = extractLong();
        long a1 = extractLong();
        long a2 = extractLong();
        long a3 = extractLong();
        if (!msg.skipEvent) {
            text.reset();
            if (msg.opcode == DnsConsts.OP_DYNAMIC_UPDATE && !msg.netbios) {
                text.ascii(atype == DnsConsts.TYPE_AAAA ? "AAAA " : "A6 ").bytes(owner, ownerLen).ascii(" ");
            }
            text.addr((a0 << 32) | a1, (a2 << 32) | a3);
            reply(section, text);
        }
        return true;
    }

    /**
     * NS, CNAME, PTR ({@code fixedShorts} 0), MX (1: the preference) and SRV (3: priority, weight, port): a domain
     * name after that many 16-bit fields, which Zeek reads and does not log; the answer is the name.
     */
    private boolean rrName(int section, int rdlength, int fixedShorts) {
        long start = p;
        for (int i = 0; i < fixedShorts; i++) {
            extractShort();
        }
        int end = extractName(name1, 0, NAME_BUFFER, true, 0);
        if (end < 0) {
            return false;
        }
        if (p - start != rdlength) {
            h.weird(DnsWeirds.RR_LENGTH_MISMATCH, null);
        }
        if (!msg.skipEvent) {
            reply(section, text.reset().bytes(name1, end));
        }
        return true;
    }

    private boolean rrSoa(int section, int rdlength) {
        long start = p;
        int mname = extractName(name1, 0, NAME_BUFFER, true, 0);
        if (mname < 0) {
            return false;
        }
        if (extractName(name2, 0, NAME_BUFFER, true, 0) < 0) {
            return false;
        }
        if (len < 20) {
            return false;
        }
        p += 20;
        len -= 20;
        if (p - start != rdlength) {
            h.weird(DnsWeirds.RR_LENGTH_MISMATCH, null);
        }
        if (!msg.skipEvent) {
            reply(section, text.reset().bytes(name1, mname));
        }
        return true;
    }

    /** WKS: Zeek raises the event without consuming the RDATA (its parser is a TODO). */
    private boolean rrWks(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        reply(section, text.reset());
        return true;
    }

    private boolean rrTxt(int section, int rdlength, String tag) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        text.reset();
        rdRemaining[0] = rdlength;
        int i = 0;
        long s;
        while ((s = charString(rdRemaining)) >= 0) {
            if (i++ > 0) {
                text.ascii(" ");
            }
            int n = (int) (s & 0xFFFF);
            text.ascii(tag).decimal(n).ascii(" ").segment(seg, s >>> 16, n);
        }
        reply(section, text);
        return rdRemaining[0] == 0;
    }

    private boolean rrNaptr(int section, int rdlength) {
        int order = extractShort();
        int preference = extractShort();
        rdlength -= 4;
        if (len <= 0 || rdlength <= 0) {
            h.violation(DnsWeirds.NAPTR_TOO_SHORT);
            return false;
        }
        rdRemaining[0] = rdlength;
        cs[0] = charString(rdRemaining);
        cs[1] = charString(rdRemaining);
        cs[2] = charString(rdRemaining);
        int repl = extractName(name1, 0, NAME_BUFFER, false, 0);
        if (cs[0] < 0 || cs[1] < 0 || cs[2] < 0 || repl < 0) {
            h.violation(DnsWeirds.NAPTR_RR_TOO_SHORT);
            return false;
        }
        if (!msg.skipEvent) {
            text.reset().ascii("NAPTR ").decimal(order).ascii(" ").decimal(preference).ascii(" ");
            charStringText(cs[0]).ascii(" ");
            charStringText(cs[1]).ascii(" ");
            int regexpLen = (int) (cs[2] & 0xFFFF);
            charStringText(cs[2]);
            if (repl > 0) {
                if (regexpLen > 0) {
                    text.ascii(" ");
                }
                text.bytes(name1, repl);
            }
            reply(section, text);
        }
        return true;
    }

    private Text charStringText(long s) {
        return text.segment(seg, s >>> 16, (int) (s & 0xFFFF));
    }

    /** OPT (RFC 6891 §6.1): only the options are looked at, for Zeek's weirds; nothing reaches dns.log. */
    private boolean rrEdns(int rdlength) {
        int remaining = rdlength;
        while (remaining >= 4) {
            int code = extractShort();
            int optionLen = extractShort();
            remaining -= 4;
            if (optionLen > remaining) {
                h.weird(DnsWeirds.EDNS_TRUNCATED_OPTION, null);
                return false;
            }
            switch (code) {
                case 8 -> ednsClientSubnet(p, optionLen);
                case 11 -> {
                    // RFC 7828 §3.2.1: no TCP keepalive negotiation over UDP.
                    if ((optionLen == 0 || optionLen == 2) && h.udp()) {
                        h.weird(DnsWeirds.EDNS_TCP_KEEPALIVE_IN_UDP, null);
                    }
                }
                default -> {
                }
            }
            p += optionLen;
            len -= optionLen;
            remaining -= optionLen;
        }
        if (remaining != 0) {
            h.weird(DnsWeirds.EDNS_TRUNCATED_OPTION, null);
            return false;
        }
        return true;
    }

    /** RFC 7871 §6 client subnet: FAMILY(2) SOURCE PREFIX(1) SCOPE PREFIX(1) ADDRESS; checked as Zeek checks it. */
    private void ednsClientSubnet(long at, int optionLen) {
        if (optionLen <= 4) {
            h.weird(DnsWeirds.EDNS_ECS_INVALID_OPTION_LEN, null);
            return;
        }
        int family = Bytes.u16(seg, at);
        int source = Bytes.u8(seg, at + 2);
        int addrBits = (optionLen - 4) * 8;
        if (family == 1) {
            if (source > 32) {
                h.weird(DnsWeirds.EDNS_ECS_INVALID_ADDR_V4_PREFIX, source + " bits");
            } else if (source > addrBits) {
                h.weird(DnsWeirds.EDNS_ECS_INVALID_ADDR_V4, "need " + source + " bits, have " + addrBits + " bits");
            }
        } else if (family == 2) {
            if (source > 128) {
                h.weird(DnsWeirds.EDNS_ECS_INVALID_ADDR_V6_PREFIX, source + " bits");
            } else if (source > addrBits) {
                h.weird(DnsWeirds.EDNS_ECS_INVALID_ADDR_V6, "need " + source + " bits, have " + addrBits + " bits");
            }
        }
    }

    /** TSIG (RFC 8945 §4.2): parsed for its length only; nothing reaches dns.log. */
    private boolean rrTsig() {
        if (extractName(name1, 0, TSIG_NAME_BUFFER, true, 0) < 0) {
            return false;
        }
        extractLong();
        extractShort();
        extractShort();
        extractOctets();
        extractShort();
        extractShort();
        extractOctets();
        return true;
    }

    private boolean rrRrsig(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 18) {
            return false;
        }
        int typeCovered = extractShort();
        int algorithm = extractShort() >> 8;
        p += 14;
        len -= 14;
        long start = p;
        int signer = extractName(name1, 0, NAME_BUFFER, true, 0);
        if (signer < 0) {
            return false;
        }
        extractStream(rdlength - ((int) (p - start) + 18));
        algorithmWeird(DnsWeirds.RRSIG_PREFIX, algorithm);
        text.reset().ascii("RRSIG ").decimal(typeCovered).ascii(" ");
        if (signer == 0) {
            text.ascii("<Root>");
        } else {
            text.bytes(name1, signer);
        }
        reply(section, text);
        return true;
    }

    private void algorithmWeird(String prefix, int algorithm) {
        String w = switch (algorithm) {
            case 1 -> DnsWeirds.NOT_RECOMMENDED_ZONE_SIGN_ALGO;
            case 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16 -> null;
            case 252 -> DnsWeirds.INDIRECT_ZONE_SIGN_ALGO;
            case 253 -> DnsWeirds.PRIVATE_DNS_ZONE_SIGN_ALGO;
            case 254 -> DnsWeirds.PRIVATE_OID_ZONE_SIGN_ALGO;
            default -> DnsWeirds.UNKNOWN_ZONE_SIGN_ALGO;
        };
        if (w != null) {
            h.weird(prefix + w, Integer.toString(algorithm));
        }
    }

    private boolean rrDnskey(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 4) {
            return false;
        }
        int flags = extractShort();
        int protoAlgo = extractShort();
        int protocol = protoAlgo >> 8;
        int algorithm = protoAlgo & 0xFF;
        extractStream(rdlength - 4);
        // RFC 4034 §2.1.1: only bits 7 (zone key), 8 (revoked, RFC 5011) and 15 (SEP) are defined.
        if ((flags & 0xFE7E) != 0) {
            h.weird(DnsWeirds.DNSKEY_INVALID_FLAG, Integer.toString(flags));
        }
        if ((flags & 0x0181) == 0x0181) {
            h.weird(DnsWeirds.DNSKEY_REVOKED_KSK, Integer.toString(flags));
        }
        if (protocol != 3) {
            h.weird(DnsWeirds.DNSKEY_INVALID_PROTOCOL, Integer.toString(protocol));
        }
        algorithmWeird(DnsWeirds.DNSKEY_PREFIX, algorithm);
        reply(section, text.reset().ascii("DNSKEY ").decimal(algorithm));
        return true;
    }

    private boolean rrNsec(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        long start = p;
        int next = extractName(name1, 0, NAME_BUFFER, true, 0);
        if (next < 0) {
            return false;
        }
        bitmaps(rdlength - (int) (p - start), DnsWeirds.NSEC_BITMAP_LEN0);
        reply(section, text.reset().ascii("NSEC ").bytes(owner, ownerLen).ascii(" ").bytes(name1, next));
        return true;
    }

    /** Type bitmaps (RFC 4034 §4.1.2): window, length, bitmap; skipped block by block as Zeek reads them. */
    private void bitmaps(int remaining, String weird) {
        while (remaining > 0 && len > 0) {
            int blockLen = extractShort();
            int window = blockLen >> 8;
            int bmlen = blockLen & 0xFF;
            if (bmlen == 0) {
                h.weird(weird, Integer.toString(window));
                break;
            }
            extractStream(bmlen);
            remaining -= 2 + bmlen;
        }
    }

    private boolean rrNsec3(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 6) {
            return false;
        }
        long start = p;
        extractShort();
        extractShort();
        int saltLen = len > 0 ? extractByte() : 0;
        extractStream(saltLen);
        int hashLen = len > 0 ? extractByte() : 0;
        extractStream(hashLen);
        bitmaps(rdlength - (int) (p - start), DnsWeirds.NSEC3_BITMAP_LEN0);
        reply(section, text.reset().ascii("NSEC3"));
        return true;
    }

    private boolean rrNsec3Param(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 5) {
            return false;
        }
        extractShort();
        extractShort();
        int saltLen = len > 0 ? extractByte() : 0;
        extractStream(saltLen);
        reply(section, text.reset().ascii("NSEC3PARAM"));
        return true;
    }

    private boolean rrDs(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 4) {
            return false;
        }
        extractShort();
        int algoType = extractShort();
        int algorithm = algoType >> 8;
        int digestType = algoType & 0xFF;
        extractStream(rdlength - 4);
        if (digestType == 0) {
            h.weird(DnsWeirds.DS_RESERVED_DIGEST_TYPE, Integer.toString(digestType));
        } else if (digestType > 4) {
            h.weird(DnsWeirds.DS_UNKNOWN_DIGEST_TYPE, Integer.toString(digestType));
        }
        reply(section, text.reset().ascii("DS ").decimal(algorithm).ascii(" ").decimal(digestType));
        return true;
    }

    /** BIND9's private signing-state record (type 65534): Zeek reads its first 5 bytes only. */
    private boolean rrBinds(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 5) {
            return false;
        }
        extractLong();
        extractByte();
        reply(section, text.reset().ascii("BIND9 signing signal"));
        return true;
    }

    private boolean rrSshfp(int section, int rdlength) {
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        if (len < 2) {
            return false;
        }
        extractShort();
        int n = streamLength(rdlength - 2);
        long at = extractStream(rdlength - 2);
        text.reset().ascii("SSHFP: ");
        for (int i = 0; i < n; i++) {
            text.hex(Bytes.u8(seg, at + i));
        }
        reply(section, text);
        return true;
    }

    /** LOC (RFC 1876 §2): exactly 16 bytes. */
    private boolean rrLoc(int section, int rdlength) {
        if (rdlength != 16) {
            h.weird(DnsWeirds.INVALID_LOC_LENGTH, null);
            return false;
        }
        if (msg.skipEvent) {
            return skip(rdlength);
        }
        int version = Bytes.u8(seg, p);
        int size = Bytes.u8(seg, p + 1);
        int horiz = Bytes.u8(seg, p + 2);
        int vert = Bytes.u8(seg, p + 3);
        skip(16);
        if (version != 0) {
            h.weird(DnsWeirds.LOC_VERSION_UNRECOGNIZED, Integer.toString(version));
        }
        reply(section, text.reset().ascii("LOC:  ").decimal(size).ascii(" ").decimal(horiz).ascii(" ").decimal(vert));
        return true;
    }

    /** SVCB/HTTPS (RFC 9460 §2.2): parsed for Zeek's weirds and consumption; nothing reaches dns.log. */
    private boolean rrSvcb(int rdlength) {
        long start = p;
        if (rdlength < 3) {
            h.weird(DnsWeirds.SVCB_WRONG_LENGTH, null);
            return false;
        }
        int priority = extractShort();
        if (extractName(name1, 0, NAME_BUFFER, false, 0) < 0) {
            return false;
        }
        int paramsLen = rdlength - (int) (p - start);
        if (paramsLen > 0) {
            if (priority == 0) {
                h.weird(DnsWeirds.SVCB_ALIASMODE_WITH_PARAMS, null);
            }
            svcParams(paramsLen);
        }
        return true;
    }

    /** RFC 9460 §2.2 SvcParams: key(2) length(2) value; every value is consumed whole, valid or not. */
    private void svcParams(int remaining) {
        while (remaining >= 4) {
            int key = extractShort();
            int valueLen = extractShort();
            remaining -= 4;
            if (valueLen > remaining) {
                h.weird(DnsWeirds.SVCB_PARAM_VALUE_TOOBIG, valueLen + " capped to " + remaining);
                valueLen = remaining;
            } else {
                String w = switch (key) {
                    case 0 -> valueLen == 0 || valueLen % 2 != 0 ? DnsWeirds.SVCB_MANDATORY_LENGTH_INVALID : null;
                    case 1 -> alpnValid(valueLen) ? null : DnsWeirds.SVCB_ALPN_LENGTH_INVALID;
                    case 2 -> valueLen > 0 ? DnsWeirds.SVCB_NODEFAULTALPN_VALUE : null;
                    case 3 -> valueLen != 2 ? DnsWeirds.SVCB_PORT_LENGTH_INVALID : null;
                    case 4 -> valueLen % 4 != 0 ? DnsWeirds.SVCB_HINT_LENGTH_INVALID : null;
                    case 6 -> valueLen % 16 != 0 ? DnsWeirds.SVCB_HINT_LENGTH_INVALID : null;
                    case 5 -> null;
                    default -> DnsWeirds.SVCB_KEY_RESERVED_OR_INVALID;
                };
                if (w != null) {
                    h.weird(w, null);
                }
            }
            extractStream(valueLen);
            remaining -= valueLen;
        }
    }

    /** An ALPN list (RFC 9460 §7.1.1): non-empty length-prefixed ids filling the value exactly. */
    private boolean alpnValid(int valueLen) {
        int parsed = 0;
        while (parsed + 2 <= valueLen) {
            int n = parsed < len ? Bytes.u8(seg, p + parsed) : 0;
            parsed++;
            if (n == 0 || n + parsed > valueLen) {
                return false;
            }
            parsed += n;
        }
        return parsed == valueLen;
    }

    // ------------------------------------------------------------------------------------------ text

    /** A reusable byte builder for the rendering of one RR (main.zeek's reply strings). */
    static final class Text implements Addr.CharSink {
        byte[] b = new byte[256];
        int n;

        Text reset() {
            n = 0;
            return this;
        }

        private void room(int more) {
            if (n + more > b.length) {
                b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        @Override
        public void put(char c) {
            room(1);
            b[n++] = (byte) c;
        }

        Text ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                b[n++] = (byte) s.charAt(i);
            }
            return this;
        }

        Text bytes(byte[] src, int count) {
            room(count);
            System.arraycopy(src, 0, b, n, count);
            n += count;
            return this;
        }

        Text segment(MemorySegment s, long at, int count) {
            room(count);
            MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, at, b, n, count);
            n += count;
            return this;
        }

        Text decimal(long v) {
            if (v < 0) {
                put('-');
                v = -v;
            }
            if (v >= 10) {
                decimal(v / 10);
            }
            put((char) ('0' + v % 10));
            return this;
        }

        Text hex(int octet) {
            put(Character.forDigit(octet >> 4, 16));
            put(Character.forDigit(octet & 0xF, 16));
            return this;
        }

        Text addr(long hi, long lo) {
            Addr.format(this, hi, lo);
            return this;
        }
    }
}
