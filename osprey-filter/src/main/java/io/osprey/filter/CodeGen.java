package io.osprey.filter;

import static io.osprey.filter.Bpf.ABS;
import static io.osprey.filter.Bpf.ADD;
import static io.osprey.filter.Bpf.ALU;
import static io.osprey.filter.Bpf.AND;
import static io.osprey.filter.Bpf.B;
import static io.osprey.filter.Bpf.H;
import static io.osprey.filter.Bpf.IMM;
import static io.osprey.filter.Bpf.IND;
import static io.osprey.filter.Bpf.JA;
import static io.osprey.filter.Bpf.JEQ;
import static io.osprey.filter.Bpf.JGE;
import static io.osprey.filter.Bpf.JGT;
import static io.osprey.filter.Bpf.JMP;
import static io.osprey.filter.Bpf.JSET;
import static io.osprey.filter.Bpf.K;
import static io.osprey.filter.Bpf.LD;
import static io.osprey.filter.Bpf.LDX;
import static io.osprey.filter.Bpf.LEN;
import static io.osprey.filter.Bpf.LSH;
import static io.osprey.filter.Bpf.MEM;
import static io.osprey.filter.Bpf.MISC;
import static io.osprey.filter.Bpf.MSH;
import static io.osprey.filter.Bpf.MUL;
import static io.osprey.filter.Bpf.OR;
import static io.osprey.filter.Bpf.ST;
import static io.osprey.filter.Bpf.STX;
import static io.osprey.filter.Bpf.TAX;
import static io.osprey.filter.Bpf.TXA;
import static io.osprey.filter.Bpf.W;
import static io.osprey.filter.Bpf.X;

import io.osprey.filter.Ir.Block;
import io.osprey.filter.Ir.Cond;
import io.osprey.filter.Ir.Stmt;
import io.osprey.filter.Q.Qual;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the primitives of the filter language into intermediate code, with libpcap's semantics (gencode.c): which
 * link types support which primitive, where each header is found for each link type, how {@code vlan},
 * {@code mpls}, {@code pppoes}, {@code geneve} and {@code vxlan} shift the offsets of everything that follows them,
 * that {@code port 80} means TCP, UDP or SCTP over IPv4 (first fragment) or IPv6, and the messages for what is not
 * supported. The {@link Parser} calls one method per grammar rule, left to right, as libpcap's yacc actions run;
 * errors are thrown as {@link CompileError}.
 *
 * <p>All offsets are unsigned 32-bit values held in ints; like libpcap's u_int arithmetic they wrap.
 */
final class CodeGen {
    static final int OFFSET_NOT_SET = -1;
    static final int PROTO_UNDEF = -1;
    static final int NETMASK_UNKNOWN = -1;
    private static final int ETHERMTU = 1500;

    // EtherTypes
    static final int ETHERTYPE_IP = 0x0800, ETHERTYPE_ARP = 0x0806, ETHERTYPE_NS = 0x0600,
            ETHERTYPE_MOPDL = 0x6001, ETHERTYPE_MOPRC = 0x6002, ETHERTYPE_DN = 0x6003, ETHERTYPE_LAT = 0x6004,
            ETHERTYPE_SCA = 0x6007, ETHERTYPE_TEB = 0x6558, ETHERTYPE_REVARP = 0x8035, ETHERTYPE_ATALK = 0x809b,
            ETHERTYPE_AARP = 0x80f3, ETHERTYPE_8021Q = 0x8100, ETHERTYPE_IPX = 0x8137, ETHERTYPE_IPV6 = 0x86dd,
            ETHERTYPE_SLOW = 0x8809, ETHERTYPE_MPLS = 0x8847, ETHERTYPE_PPPOED = 0x8863, ETHERTYPE_PPPOES = 0x8864,
            ETHERTYPE_8021AD = 0x88a8, ETHERTYPE_LLDP = 0x88cc, ETHERTYPE_LOOPBACK = 0x9000,
            ETHERTYPE_8021QINQ = 0x9100;
    // 802.2 SAPs
    static final int LLCSAP_IP = 0x06, LLCSAP_8021D = 0x42, LLCSAP_SNAP = 0xaa, LLCSAP_IPX = 0xe0,
            LLCSAP_NETBEUI = 0xf0, LLCSAP_ISONS = 0xfe;
    // PPP protocols (RFC 1661 and assignments)
    private static final int PPP_IP = 0x0021, PPP_OSI = 0x0023, PPP_NS = 0x0025, PPP_DECNET = 0x0027,
            PPP_APPLE = 0x0029, PPP_IPX = 0x002b, PPP_VJC = 0x002d, PPP_VJNC = 0x002f, PPP_BRPDU = 0x0031,
            PPP_IPV6 = 0x0057, PPP_MPLS_UCAST = 0x0281;
    // IP protocols
    static final int IPPROTO_HOPOPTS = 0, IPPROTO_ICMP = 1, IPPROTO_IGMP = 2, IPPROTO_TCP = 6, IPPROTO_IGRP = 9,
            IPPROTO_UDP = 17, IPPROTO_ROUTING = 43, IPPROTO_FRAGMENT = 44, IPPROTO_ESP = 50, IPPROTO_AH = 51,
            IPPROTO_ICMPV6 = 58, IPPROTO_NONE = 59, IPPROTO_DSTOPTS = 60, IPPROTO_PIM = 103, IPPROTO_VRRP = 112,
            IPPROTO_CARP = 112, IPPROTO_SCTP = 132;
    // ISO network layer protocol identifiers (ISO/IEC TR 9577)
    private static final int ISO8473_CLNP = 0x81, ISO9542_ESIS = 0x82, ISO10589_ISIS = 0x83, ISO9577_IPV6 = 0x8e,
            ISO9577_IPV4 = 0xcc;
    private static final int ISIS_L1_LAN_IIH = 15, ISIS_L2_LAN_IIH = 16, ISIS_PTP_IIH = 17, ISIS_L1_LSP = 18,
            ISIS_L2_LSP = 20, ISIS_L1_CSNP = 24, ISIS_L2_CSNP = 25, ISIS_L1_PSNP = 26, ISIS_L2_PSNP = 27;
    // ARCnet system codes (RFC 1201)
    private static final int ARCTYPE_IP = 212, ARCTYPE_ARP = 213, ARCTYPE_REVARP = 214, ARCTYPE_ATALK = 221,
            ARCTYPE_INET6 = 0xc4;
    // 802.11 frame control (IEEE 802.11-2020 9.2.4.1)
    static final int FC0_TYPE_MASK = 0x0c, FC0_TYPE_MGT = 0x00, FC0_TYPE_CTL = 0x04, FC0_TYPE_DATA = 0x08,
            FC0_SUBTYPE_MASK = 0xf0, FC0_SUBTYPE_QOS = 0x80, FC0_SUBTYPE_CTS = 0xc0, FC0_SUBTYPE_ACK = 0xd0,
            FC1_DIR_MASK = 0x03, FC1_DIR_TODS = 0x01, FC1_DIR_FROMDS = 0x02, FC1_DIR_DSTODS = 0x03;
    // Linux cooked capture
    private static final int LINUX_SLL_P_802_3 = 0x0001, LINUX_SLL_P_802_2 = 0x0004, LINUX_SLL_OUTGOING = 4;
    // Address families for DLT_NULL, DLT_LOOP, DLT_ENC and DLT_PFLOG
    private static final int BSD_AFNUM_INET = 2, BSD_AFNUM_INET6_BSD = 24, BSD_AFNUM_INET6_FREEBSD = 28,
            BSD_AFNUM_INET6_DARWIN = 30, LINUX_AF_INET = 2, LINUX_AF_INET6 = 10;
    // Solaris ipnet
    private static final int IPH_AF_INET = 2, IPH_AF_INET6 = 26, IPNET_OUTBOUND = 1, IPNET_INBOUND = 2;
    // pflog header (OpenBSD if_pflog.h) offsets and directions
    private static final int PFLOG_AF = 1, PFLOG_ACTION = 2, PFLOG_REASON = 3, PFLOG_IFNAME = 4,
            PFLOG_RULESET = 20, PFLOG_RULENR = 36, PFLOG_SUBRULENR = 40, PFLOG_DIR = 60, PF_IN = 1, PF_OUT = 2;
    // SunATM pseudo-header and Q.2931 signalling
    private static final int SUNATM_VPI_POS = 1, SUNATM_VCI_POS = 2, SUNATM_PKT_BEGIN_POS = 4, PROTO_POS = 0,
            MSG_TYPE_POS = 5, PT_LANE = 0x01, PT_LLC = 0x02;
    private static final int CALL_PROCEED = 0x02, CONNECT = 0x07, CONNECT_ACK = 0x0f, SETUP = 0x05,
            RELEASE = 0x4d, RELEASE_DONE = 0x5a;
    // Linux BPF extensions (linux/filter.h)
    private static final int SKF_AD_OFF = -0x1000, SKF_AD_PKTTYPE = 4, SKF_AD_IFINDEX = 8, SKF_AD_VLAN_TAG = 44,
            SKF_AD_VLAN_TAG_PRESENT = 48, PACKET_OUTGOING = 4;
    private static final int PPP_PPPD_IN = 0, PPP_PPPD_OUT = 1;

    private static final int IPV6_PROTO_OFFSET = 6, IPV6_SRCADDR_OFFSET = 8, IPV6_DSTADDR_OFFSET = 24,
            IPV4_PROTO_OFFSET = 9, IPV4_SRCADDR_OFFSET = 12, IPV4_DSTADDR_OFFSET = 16, ARP_SRCADDR_OFFSET = 14,
            ARP_DSTADDR_OFFSET = 24, IP6_HDRLEN = 40, MPLS_STACKENTRY_LEN = 4, MPLS_LABEL_MAX = 0xfffff,
            MPLS_LABEL_SHIFT = 12, GENEVE_PORT = 6081, VXLAN_PORT = 4789;

    /** Which header an offset is relative to (libpcap enum e_offrel). */
    enum Rel { PACKET, LINKHDR, PREVLINKHDR, LLC, PREVMPLSHDR, LINKTYPE, LINKPL, LINKPL_NOSNAP, TRAN_IPV4, TRAN_IPV6 }

    /**
     * An offset from the start of the packet: a constant, plus, when {@code variable}, a run-time value kept in
     * scratch register {@code reg} (allocated on first use).
     */
    static final class AbsOffset {
        boolean variable;
        int constant;
        int reg = -1;

        AbsOffset copy() {
            AbsOffset o = new AbsOffset();
            o.variable = variable;
            o.constant = constant;
            o.reg = reg;
            return o;
        }
    }

    /** An arithmetic value under construction: code leaving it in scratch register {@code reg}, and guards. */
    static final class Arth {
        Cond guard;
        Stmt s;
        int reg;
    }

    /** Compile-time settings (see {@link FilterCompiler.Options}). */
    record Settings(int snaplen, int netmask, boolean offline, boolean swapped, boolean linuxExtensions,
                    FilterNames names) {
    }

    private final Settings cfg;
    final int outermostLinktype;
    int linktype;
    int prevLinktype;
    AbsOffset offLinkhdr = new AbsOffset();
    AbsOffset offPrevLinkhdr = new AbsOffset();
    AbsOffset offOutermostLinkhdr = new AbsOffset();
    AbsOffset offLinkpl = new AbsOffset();
    AbsOffset offLinktype = new AbsOffset();
    boolean isAtm;
    boolean isEncap;
    boolean isVlanVloffset;
    int offVpi = OFFSET_NOT_SET, offVci = OFFSET_NOT_SET, offProto = OFFSET_NOT_SET, offPayload = OFFSET_NOT_SET;
    int offLi = OFFSET_NOT_SET, offLiHsl = OFFSET_NOT_SET, offSio = OFFSET_NOT_SET, offOpc = OFFSET_NOT_SET,
            offDpc = OFFSET_NOT_SET, offSls = OFFSET_NOT_SET;
    int offNl;
    int offNlNosnap;
    int labelStackDepth;
    int vlanStackDepth;
    /** Set by generators that branch inside statement lists or loop: libpcap's optimizer cannot handle those. */
    boolean noOptimize;
    private final boolean[] regUsed = new boolean[Bpf.MEMWORDS];
    private int curReg;

    CodeGen(int dlt, Settings cfg) {
        this.cfg = cfg;
        this.outermostLinktype = dlt;
        this.linktype = dlt;
        this.prevLinktype = dlt;
        initLinktype();
        offOutermostLinkhdr = offLinkhdr.copy();
        offPrevLinkhdr = offLinkhdr.copy();
    }

    private static CompileError error(String msg) {
        return new CompileError(msg);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Link-layer geometry
    // ---------------------------------------------------------------------------------------------------------

    private void initLinktype() {
        int lt = linktype;
        switch (lt) {
            case Dlt.ARCNET -> geometry(2, 6, 0, 0);
            case Dlt.ARCNET_LINUX -> geometry(4, 8, 0, 0);
            case Dlt.EN10MB -> geometry(12, 14, 0, 3);
            case Dlt.SLIP -> geometry(OFFSET_NOT_SET, 16, 0, 0);
            case Dlt.SLIP_BSDOS -> geometry(OFFSET_NOT_SET, 24, 0, 0);
            case Dlt.NULL, Dlt.LOOP -> geometry(0, 4, 0, 0);
            case Dlt.ENC -> geometry(0, 12, 0, 0);
            case Dlt.PPP, Dlt.PPP_PPPD, Dlt.C_HDLC, Dlt.HDLC, Dlt.PPP_SERIAL -> geometry(2, 4, 0, 0);
            case Dlt.PPP_ETHER -> geometry(6, 8, 0, 0);
            case Dlt.PPP_BSDOS -> geometry(5, 24, 0, 0);
            case Dlt.FDDI -> geometry(13, 13, 8, 3);
            case Dlt.IEEE802 -> geometry(14, 14, 8, 3);
            case Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO, Dlt.IEEE802_11, Dlt.PPI -> {
                // The 802.11 header is variable-length; radio headers before it too.
                if (lt != Dlt.IEEE802_11) {
                    offLinkhdr.variable = true;
                }
                geometry(24, 0, 8, 3);
                offLinkpl.variable = true;
            }
            case Dlt.ATM_RFC1483, Dlt.ATM_CLIP -> geometry(0, 0, 8, 3);
            case Dlt.SUNATM -> {
                isAtm = true;
                offVpi = SUNATM_VPI_POS;
                offVci = SUNATM_VCI_POS;
                offProto = PROTO_POS;
                offPayload = SUNATM_PKT_BEGIN_POS;
                geometry(offPayload, offPayload, 8, 3);
            }
            case Dlt.RAW, Dlt.IPV4, Dlt.IPV6 -> geometry(OFFSET_NOT_SET, 0, 0, 0);
            case Dlt.LINUX_SLL -> geometry(14, 16, 0, 0);
            case Dlt.LINUX_SLL2 -> geometry(0, 20, 0, 0);
            case Dlt.LTALK -> geometry(OFFSET_NOT_SET, 0, 0, 0);
            case Dlt.IP_OVER_FC -> geometry(16, 16, 8, 3);
            case Dlt.FRELAY -> geometry(OFFSET_NOT_SET, 0, 0, 0);
            case Dlt.MFR -> geometry(OFFSET_NOT_SET, 0, 4, 0);
            case Dlt.APPLE_IP_OVER_IEEE1394 -> geometry(16, 18, 0, 0);
            case Dlt.SYMANTEC_FIREWALL -> geometry(6, 44, 0, 0);
            case Dlt.PFLOG -> {
                geometry(0, 0, 0, 0);
                offLinkpl.variable = true;
            }
            case Dlt.JUNIPER_MFR, Dlt.JUNIPER_MLFR, Dlt.JUNIPER_MLPPP, Dlt.JUNIPER_PPP, Dlt.JUNIPER_CHDLC,
                 Dlt.JUNIPER_FRELAY -> geometry(4, 4, 0, OFFSET_NOT_SET);
            case Dlt.JUNIPER_ATM1 -> geometry(4, 4, 0, 10);
            case Dlt.JUNIPER_ATM2 -> geometry(8, 8, 0, 10);
            case Dlt.JUNIPER_PPPOE, Dlt.JUNIPER_ETHER -> geometry(16, 14, 18, 21);
            case Dlt.JUNIPER_PPPOE_ATM -> geometry(4, 6, 0, OFFSET_NOT_SET);
            case Dlt.JUNIPER_GGSN -> geometry(6, 12, 0, OFFSET_NOT_SET);
            case Dlt.JUNIPER_ES -> geometry(6, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
            case Dlt.JUNIPER_MONITOR -> geometry(12, 12, 0, OFFSET_NOT_SET);
            case Dlt.JUNIPER_SERVICES -> geometry(12, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
            case Dlt.JUNIPER_VP, Dlt.JUNIPER_ST -> geometry(18, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
            case Dlt.JUNIPER_ISM, Dlt.JUNIPER_VS, Dlt.JUNIPER_SRX_E2E, Dlt.JUNIPER_FIBRECHANNEL,
                 Dlt.JUNIPER_ATM_CEMIC -> geometry(8, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
            case Dlt.MTP2 -> ss7(2, 4, 3, 4, 4, 7);
            case Dlt.MTP2_WITH_PHDR -> ss7(6, 8, 7, 8, 8, 11);
            case Dlt.ERF -> ss7(22, 24, 23, 24, 24, 27);
            case Dlt.PFSYNC -> geometry(OFFSET_NOT_SET, 4, 0, 0);
            case Dlt.IPNET -> geometry(1, 24, 0, OFFSET_NOT_SET);
            case Dlt.NETANALYZER -> {
                offLinkhdr.constant = 4;
                geometry(4 + 12, 4 + 14, 0, 3);
            }
            case Dlt.NETANALYZER_TRANSPARENT -> {
                offLinkhdr.constant = 12;
                geometry(12 + 12, 12 + 14, 0, 3);
            }
            case Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA -> geometry(6 + 6 + 4, 6 + 6 + 4 + 2, 0, 3);
            case Dlt.EN3MB, Dlt.AX25, Dlt.PRONET, Dlt.CHAOS, Dlt.REDBACK_SMARTEDGE, Dlt.HHDLC, Dlt.AX25_KISS,
                 Dlt.BACNET_MS_TP -> geometry(OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
            default -> {
                // The range of link types whose DLT_ and LINKTYPE_ values agree: only raw link[N:M] loads.
                if (lt >= Dlt.HIGH_MATCHING_MIN && lt <= Dlt.HIGH_MATCHING_MAX) {
                    geometry(OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
                } else {
                    throw error("unknown data link type " + lt);
                }
            }
        }
    }

    private void geometry(int linktypeOff, int linkplOff, int nl, int nlNosnap) {
        offLinktype.constant = linktypeOff;
        offLinkpl.constant = linkplOff;
        offNl = nl;
        offNlNosnap = nlNosnap;
    }

    private void ss7(int li, int liHsl, int sio, int opc, int dpc, int sls) {
        offLi = li;
        offLiHsl = liHsl;
        offSio = sio;
        offOpc = opc;
        offDpc = dpc;
        offSls = sls;
        geometry(OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET, OFFSET_NOT_SET);
    }

    /** Makes {@code newLinktype} the current link layer, remembering the previous one (libpcap PUSH_LINKHDR). */
    private void pushLinkhdr(int newLinktype, boolean variable, int constant, int reg) {
        prevLinktype = linktype;
        offPrevLinkhdr = offLinkhdr.copy();
        linktype = newLinktype;
        offLinkhdr = new AbsOffset();
        offLinkhdr.variable = variable;
        offLinkhdr.constant = constant;
        offLinkhdr.reg = reg;
        isEncap = false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Statements, loads, comparisons
    // ---------------------------------------------------------------------------------------------------------

    static Stmt stmt(int code, int k) {
        return new Stmt(code, k);
    }

    static Stmt stmt(int code) {
        return new Stmt(code, 0);
    }

    private int allocReg() {
        for (int n = Bpf.MEMWORDS; n > 0; n--) {
            if (regUsed[curReg]) {
                curReg = (curReg + 1) % Bpf.MEMWORDS;
            } else {
                regUsed[curReg] = true;
                return curReg;
            }
        }
        throw error("too many registers needed to evaluate expression");
    }

    private void freeReg(int n) {
        regUsed[n] = false;
    }

    /** Loads the register holding the variable part of {@code off} into X, or null when there is none. */
    private Stmt varpart(AbsOffset off) {
        if (!off.variable) {
            return null;
        }
        if (off.reg == -1) {
            off.reg = allocReg();
        }
        return stmt(LDX | MEM, off.reg);
    }

    /** A load of {@code size} at constant {@code offset}, indexed by X when {@code s} loads X first. */
    private static Stmt loadRel(Stmt s, int offset, int size) {
        if (s != null) {
            return Stmt.append(s, stmt(LD | IND | size, offset));
        }
        return stmt(LD | ABS | size, offset);
    }

    /** Loads the field at {@code offset} from the start of header {@code rel} into A. */
    Stmt loadA(Rel rel, int offset, int size) {
        Stmt s = null;
        switch (rel) {
            case PACKET -> {
            }
            case LINKHDR -> {
                s = varpart(offLinkhdr);
                offset += offLinkhdr.constant;
            }
            case PREVLINKHDR -> {
                s = varpart(offPrevLinkhdr);
                offset += offPrevLinkhdr.constant;
            }
            case LLC -> {
                s = varpart(offLinkpl);
                offset += offLinkpl.constant;
            }
            case PREVMPLSHDR -> {
                s = varpart(offLinkpl);
                offset += offLinkpl.constant + offNl - MPLS_STACKENTRY_LEN;
            }
            case LINKPL -> {
                s = varpart(offLinkpl);
                offset += offLinkpl.constant + offNl;
            }
            case LINKPL_NOSNAP -> {
                s = varpart(offLinkpl);
                offset += offLinkpl.constant + offNlNosnap;
            }
            case LINKTYPE -> {
                s = varpart(offLinktype);
                offset += offLinktype.constant;
            }
            case TRAN_IPV4 -> {
                s = loadxIpHdrLen();
                offset += offLinkpl.constant + offNl;
            }
            case TRAN_IPV6 -> {
                s = varpart(offLinkpl);
                offset += offLinkpl.constant + offNl + IP6_HDRLEN;
            }
        }
        return loadRel(s, offset, size);
    }

    /** X = length of the IPv4 header (+ the variable part of the payload offset, if any). */
    private Stmt loadxIpHdrLen() {
        Stmt s = varpart(offLinkpl);
        if (s != null) {
            int k = offLinkpl.constant + offNl;
            return Stmt.append(s, Stmt.list(stmt(LD | IND | B, k), stmt(ALU | AND | K, 0xf),
                    stmt(ALU | LSH | K, 2), stmt(ALU | ADD | X), stmt(MISC | TAX)));
        }
        return stmt(LDX | MSH | B, offLinkpl.constant + offNl);
    }

    static Cond jmpK(int jtype, int v, Stmt stmts) {
        return Cond.jump(JMP | jtype | K, v, stmts);
    }

    static Cond jmpX(int jtype, Stmt stmts) {
        return Cond.jump(JMP | jtype | X, 0, stmts);
    }

    static Cond set(int v, Stmt s) {
        return jmpK(JSET, v, s);
    }

    static Cond unset(int v, Stmt s) {
        return Ir.not(set(v, s));
    }

    /** A constant condition, still code (ld #x; jeq #0) so that it can receive statements later. */
    static Cond uncond(boolean value) {
        Cond c = jmpK(JEQ, 0, stmt(LD | IMM, value ? 0 : 1));
        c.meaning = value ? Ir.TRUE : Ir.FALSE;
        return c;
    }

    static Cond gtrue() {
        return uncond(true);
    }

    static Cond gfalse() {
        return uncond(false);
    }

    private Cond ncmp(Rel rel, int offset, int size, int mask, int jtype, boolean reverse, int v) {
        Stmt s = loadA(rel, offset, size);
        if (mask != 0xffffffff) {
            Stmt.append(s, stmt(ALU | AND | K, mask));
        }
        Cond b = jmpK(jtype, v, s);
        return reverse ? Ir.not(b) : b;
    }

    Cond cmp(Rel rel, int off, int size, int v) {
        return ncmp(rel, off, size, 0xffffffff, JEQ, false, v);
    }

    private Cond cmpGt(Rel rel, int off, int size, int v) {
        return ncmp(rel, off, size, 0xffffffff, JGT, false, v);
    }

    private Cond cmpGe(Rel rel, int off, int size, int v) {
        return ncmp(rel, off, size, 0xffffffff, JGE, false, v);
    }

    private Cond cmpLt(Rel rel, int off, int size, int v) {
        return ncmp(rel, off, size, 0xffffffff, JGE, true, v);
    }

    private Cond cmpLe(Rel rel, int off, int size, int v) {
        return ncmp(rel, off, size, 0xffffffff, JGT, true, v);
    }

    private Cond cmpNe(Rel rel, int off, int size, int v) {
        return ncmp(rel, off, size, 0xffffffff, JEQ, true, v);
    }

    private Cond mcmp(Rel rel, int off, int size, int v, int mask) {
        if (mask == 0) {
            // A & 0 == v holds exactly when v is 0; no code needed.
            return v != 0 ? gfalse() : gtrue();
        }
        return ncmp(rel, off, size, mask, JEQ, false, v);
    }

    private Cond mcmpNe(Rel rel, int off, int size, int v, int mask) {
        return ncmp(rel, off, size, mask, JEQ, true, v);
    }

    /** Compares {@code size} bytes at {@code offset} with {@code v}: words from the end, then a half, a byte. */
    private Cond bcmp(Rel rel, int offset, int size, byte[] v) {
        Cond b = null;
        while (size >= 4) {
            int p = size - 4;
            int w = ((v[p] & 0xff) << 24) | ((v[p + 1] & 0xff) << 16) | ((v[p + 2] & 0xff) << 8) | (v[p + 3] & 0xff);
            Cond t = cmp(rel, offset + size - 4, W, w);
            b = b == null ? t : Ir.and(b, t);
            size -= 4;
        }
        while (size >= 2) {
            int p = size - 2;
            int h = ((v[p] & 0xff) << 8) | (v[p + 1] & 0xff);
            Cond t = cmp(rel, offset + size - 2, H, h);
            b = b == null ? t : Ir.and(b, t);
            size -= 2;
        }
        if (size > 0) {
            Cond t = cmp(rel, offset, B, v[0] & 0xff);
            b = b == null ? t : Ir.and(b, t);
        }
        return b;
    }

    private static void maxval(String name, long val, long max) {
        if (Integer.toUnsignedLong((int) val) > max) {
            throw error(name + " " + Integer.toUnsignedString((int) val) + " greater than maximum " + max);
        }
    }

    private String dltString() {
        return Dlt.describe(linktype);
    }

    private CompileError kwNotOnDlt(String kw) {
        return error("'" + kw + "' not supported on " + dltString());
    }

    private void assertPflog(String kw) {
        if (linktype != Dlt.PFLOG) {
            throw error("'" + kw + "' supported only on PFLOG linktype");
        }
    }

    private void assertAtm(String kw) {
        if (linktype != Dlt.SUNATM || !isAtm || offVpi == OFFSET_NOT_SET || offVci == OFFSET_NOT_SET
                || offProto == OFFSET_NOT_SET || offPayload == OFFSET_NOT_SET) {
            throw error("'" + kw + "' supported only on SUNATM");
        }
    }

    private void assertSs7(String kw) {
        switch (linktype) {
            case Dlt.MTP2, Dlt.ERF, Dlt.MTP2_WITH_PHDR -> {
                if (offSio != OFFSET_NOT_SET && offOpc != OFFSET_NOT_SET && offDpc != OFFSET_NOT_SET
                        && offSls != OFFSET_NOT_SET) {
                    return;
                }
            }
            default -> {
            }
        }
        throw error("'" + kw + "' supported only on SS7");
    }

    private static void assertNonWlanDir(int dir) {
        switch (dir) {
            case Q.SRC, Q.DST, Q.AND, Q.DEFAULT, Q.OR -> {
            }
            default -> throw error("'" + Q.dirKw(dir) + "' is valid for 802.11 syntax only");
        }
    }

    private static CompileError invalidQual(String what, String context) {
        return error("'" + what + "' is not a valid qualifier for '" + context + "'");
    }

    private static int portProtoToIpProto(int proto, String kw) {
        return switch (proto) {
            case Q.UDP -> IPPROTO_UDP;
            case Q.TCP -> IPPROTO_TCP;
            case Q.SCTP -> IPPROTO_SCTP;
            case Q.DEFAULT -> PROTO_UNDEF;
            default -> throw invalidQual(Q.protoKw(proto), kw);
        };
    }

    private static int protoToIpProto(int q) {
        return switch (q) {
            case Q.AH -> IPPROTO_AH;
            case Q.CARP -> IPPROTO_CARP;
            case Q.ESP -> IPPROTO_ESP;
            case Q.ICMP -> IPPROTO_ICMP;
            case Q.ICMPV6 -> IPPROTO_ICMPV6;
            case Q.IGMP -> IPPROTO_IGMP;
            case Q.IGRP -> IPPROTO_IGRP;
            case Q.PIM -> IPPROTO_PIM;
            case Q.SCTP -> IPPROTO_SCTP;
            case Q.TCP -> IPPROTO_TCP;
            case Q.UDP -> IPPROTO_UDP;
            case Q.VRRP -> IPPROTO_VRRP;
            default -> throw error("Proto qualifier '" + Q.protoKw(q) + "' has no IP protocol");
        };
    }

    private static int protoToLlcSap(int q) {
        return switch (q) {
            case Q.IPX -> LLCSAP_IPX;
            case Q.ISO -> LLCSAP_ISONS;
            case Q.NETBEUI -> LLCSAP_NETBEUI;
            case Q.STP -> LLCSAP_8021D;
            default -> throw error("Proto qualifier '" + Q.protoKw(q) + "' has no LLC SAP");
        };
    }

    private static int protoToEthertype(int q) {
        return switch (q) {
            case Q.AARP -> ETHERTYPE_AARP;
            case Q.ARP -> ETHERTYPE_ARP;
            case Q.ATALK -> ETHERTYPE_ATALK;
            case Q.DECNET -> ETHERTYPE_DN;
            case Q.IP -> ETHERTYPE_IP;
            case Q.IPV6 -> ETHERTYPE_IPV6;
            case Q.LAT -> ETHERTYPE_LAT;
            case Q.MOPDL -> ETHERTYPE_MOPDL;
            case Q.MOPRC -> ETHERTYPE_MOPRC;
            case Q.RARP -> ETHERTYPE_REVARP;
            case Q.SCA -> ETHERTYPE_SCA;
            default -> throw error("Proto qualifier '" + Q.protoKw(q) + "' has no EtherType");
        };
    }

    private static int protoToNlpid(int q) {
        return switch (q) {
            case Q.ESIS -> ISO9542_ESIS;
            case Q.ISIS -> ISO10589_ISIS;
            case Q.CLNP -> ISO8473_CLNP;
            default -> throw error("Proto qualifier '" + Q.protoKw(q) + "' has no NLPID");
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Link-layer type tests
    // ---------------------------------------------------------------------------------------------------------

    private Cond etherLinktype(int llProto) {
        Cond b0;
        Cond b1;
        switch (llProto) {
            case LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI -> {
                // OSI and NetBEUI always use 802.2: an 802.3 length field and matching DSAP and SSAP.
                b0 = cmpLe(Rel.LINKTYPE, 0, H, ETHERMTU);
                b1 = cmp(Rel.LLC, 0, H, (llProto << 8) | llProto);
                return Ir.and(b0, b1);
            }
            case LLCSAP_IPX -> {
                // Ethernet_II (EtherType), or 802.3 frames that are Ethernet_802.2 (IPX DSAP),
                // Ethernet_802.3 (0xFFFF after the header) or Ethernet_SNAP.
                b0 = cmp(Rel.LLC, 0, B, LLCSAP_IPX);
                b1 = cmp(Rel.LLC, 0, H, 0xFFFF);
                b1 = Ir.or(b0, b1);
                b0 = snap(0x000000, ETHERTYPE_IPX);
                b1 = Ir.or(b0, b1);
                b0 = cmpLe(Rel.LINKTYPE, 0, H, ETHERMTU);
                b1 = Ir.and(b0, b1);
                b0 = cmp(Rel.LINKTYPE, 0, H, ETHERTYPE_IPX);
                return Ir.or(b0, b1);
            }
            case ETHERTYPE_ATALK, ETHERTYPE_AARP -> {
                // EtherTalk phase 2 uses SNAP inside 802.2, phase 1 the EtherType.
                b0 = cmpLe(Rel.LINKTYPE, 0, H, ETHERMTU);
                b1 = llProto == ETHERTYPE_ATALK ? snap(0x080007, ETHERTYPE_ATALK) : snap(0x000000, ETHERTYPE_AARP);
                b1 = Ir.and(b0, b1);
                b0 = cmp(Rel.LINKTYPE, 0, H, llProto);
                return Ir.or(b0, b1);
            }
            default -> {
                if (Integer.compareUnsigned(llProto, ETHERMTU) <= 0) {
                    maxval("LLC DSAP", llProto, 255);
                    b0 = cmpLe(Rel.LINKTYPE, 0, H, ETHERMTU);
                    b1 = cmp(Rel.LINKTYPE, 2, B, llProto);
                    return Ir.and(b0, b1);
                }
                maxval("EtherType", llProto, 65535);
                return cmp(Rel.LINKTYPE, 0, H, llProto);
            }
        }
    }

    private Cond endianLinktype(int offset, int size, int proto, boolean swapped) {
        return cmp(Rel.LINKHDR, offset, size, swapped ? Integer.reverseBytes(proto) : proto);
    }

    private Cond bsdAfLive(int offset, int size, int llProto, boolean swapped) {
        return switch (llProto) {
            case ETHERTYPE_IP -> endianLinktype(offset, size, LINUX_AF_INET, swapped);
            case ETHERTYPE_IPV6 -> endianLinktype(offset, size, LINUX_AF_INET6, swapped);
            default -> gfalse();
        };
    }

    private Cond bsdAfOffline(int offset, int size, int llProto, boolean swapped) {
        switch (llProto) {
            case ETHERTYPE_IP:
                return endianLinktype(offset, size, BSD_AFNUM_INET, swapped);
            case ETHERTYPE_IPV6: {
                // AF_INET6 differs between BSDs; a savefile may come from any of them.
                Cond b0 = endianLinktype(offset, size, BSD_AFNUM_INET6_BSD, swapped);
                Cond b1 = endianLinktype(offset, size, BSD_AFNUM_INET6_FREEBSD, swapped);
                b1 = Ir.or(b0, b1);
                b0 = endianLinktype(offset, size, BSD_AFNUM_INET6_DARWIN, swapped);
                return Ir.or(b0, b1);
            }
            default:
                return gfalse();
        }
    }

    private Cond loopbackLinktype(int llProto) {
        if (!cfg.offline()) {
            int af = switch (llProto) {
                case ETHERTYPE_IP -> LINUX_AF_INET;
                case ETHERTYPE_IPV6 -> LINUX_AF_INET6;
                default -> -1;
            };
            if (af < 0) {
                return gfalse();
            }
            // DLT_NULL/DLT_ENC carry the AF in host order: little-endian on this (live) host; DLT_LOOP in
            // network order.
            return switch (linktype) {
                case Dlt.NULL, Dlt.ENC -> cmp(Rel.LINKHDR, 0, W, Integer.reverseBytes(af));
                case Dlt.LOOP -> cmp(Rel.LINKHDR, 0, W, af);
                default -> throw error("internal error in loopback linktype: linktype == " + linktype);
            };
        }
        // A savefile: the AF is in the byte order of the capturing host, which need not be the file's.
        return switch (linktype) {
            case Dlt.NULL, Dlt.ENC -> Ir.or(bsdAfOffline(0, W, llProto, cfg.swapped()),
                    bsdAfOffline(0, W, llProto, !cfg.swapped()));
            case Dlt.LOOP -> bsdAfOffline(0, W, llProto, false);
            default -> throw error("internal error in loopback linktype: linktype == " + linktype);
        };
    }

    private Cond pflogLinktype(int llProto) {
        if (cfg.offline()) {
            return bsdAfOffline(PFLOG_AF, B, llProto, false);
        }
        return bsdAfLive(PFLOG_AF, B, llProto, false);
    }

    private Cond ipnetLinktype(int llProto) {
        return switch (llProto) {
            case ETHERTYPE_IP -> cmp(Rel.LINKTYPE, 0, B, IPH_AF_INET);
            case ETHERTYPE_IPV6 -> cmp(Rel.LINKTYPE, 0, B, IPH_AF_INET6);
            default -> gfalse();
        };
    }

    private Cond sllLinktype(int llProto) {
        Cond b0;
        Cond b1;
        switch (llProto) {
            case LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI -> {
                b0 = cmp(Rel.LINKTYPE, 0, H, LINUX_SLL_P_802_2);
                b1 = cmp(Rel.LLC, 0, H, (llProto << 8) | llProto);
                return Ir.and(b0, b1);
            }
            case LLCSAP_IPX -> {
                b0 = cmp(Rel.LLC, 0, B, LLCSAP_IPX);
                b1 = snap(0x000000, ETHERTYPE_IPX);
                b1 = Ir.or(b0, b1);
                b0 = cmp(Rel.LINKTYPE, 0, H, LINUX_SLL_P_802_2);
                b1 = Ir.and(b0, b1);
                b0 = cmp(Rel.LINKTYPE, 0, H, LINUX_SLL_P_802_3);
                b1 = Ir.or(b0, b1);
                b0 = cmp(Rel.LINKTYPE, 0, H, ETHERTYPE_IPX);
                return Ir.or(b0, b1);
            }
            case ETHERTYPE_ATALK, ETHERTYPE_AARP -> {
                b0 = cmp(Rel.LINKTYPE, 0, H, LINUX_SLL_P_802_2);
                b1 = llProto == ETHERTYPE_ATALK ? snap(0x080007, ETHERTYPE_ATALK) : snap(0x000000, ETHERTYPE_AARP);
                b1 = Ir.and(b0, b1);
                b0 = cmp(Rel.LINKTYPE, 0, H, llProto);
                return Ir.or(b0, b1);
            }
            default -> {
                if (Integer.compareUnsigned(llProto, ETHERMTU) <= 0) {
                    maxval("LLC DSAP", llProto, 255);
                    b0 = cmp(Rel.LINKTYPE, 0, H, LINUX_SLL_P_802_2);
                    b1 = cmp(Rel.LINKHDR, offLinkpl.constant, B, llProto);
                    return Ir.and(b0, b1);
                }
                maxval("EtherType", llProto, 65535);
                return cmp(Rel.LINKTYPE, 0, H, llProto);
            }
        }
    }

    private static int ethertypeToPpptype(int llProto) {
        return switch (llProto) {
            case ETHERTYPE_IP -> PPP_IP;
            case ETHERTYPE_IPV6 -> PPP_IPV6;
            case ETHERTYPE_DN -> PPP_DECNET;
            case ETHERTYPE_ATALK -> PPP_APPLE;
            case ETHERTYPE_NS -> PPP_NS;
            case LLCSAP_ISONS -> PPP_OSI;
            case LLCSAP_8021D -> PPP_BRPDU;
            case LLCSAP_IPX -> PPP_IPX;
            default -> {
                maxval("PPP protocol", llProto, 65535);
                yield llProto;
            }
        };
    }

    /** Checks needed for a link layer encapsulated in another (LANE on SunATM, Geneve/VXLAN inner frames). */
    private Cond prevLinkhdrCheck() {
        if (isEncap) {
            return encapLlCheck();
        }
        if (prevLinktype == Dlt.SUNATM) {
            // LANE data, not an LE Control frame
            return cmpNe(Rel.PREVLINKHDR, SUNATM_PKT_BEGIN_POS, H, 0xFF00);
        }
        return null;
    }

    private Cond ipVersion(Rel rel, int ver) {
        return mcmp(rel, 0, B, ver << 4, 0xf0);
    }

    /** Frame Relay Q.922 header with UI control and the given NLPID (2-byte address, no flags). */
    private Cond frelayNlpid(int nlpid) {
        return cmp(Rel.LINKHDR, 2, H, (0x03 << 8) | nlpid);
    }

    /** Tests that the packet carries link-layer protocol {@code llProto} (an EtherType, or an 802.2 SAP). */
    Cond linktype(int llProto) {
        if (labelStackDepth > 0) {
            return mplsLinktype(llProto);
        }
        switch (linktype) {
            case Dlt.EN10MB, Dlt.NETANALYZER, Dlt.NETANALYZER_TRANSPARENT, Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA -> {
                // Geneve and VXLAN payloads always have an EtherType.
                Cond b0 = isEncap ? null : prevLinkhdrCheck();
                Cond b1 = etherLinktype(llProto);
                return b0 != null ? Ir.and(b0, b1) : b1;
            }
            case Dlt.C_HDLC, Dlt.HDLC -> {
                maxval("HDLC protocol", llProto, 65535);
                int p = llProto == LLCSAP_ISONS ? (llProto << 8 | LLCSAP_ISONS) : llProto;
                return cmp(Rel.LINKTYPE, 0, H, p);
            }
            case Dlt.IEEE802_11, Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO, Dlt.PPI -> {
                Cond b0 = mcmp(Rel.LINKHDR, 0, B, FC0_TYPE_DATA, FC0_TYPE_MASK);
                Cond b1 = llcLinktype(llProto);
                return Ir.and(b0, b1);
            }
            case Dlt.FDDI, Dlt.IEEE802, Dlt.ATM_RFC1483, Dlt.ATM_CLIP, Dlt.IP_OVER_FC -> {
                return llcLinktype(llProto);
            }
            case Dlt.SUNATM -> {
                Cond b0 = atmPrototype(PT_LLC);
                Cond b1 = llcLinktype(llProto);
                return Ir.and(b0, b1);
            }
            case Dlt.LINUX_SLL -> {
                return sllLinktype(llProto);
            }
            case Dlt.SLIP, Dlt.SLIP_BSDOS, Dlt.RAW -> {
                // No type field: the packet is IPv4 or IPv6, told apart by the version nibble.
                return switch (llProto) {
                    case ETHERTYPE_IP -> ipVersion(Rel.LINKHDR, 4);
                    case ETHERTYPE_IPV6 -> ipVersion(Rel.LINKHDR, 6);
                    default -> gfalse();
                };
            }
            case Dlt.IPV4 -> {
                return llProto == ETHERTYPE_IP ? gtrue() : gfalse();
            }
            case Dlt.IPV6 -> {
                return llProto == ETHERTYPE_IPV6 ? gtrue() : gfalse();
            }
            case Dlt.PPP, Dlt.PPP_PPPD, Dlt.PPP_SERIAL, Dlt.PPP_ETHER -> {
                return cmp(Rel.LINKTYPE, 0, H, ethertypeToPpptype(llProto));
            }
            case Dlt.PPP_BSDOS -> {
                if (llProto == ETHERTYPE_IP) {
                    // also Van Jacobson compressed and uncompressed TCP/IP
                    Cond b0 = cmp(Rel.LINKTYPE, 0, H, PPP_IP);
                    Cond b1 = cmp(Rel.LINKTYPE, 0, H, PPP_VJC);
                    b1 = Ir.or(b0, b1);
                    b0 = cmp(Rel.LINKTYPE, 0, H, PPP_VJNC);
                    return Ir.or(b1, b0);
                }
                return cmp(Rel.LINKTYPE, 0, H, ethertypeToPpptype(llProto));
            }
            case Dlt.NULL, Dlt.LOOP, Dlt.ENC -> {
                return loopbackLinktype(llProto);
            }
            case Dlt.PFLOG -> {
                return pflogLinktype(llProto);
            }
            case Dlt.ARCNET, Dlt.ARCNET_LINUX -> {
                // RFC 1201 system codes only: the payload offsets assume RFC 1201 framing.
                return switch (llProto) {
                    case ETHERTYPE_IPV6 -> cmp(Rel.LINKTYPE, 0, B, ARCTYPE_INET6);
                    case ETHERTYPE_IP -> cmp(Rel.LINKTYPE, 0, B, ARCTYPE_IP);
                    case ETHERTYPE_ARP -> cmp(Rel.LINKTYPE, 0, B, ARCTYPE_ARP);
                    case ETHERTYPE_REVARP -> cmp(Rel.LINKTYPE, 0, B, ARCTYPE_REVARP);
                    case ETHERTYPE_ATALK -> cmp(Rel.LINKTYPE, 0, B, ARCTYPE_ATALK);
                    default -> gfalse();
                };
            }
            case Dlt.LTALK -> {
                return llProto == ETHERTYPE_ATALK ? gtrue() : gfalse();
            }
            case Dlt.FRELAY -> {
                switch (llProto) {
                    case ETHERTYPE_IP:
                        return frelayNlpid(ISO9577_IPV4);
                    case ETHERTYPE_IPV6:
                        return frelayNlpid(ISO9577_IPV6);
                    case LLCSAP_ISONS: {
                        Cond b0 = frelayNlpid(ISO8473_CLNP);
                        Cond b1 = frelayNlpid(ISO9542_ESIS);
                        Cond b2 = frelayNlpid(ISO10589_ISIS);
                        b2 = Ir.or(b1, b2);
                        return Ir.or(b0, b2);
                    }
                    default:
                        return gfalse();
                }
            }
            case Dlt.MFR -> {
                // not implemented in libpcap either
            }
            case Dlt.JUNIPER_MFR, Dlt.JUNIPER_MLFR, Dlt.JUNIPER_MLPPP, Dlt.JUNIPER_ATM1, Dlt.JUNIPER_ATM2,
                 Dlt.JUNIPER_PPPOE, Dlt.JUNIPER_PPPOE_ATM, Dlt.JUNIPER_GGSN, Dlt.JUNIPER_ES, Dlt.JUNIPER_MONITOR,
                 Dlt.JUNIPER_SERVICES, Dlt.JUNIPER_ETHER, Dlt.JUNIPER_PPP, Dlt.JUNIPER_FRELAY, Dlt.JUNIPER_CHDLC,
                 Dlt.JUNIPER_VP, Dlt.JUNIPER_ST, Dlt.JUNIPER_ISM, Dlt.JUNIPER_VS, Dlt.JUNIPER_SRX_E2E,
                 Dlt.JUNIPER_FIBRECHANNEL, Dlt.JUNIPER_ATM_CEMIC -> {
                // only the Juniper magic number ("MGC") is checked
                return mcmp(Rel.LINKHDR, 0, W, 0x4d474300, 0xffffff00);
            }
            case Dlt.IPNET -> {
                return ipnetLinktype(llProto);
            }
            default -> {
                if (offLinktype.constant != OFFSET_NOT_SET) {
                    maxval("EtherType", llProto, 65535);
                    return cmp(Rel.LINKTYPE, 0, H, llProto);
                }
            }
        }
        throw error("link-layer type filtering not implemented for " + dltString());
    }

    /** 802.2 LLC + SNAP with the given OUI and protocol (RFC 1042). */
    private Cond snap(int orgcode, int ptype) {
        byte[] b = {(byte) LLCSAP_SNAP, (byte) LLCSAP_SNAP, 0x03, (byte) (orgcode >> 16), (byte) (orgcode >> 8),
            (byte) orgcode, (byte) (ptype >> 8), (byte) ptype};
        return bcmp(Rel.LLC, 0, 8, b);
    }

    private Cond llcInternal() {
        switch (linktype) {
            case Dlt.EN10MB, Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA -> {
                // an 802.3 length field, and not NetWare's raw 802.3 (0xFFFF)
                Cond b0 = cmpLe(Rel.LINKTYPE, 0, H, ETHERMTU);
                Cond b1 = cmpNe(Rel.LLC, 0, H, 0xFFFF);
                return Ir.and(b0, b1);
            }
            case Dlt.SUNATM -> {
                return atmtypeLlc();
            }
            case Dlt.IEEE802, Dlt.FDDI, Dlt.ATM_RFC1483 -> {
                return gtrue();
            }
            case Dlt.IEEE802_11, Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO, Dlt.IEEE802_11_RADIO_AVS, Dlt.PPI -> {
                return mcmp(Rel.LINKHDR, 0, B, FC0_TYPE_DATA, FC0_TYPE_MASK);
            }
            default -> throw kwNotOnDlt("llc");
        }
    }

    Cond llc() {
        return llcInternal();
    }

    Cond llcI() {
        Cond b0 = llcInternal();
        Cond b1 = unset(0x01, loadA(Rel.LLC, 2, B));
        return Ir.and(b0, b1);
    }

    Cond llcS() {
        Cond b0 = llcInternal();
        Cond b1 = mcmp(Rel.LLC, 2, B, 1, 0x03);
        return Ir.and(b0, b1);
    }

    Cond llcU() {
        Cond b0 = llcInternal();
        Cond b1 = mcmp(Rel.LLC, 2, B, 3, 0x03);
        return Ir.and(b0, b1);
    }

    Cond llcSSubtype(int subtype) {
        Cond b0 = llcInternal();
        Cond b1 = mcmp(Rel.LLC, 2, B, subtype, 0x0f);
        return Ir.and(b0, b1);
    }

    Cond llcUSubtype(int subtype) {
        Cond b0 = llcInternal();
        Cond b1 = mcmp(Rel.LLC, 2, B, subtype, 0xef);
        return Ir.and(b0, b1);
    }

    /** Link-layer protocol test for link types that always use 802.2 (all but Ethernet). */
    private Cond llcLinktype(int llProto) {
        switch (llProto) {
            case LLCSAP_IP, LLCSAP_ISONS, LLCSAP_NETBEUI:
                return cmp(Rel.LLC, 0, H, (llProto << 8) | llProto);
            case LLCSAP_IPX:
                return cmp(Rel.LLC, 0, B, LLCSAP_IPX);
            case ETHERTYPE_ATALK:
                return snap(0x080007, ETHERTYPE_ATALK);
            default:
                if (Integer.compareUnsigned(llProto, ETHERMTU) <= 0) {
                    maxval("LLC DSAP", llProto, 255);
                    return cmp(Rel.LLC, 0, B, llProto);
                }
                maxval("EtherType", llProto, 65535);
                // only the EtherType position of a SNAP header is checked
                return cmp(Rel.LLC, 6, H, llProto);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Variable-length headers before the network layer
    // ---------------------------------------------------------------------------------------------------------

    private Stmt loadPflogLlprefixlen() {
        if (offLinkpl.reg == -1) {
            return null;
        }
        // pflog header length (first byte), rounded up to a multiple of 4
        return Stmt.list(stmt(LD | B | ABS, 0), stmt(ALU | ADD | K, 3), stmt(ALU | AND | K, 0xfffffffc),
                stmt(ST, offLinkpl.reg), stmt(MISC | TAX));
    }

    private Stmt loadPrismLlprefixlen() {
        noOptimize = true;
        if (offLinkhdr.reg == -1) {
            return null;
        }
        // Some Linux drivers hand out AVS headers (cookie 0x80211xxx) for ARPHRD_IEEE80211_PRISM; else Prism
        // (always 144 bytes in practice).
        Stmt ldCookie = stmt(LD | W | ABS, 0);
        Stmt and = stmt(ALU | AND | K, 0xFFFFF000);
        Stmt isAvs = stmt(JMP | JEQ | K, 0x80211000);
        Stmt avsLen = stmt(LD | W | ABS, 4);
        Stmt skip = stmt(JMP | JA | K, 0);
        Stmt prismLen = stmt(LD | W | IMM, 144);
        Stmt store = stmt(ST, offLinkhdr.reg);
        Stmt tax = stmt(MISC | TAX);
        isAvs.jt = avsLen;
        isAvs.jf = prismLen;
        skip.jt = store;
        return Stmt.list(ldCookie, and, isAvs, avsLen, skip, prismLen, store, tax);
    }

    private Stmt loadAvsLlprefixlen() {
        if (offLinkhdr.reg == -1) {
            return null;
        }
        return Stmt.list(stmt(LD | W | ABS, 4), stmt(ST, offLinkhdr.reg), stmt(MISC | TAX));
    }

    private Stmt loadRadiotapLlprefixlen() {
        if (offLinkhdr.reg == -1) {
            return null;
        }
        // it_len, little-endian at offset 2
        return Stmt.list(stmt(LD | B | ABS, 3), stmt(ALU | LSH | K, 8), stmt(MISC | TAX), stmt(LD | B | ABS, 2),
                stmt(ALU | OR | X), stmt(ST, offLinkhdr.reg), stmt(MISC | TAX));
    }

    /**
     * Computes the offset of the 802.11 payload into its register: 24 bytes of MAC header for data frames, 2 more
     * with QoS, rounded up to 4 when radiotap says the driver pads (Atheros). {@code snext} is the first statement
     * of the program proper, which the branches here jump to.
     */
    private Stmt load80211HeaderLen(Stmt s, Stmt snext) {
        if (offLinkpl.reg == -1) {
            return s;
        }
        noOptimize = true;
        if (s == null) {
            s = stmt(LDX | IMM, offOutermostLinkhdr.constant);
        }
        Stmt.append(s, Stmt.list(stmt(MISC | TXA), stmt(ALU | ADD | K, 24), stmt(ST, offLinkpl.reg),
                stmt(LD | IND | B, 0)));
        Stmt dataFrame1 = stmt(JMP | JSET | K, FC0_TYPE_DATA);
        Stmt.append(s, dataFrame1);
        Stmt dataFrame2 = stmt(JMP | JSET | K, FC0_TYPE_CTL);
        Stmt.append(s, dataFrame2);
        dataFrame1.jt = dataFrame2;
        dataFrame1.jf = snext;
        Stmt qos = stmt(JMP | JSET | K, FC0_SUBTYPE_QOS);
        Stmt.append(s, qos);
        dataFrame2.jt = snext;
        dataFrame2.jf = qos;
        Stmt addQos = stmt(LD | MEM, offLinkpl.reg);
        Stmt.append(s, Stmt.list(addQos, stmt(ALU | ADD | IMM, 2), stmt(ST, offLinkpl.reg)));
        qos.jt = addQos;
        if (linktype == Dlt.IEEE802_11_RADIO) {
            Stmt ldPresent = stmt(LD | ABS | W, 4);
            Stmt.append(s, ldPresent);
            qos.jf = ldPresent;
            Stmt flagsPresent = stmt(JMP | JSET | K, Integer.reverseBytes(0x00000002));
            Stmt extPresent = stmt(JMP | JSET | K, Integer.reverseBytes(0x80000000));
            Stmt tsftPresent = stmt(JMP | JSET | K, Integer.reverseBytes(0x00000001));
            Stmt.append(s, Stmt.list(flagsPresent, extPresent, tsftPresent));
            flagsPresent.jf = snext;
            flagsPresent.jt = extPresent;
            extPresent.jt = snext;
            extPresent.jf = tsftPresent;
            Stmt ldFlagsTsft = stmt(LD | ABS | B, 16);
            Stmt tsftDatapad = stmt(JMP | JSET | K, 0x20);
            Stmt ldFlags = stmt(LD | ABS | B, 8);
            Stmt notsftDatapad = stmt(JMP | JSET | K, 0x20);
            Stmt.append(s, Stmt.list(ldFlagsTsft, tsftDatapad, ldFlags, notsftDatapad));
            tsftPresent.jt = ldFlagsTsft;
            tsftPresent.jf = ldFlags;
            Stmt roundup = stmt(LD | MEM, offLinkpl.reg);
            Stmt.append(s, Stmt.list(roundup, stmt(ALU | ADD | IMM, 3), stmt(ALU | AND | IMM, ~3),
                    stmt(ST, offLinkpl.reg)));
            tsftDatapad.jt = roundup;
            tsftDatapad.jf = snext;
            notsftDatapad.jt = roundup;
            notsftDatapad.jf = snext;
        } else {
            qos.jf = snext;
        }
        return s;
    }

    /** Puts the code computing variable offsets before the first test (libpcap insert_compute_vloffsets). */
    private void insertComputeVloffsets(Block root) {
        if (offLinkpl.reg != -1 && offLinkhdr.variable && offLinkhdr.reg == -1) {
            offLinkhdr.reg = allocReg();
        }
        Stmt s = switch (outermostLinktype) {
            case Dlt.PRISM_HEADER -> loadPrismLlprefixlen();
            case Dlt.IEEE802_11_RADIO_AVS -> loadAvsLlprefixlen();
            case Dlt.IEEE802_11_RADIO, Dlt.PPI -> loadRadiotapLlprefixlen();
            default -> null;
        };
        switch (outermostLinktype) {
            case Dlt.IEEE802_11, Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO, Dlt.PPI ->
                    s = load80211HeaderLen(s, root.stmts);
            case Dlt.PFLOG -> s = loadPflogLlprefixlen();
            default -> {
            }
        }
        if (s == null && isVlanVloffset) {
            if (offLinkpl.reg == -1) {
                offLinkpl.reg = allocReg();
            }
            if (offLinktype.reg == -1) {
                offLinktype.reg = allocReg();
            }
            s = Stmt.list(stmt(LD | W | IMM, 0), stmt(ST, offLinkpl.reg), stmt(ST, offLinktype.reg));
        }
        if (s != null) {
            root.stmts = Stmt.append(s, root.stmts);
        }
    }

    /**
     * Completes the program: offset computations at the start, the PPI link-type check, and the two returns.
     * Returns the root block.
     */
    Block finish(Cond p) {
        insertComputeVloffsets(p.head);
        if (linktype == Dlt.PPI) {
            p = Ir.and(cmp(Rel.PACKET, 4, W, Integer.reverseBytes(Dlt.IEEE802_11)), p);
        }
        Block accept = new Block(Bpf.RET | K, cfg.snaplen(), null);
        Block reject = new Block(Bpf.RET | K, 0, null);
        for (Ir.Exit e : p.whenTrue) {
            e.patch(accept);
        }
        for (Ir.Exit e : p.whenFalse) {
            e.patch(reject);
        }
        return p.head;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hosts and networks
    // ---------------------------------------------------------------------------------------------------------

    private Cond hostop(int addr, int mask, int dir, int srcOff, int dstOff) {
        int offset;
        switch (dir) {
            case Q.SRC -> offset = srcOff;
            case Q.DST -> offset = dstOff;
            case Q.AND -> {
                Cond b0 = hostop(addr, mask, Q.SRC, srcOff, dstOff);
                Cond b1 = hostop(addr, mask, Q.DST, srcOff, dstOff);
                return Ir.and(b0, b1);
            }
            case Q.DEFAULT, Q.OR -> {
                Cond b0 = hostop(addr, mask, Q.SRC, srcOff, dstOff);
                Cond b1 = hostop(addr, mask, Q.DST, srcOff, dstOff);
                return Ir.or(b0, b1);
            }
            default -> throw error("internal error in gen_hostop(): dir == '" + Q.dirKw(dir) + "'");
        }
        return mcmp(Rel.LINKPL, offset, W, addr, mask);
    }

    private Cond hostop6(byte[] addr, byte[] mask, int dir) {
        int offset;
        switch (dir) {
            case Q.SRC -> offset = IPV6_SRCADDR_OFFSET;
            case Q.DST -> offset = IPV6_DSTADDR_OFFSET;
            case Q.AND -> {
                Cond b0 = hostop6(addr, mask, Q.SRC);
                Cond b1 = hostop6(addr, mask, Q.DST);
                return Ir.and(b0, b1);
            }
            case Q.DEFAULT, Q.OR -> {
                Cond b0 = hostop6(addr, mask, Q.SRC);
                Cond b1 = hostop6(addr, mask, Q.DST);
                return Ir.or(b0, b1);
            }
            default -> throw error("internal error in gen_hostop6(): dir == '" + Q.dirKw(dir) + "'");
        }
        // last word first, as libpcap does
        Cond b1 = gtrue();
        for (int i = 3; i >= 0; i--) {
            Cond b0 = mcmp(Rel.LINKPL, offset + 4 * i, W, word(addr, 4 * i), word(mask, 4 * i));
            b1 = Ir.and(b0, b1);
        }
        return b1;
    }

    static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /** MAC address tests on 802.11, where the source and destination move with the frame type and DS bits. */
    private Cond wlanhostop(byte[] eaddr, int dir) {
        Cond b0;
        Cond b1;
        Cond b2;
        switch (dir) {
            case Q.SRC -> {
                // data frames: SA at 24 (FromDS+ToDS), 16 (FromDS) or 10 (no FromDS); management: 10; control: none
                b1 = set(FC1_DIR_TODS, loadA(Rel.LINKHDR, 1, B));
                b0 = bcmp(Rel.LINKHDR, 24, 6, eaddr);
                b0 = Ir.and(b1, b0);
                b2 = unset(FC1_DIR_TODS, loadA(Rel.LINKHDR, 1, B));
                b1 = bcmp(Rel.LINKHDR, 16, 6, eaddr);
                b1 = Ir.and(b2, b1);
                b0 = Ir.or(b1, b0);
                b1 = set(FC1_DIR_FROMDS, loadA(Rel.LINKHDR, 1, B));
                b0 = Ir.and(b1, b0);
                b2 = unset(FC1_DIR_FROMDS, loadA(Rel.LINKHDR, 1, B));
                b1 = bcmp(Rel.LINKHDR, 10, 6, eaddr);
                b1 = Ir.and(b2, b1);
                b0 = Ir.or(b1, b0);
                b1 = set(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                b0 = Ir.and(b1, b0);
                b2 = unset(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                b1 = bcmp(Rel.LINKHDR, 10, 6, eaddr);
                b1 = Ir.and(b2, b1);
                b0 = Ir.or(b1, b0);
                b1 = unset(FC0_TYPE_CTL, loadA(Rel.LINKHDR, 0, B));
                return Ir.and(b1, b0);
            }
            case Q.DST -> {
                // data frames: DA at 16 (ToDS) or 4; management: 4; control: none
                b1 = set(FC1_DIR_TODS, loadA(Rel.LINKHDR, 1, B));
                b0 = bcmp(Rel.LINKHDR, 16, 6, eaddr);
                b0 = Ir.and(b1, b0);
                b2 = unset(FC1_DIR_TODS, loadA(Rel.LINKHDR, 1, B));
                b1 = bcmp(Rel.LINKHDR, 4, 6, eaddr);
                b1 = Ir.and(b2, b1);
                b0 = Ir.or(b1, b0);
                b1 = set(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                b0 = Ir.and(b1, b0);
                b2 = unset(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                b1 = bcmp(Rel.LINKHDR, 4, 6, eaddr);
                b1 = Ir.and(b2, b1);
                b0 = Ir.or(b1, b0);
                b1 = unset(FC0_TYPE_CTL, loadA(Rel.LINKHDR, 0, B));
                return Ir.and(b1, b0);
            }
            case Q.AND -> {
                b0 = wlanhostop(eaddr, Q.SRC);
                b1 = wlanhostop(eaddr, Q.DST);
                return Ir.and(b0, b1);
            }
            case Q.DEFAULT, Q.OR -> {
                b0 = wlanhostop(eaddr, Q.SRC);
                b1 = wlanhostop(eaddr, Q.DST);
                return Ir.or(b0, b1);
            }
            case Q.ADDR1 -> {
                return bcmp(Rel.LINKHDR, 4, 6, eaddr);
            }
            case Q.ADDR2 -> {
                // absent in CTS and ACK
                b0 = mcmpNe(Rel.LINKHDR, 0, B, FC0_TYPE_CTL, FC0_TYPE_MASK);
                b1 = mcmpNe(Rel.LINKHDR, 0, B, FC0_SUBTYPE_CTS, FC0_SUBTYPE_MASK);
                b2 = mcmpNe(Rel.LINKHDR, 0, B, FC0_SUBTYPE_ACK, FC0_SUBTYPE_MASK);
                b2 = Ir.and(b1, b2);
                b2 = Ir.or(b0, b2);
                b1 = bcmp(Rel.LINKHDR, 10, 6, eaddr);
                return Ir.and(b2, b1);
            }
            case Q.ADDR3 -> {
                b0 = mcmpNe(Rel.LINKHDR, 0, B, FC0_TYPE_CTL, FC0_TYPE_MASK);
                b1 = bcmp(Rel.LINKHDR, 16, 6, eaddr);
                return Ir.and(b0, b1);
            }
            case Q.ADDR4 -> {
                b0 = mcmp(Rel.LINKHDR, 1, B, FC1_DIR_DSTODS, FC1_DIR_MASK);
                b1 = bcmp(Rel.LINKHDR, 24, 6, eaddr);
                return Ir.and(b0, b1);
            }
            case Q.RA -> {
                b1 = set(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                b0 = bcmp(Rel.LINKHDR, 4, 6, eaddr);
                return Ir.and(b1, b0);
            }
            case Q.TA -> {
                b0 = mcmpNe(Rel.LINKHDR, 0, B, FC0_TYPE_CTL, FC0_TYPE_MASK);
                b1 = mcmpNe(Rel.LINKHDR, 0, B, FC0_SUBTYPE_CTS, FC0_SUBTYPE_MASK);
                b2 = mcmpNe(Rel.LINKHDR, 0, B, FC0_SUBTYPE_ACK, FC0_SUBTYPE_MASK);
                b2 = Ir.and(b1, b2);
                b2 = Ir.or(b0, b2);
                b1 = set(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                b2 = Ir.and(b1, b2);
                b1 = bcmp(Rel.LINKHDR, 10, 6, eaddr);
                return Ir.and(b2, b1);
            }
            default -> throw error("internal error in gen_wlanhostop(): dir == " + dir);
        }
    }

    /**
     * DECnet data packets with 0 or 1 bytes of padding, long or short header (DECnet Routing Layer, Phase IV).
     * Addresses are little-endian on the wire.
     */
    private Cond dnhostop(int addr, int dir) {
        int offsetSh;
        int offsetLh;
        switch (dir) {
            case Q.DST -> {
                offsetSh = 1;
                offsetLh = 7;
            }
            case Q.SRC -> {
                offsetSh = 3;
                offsetLh = 15;
            }
            case Q.AND -> {
                return Ir.and(dnhostop(addr, Q.SRC), dnhostop(addr, Q.DST));
            }
            case Q.DEFAULT, Q.OR -> {
                return Ir.or(dnhostop(addr, Q.SRC), dnhostop(addr, Q.DST));
            }
            default -> throw error("internal error in gen_dnhostop(): dir == '" + Q.dirKw(dir) + "'");
        }
        int swapped = ((addr & 0xff) << 8) | ((addr >> 8) & 0xff);
        Cond tmp = mcmp(Rel.LINKPL, 2, H, 0x8106, 0xFF07);
        Cond b1 = cmp(Rel.LINKPL, 2 + 1 + offsetLh, H, swapped);
        b1 = Ir.and(tmp, b1);
        tmp = mcmp(Rel.LINKPL, 2, B, 0x06, 0x07);
        Cond b2 = cmp(Rel.LINKPL, 2 + offsetLh, H, swapped);
        b2 = Ir.and(tmp, b2);
        b1 = Ir.or(b2, b1);
        if (dir == Q.DST) {
            b2 = mcmp(Rel.LINKPL, 2, W, 0x81020000 | swapped, 0xFF07FFFF);
        } else {
            tmp = mcmp(Rel.LINKPL, 2, H, 0x8102, 0xFF07);
            b2 = cmp(Rel.LINKPL, 2 + 1 + offsetSh, H, swapped);
            b2 = Ir.and(tmp, b2);
        }
        b1 = Ir.or(b2, b1);
        if (dir == Q.DST) {
            b2 = mcmp(Rel.LINKPL, 2, W, 0x02000000 | swapped << 8, 0x07FFFF00);
        } else {
            tmp = mcmp(Rel.LINKPL, 2, B, 0x02, 0x07);
            b2 = cmp(Rel.LINKPL, 2 + offsetSh, H, swapped);
            b2 = Ir.and(tmp, b2);
        }
        return Ir.or(b2, b1);
    }

    /** The label just before the network layer has the bottom-of-stack bit (RFC 3032 2.1). */
    private Cond justAfterMplsStack() {
        return set(0x01, loadA(Rel.PREVMPLSHDR, 2, B));
    }

    private Cond mplsLinktype(int llProto) {
        return switch (llProto) {
            case ETHERTYPE_IP -> Ir.and(justAfterMplsStack(), ipVersion(Rel.LINKPL, 4));
            case ETHERTYPE_IPV6 -> Ir.and(justAfterMplsStack(), ipVersion(Rel.LINKPL, 6));
            default -> throw error("unsupported protocol over mpls");
        };
    }

    private Cond host(int[] a, int[] m, int proto, int dir, boolean not, String context) {
        assertNonWlanDir(dir);
        int llproto;
        int srcOff;
        int dstOff;
        switch (proto) {
            case Q.DEFAULT -> {
                Cond b0 = host(a, m, Q.IP, dir, not, context);
                if (labelStackDepth == 0) {
                    Cond b1 = host(a, m, Q.ARP, dir, not, context);
                    b1 = Ir.or(b0, b1);
                    b0 = host(a, m, Q.RARP, dir, not, context);
                    b0 = Ir.or(b1, b0);
                }
                return b0;
            }
            case Q.IP -> {
                llproto = ETHERTYPE_IP;
                srcOff = IPV4_SRCADDR_OFFSET;
                dstOff = IPV4_DSTADDR_OFFSET;
            }
            case Q.RARP -> {
                llproto = ETHERTYPE_REVARP;
                srcOff = ARP_SRCADDR_OFFSET;
                dstOff = ARP_DSTADDR_OFFSET;
            }
            case Q.ARP -> {
                llproto = ETHERTYPE_ARP;
                srcOff = ARP_SRCADDR_OFFSET;
                dstOff = ARP_DSTADDR_OFFSET;
            }
            default -> throw invalidQual(Q.protoKw(proto), context);
        }
        Cond b0 = linktype(llproto);
        if (b0.meaning == Ir.FALSE) {
            // No such protocol on this link type; do not ask for variable offsets a constant never needs.
            return b0;
        }
        Cond b1 = gfalse();
        for (int i = 0; i < a.length; i++) {
            b1 = Ir.or(b1, hostop(a[i], m[i], dir, srcOff, dstOff));
        }
        return Ir.and(b0, not ? Ir.not(b1) : b1);
    }

    private Cond host6(byte[][] a, byte[][] m, int proto, int dir, boolean not, String context) {
        assertNonWlanDir(dir);
        if (proto != Q.DEFAULT && proto != Q.IPV6) {
            throw invalidQual(Q.protoKw(proto), context);
        }
        Cond linkproto = linktype(ETHERTYPE_IPV6);
        Cond h = gfalse();
        for (int i = 0; i < a.length; i++) {
            h = Ir.or(h, hostop6(a[i], m[i], dir));
        }
        return Ir.and(linkproto, not ? Ir.not(h) : h);
    }

    private static final int MAX_PER_AF = 100;

    private Cond host46ByName(String name, int proto4, int proto6, int dir, boolean not) {
        String context = "host <Internet hostname>";
        List<byte[]> addrs = cfg.names().hostAddresses(name);
        if (addrs == null || addrs.isEmpty()) {
            throw error("unknown host '" + name + "'");
        }
        Cond ret = null;
        if (proto4 != Q.IPV6) {
            long[] v4 = addrs.stream().filter(x -> x.length == 4).mapToLong(x -> Integer.toUnsignedLong(word(x, 0)))
                    .sorted().toArray();
            if (v4.length > MAX_PER_AF) {
                throw error("More than " + MAX_PER_AF + " IPv4 addresses per name");
            }
            if (v4.length > 0) {
                int[] a = new int[v4.length];
                int[] m = new int[v4.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (int) v4[i];
                    m[i] = 0xffffffff;
                }
                ret = host(a, m, proto4, dir, not, context);
            }
        }
        if (proto6 != Q.ARP && proto6 != Q.IP && proto6 != Q.RARP) {
            byte[][] v6 = addrs.stream().filter(x -> x.length == 16).sorted(Arrays::compareUnsigned)
                    .toArray(byte[][]::new);
            if (v6.length > MAX_PER_AF) {
                throw error("More than " + MAX_PER_AF + " IPv6 addresses per name");
            }
            if (v6.length > 0) {
                byte[][] m = new byte[v6.length][];
                for (int i = 0; i < m.length; i++) {
                    m[i] = new byte[16];
                    Arrays.fill(m[i], (byte) 0xff);
                }
                Cond h6 = host6(v6, m, proto6, dir, not, context);
                ret = ret != null ? Ir.or(ret, h6) : h6;
            }
        }
        if (ret == null) {
            throw error("unknown host '" + name + "'" + (proto4 == Q.DEFAULT ? "" : " for specified address family"));
        }
        return ret;
    }

    private Cond dnhost(String s, long v, Qual q) {
        assertNonWlanDir(q.dir());
        if (q.addr() != Q.DEFAULT && q.addr() != Q.HOST) {
            throw invalidQual("decnet", Q.addrKw(q.addr()));
        }
        if (s == null) {
            throw error("invalid DECnet address '" + v + "'");
        }
        int addr = Addresses.parseDecnet(s);
        if (addr < 0) {
            throw error("invalid DECnet address '" + s + "'");
        }
        Cond b0 = linktype(ETHERTYPE_DN);
        Cond b1 = dnhostop(addr, q.dir());
        return Ir.and(b0, b1);
    }

    private static boolean isMac48Linktype(int lt) {
        return switch (lt) {
            case Dlt.EN10MB, Dlt.FDDI, Dlt.IEEE802, Dlt.IEEE802_11, Dlt.IEEE802_11_RADIO, Dlt.IEEE802_11_RADIO_AVS,
                 Dlt.IP_OVER_FC, Dlt.NETANALYZER, Dlt.NETANALYZER_TRANSPARENT, Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA,
                 Dlt.PPI, Dlt.PRISM_HEADER -> true;
            default -> false;
        };
    }

    private Cond mac48host(byte[] eaddr, int dir, String keyword) {
        Cond b1 = null;
        int srcOff;
        int dstOff;
        switch (linktype) {
            case Dlt.EN10MB, Dlt.NETANALYZER, Dlt.NETANALYZER_TRANSPARENT, Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA -> {
                b1 = prevLinkhdrCheck();
                srcOff = 6;
                dstOff = 0;
            }
            case Dlt.FDDI -> {
                srcOff = 6 + 1;
                dstOff = 1;
            }
            case Dlt.IEEE802 -> {
                srcOff = 8;
                dstOff = 2;
            }
            case Dlt.IEEE802_11, Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO, Dlt.PPI -> {
                return wlanhostop(eaddr, dir);
            }
            case Dlt.IP_OVER_FC -> {
                srcOff = 10;
                dstOff = 2;
            }
            default -> throw kwNotOnDlt(keyword);
        }
        assertNonWlanDir(dir);
        Cond b0;
        switch (dir) {
            case Q.SRC -> b0 = bcmp(Rel.LINKHDR, srcOff, 6, eaddr);
            case Q.DST -> b0 = bcmp(Rel.LINKHDR, dstOff, 6, eaddr);
            case Q.AND -> {
                Cond tmp = bcmp(Rel.LINKHDR, srcOff, 6, eaddr);
                b0 = Ir.and(tmp, bcmp(Rel.LINKHDR, dstOff, 6, eaddr));
            }
            default -> {
                Cond tmp = bcmp(Rel.LINKHDR, srcOff, 6, eaddr);
                b0 = Ir.or(tmp, bcmp(Rel.LINKHDR, dstOff, 6, eaddr));
            }
        }
        return b1 != null ? Ir.and(b1, b0) : b0;
    }

    private Cond mac48hostByName(String name, int dir, String context) {
        if (!isMac48Linktype(linktype)) {
            throw kwNotOnDlt(context);
        }
        byte[] e = cfg.names().etherAddress(name);
        if (e == null) {
            throw error("unknown Ethernet-like host '" + name + "'");
        }
        return mac48host(e, dir, context);
    }

    private Cond mac8host(int mac8, int dir, String context) {
        int srcOff;
        int dstOff;
        switch (linktype) {
            case Dlt.ARCNET, Dlt.ARCNET_LINUX -> {
                // ARCnet: one-byte source, then destination (RFC 1201 2.1)
                srcOff = 0;
                dstOff = 1;
            }
            case Dlt.BACNET_MS_TP -> {
                srcOff = 4;
                dstOff = 3;
            }
            default -> throw kwNotOnDlt(context);
        }
        return switch (dir) {
            case Q.SRC -> cmp(Rel.LINKHDR, srcOff, B, mac8);
            case Q.DST -> cmp(Rel.LINKHDR, dstOff, B, mac8);
            case Q.AND -> Ir.and(cmp(Rel.LINKHDR, srcOff, B, mac8), cmp(Rel.LINKHDR, dstOff, B, mac8));
            case Q.DEFAULT, Q.OR -> Ir.or(cmp(Rel.LINKHDR, srcOff, B, mac8), cmp(Rel.LINKHDR, dstOff, B, mac8));
            default -> throw error("internal error in gen_mac8host(): dir == '" + Q.dirKw(dir) + "'");
        };
    }

    private Cond gateway(String name, int proto) {
        switch (proto) {
            case Q.DEFAULT, Q.IP, Q.ARP, Q.RARP -> {
            }
            default -> throw invalidQual(Q.protoKw(proto), "gateway");
        }
        if (labelStackDepth != 0) {
            throw error("'gateway' cannot be used within MPLS");
        }
        if (isEncap) {
            throw error("'gateway' cannot be used within VXLAN or Geneve");
        }
        Cond b0 = mac48hostByName(name, Q.OR, "gateway");
        Cond b1 = host46ByName(name, proto, Q.IP, Q.OR, true);
        return Ir.and(b0, b1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Protocols and ports
    // ---------------------------------------------------------------------------------------------------------

    Cond protoAbbrev(int proto) {
        Cond b0;
        Cond b1;
        switch (proto) {
            case Q.SCTP, Q.TCP, Q.UDP, Q.AH, Q.ESP, Q.PIM:
                return genProto(protoToIpProto(proto), Q.DEFAULT);
            case Q.ICMP, Q.IGMP, Q.IGRP, Q.VRRP, Q.CARP:
                return genProto(protoToIpProto(proto), Q.IP);
            case Q.ICMPV6:
                return genProto(protoToIpProto(proto), Q.IPV6);
            case Q.IP, Q.ARP, Q.RARP, Q.ATALK, Q.AARP, Q.DECNET, Q.SCA, Q.LAT, Q.MOPDL, Q.MOPRC, Q.IPV6:
                return linktype(protoToEthertype(proto));
            case Q.ISO, Q.STP, Q.IPX, Q.NETBEUI:
                return linktype(protoToLlcSap(proto));
            case Q.ESIS, Q.ISIS, Q.CLNP:
                return genProto(protoToNlpid(proto), Q.ISO);
            case Q.ISIS_L1:
                return isisAny(ISIS_L1_LAN_IIH, ISIS_PTP_IIH, ISIS_L1_LSP, ISIS_L1_CSNP, ISIS_L1_PSNP);
            case Q.ISIS_L2:
                return isisAny(ISIS_L2_LAN_IIH, ISIS_PTP_IIH, ISIS_L2_LSP, ISIS_L2_CSNP, ISIS_L2_PSNP);
            case Q.ISIS_IIH:
                return isisAny(ISIS_L1_LAN_IIH, ISIS_L2_LAN_IIH, ISIS_PTP_IIH);
            case Q.ISIS_LSP:
                b0 = genProto(ISIS_L1_LSP, Q.ISIS);
                b1 = genProto(ISIS_L2_LSP, Q.ISIS);
                return Ir.or(b0, b1);
            case Q.ISIS_SNP:
                return isisAny(ISIS_L1_CSNP, ISIS_L2_CSNP, ISIS_L1_PSNP, ISIS_L2_PSNP);
            case Q.ISIS_CSNP:
                b0 = genProto(ISIS_L1_CSNP, Q.ISIS);
                b1 = genProto(ISIS_L2_CSNP, Q.ISIS);
                return Ir.or(b0, b1);
            case Q.ISIS_PSNP:
                b0 = genProto(ISIS_L1_PSNP, Q.ISIS);
                b1 = genProto(ISIS_L2_PSNP, Q.ISIS);
                return Ir.or(b0, b1);
            default:
                throw error("'" + Q.protoKw(proto) + "' cannot be used as an abbreviation");
        }
    }

    /** IS-IS PDU types t0 or t1 or ...: (t0|t1) then each next one ORed in front, as libpcap builds it. */
    private Cond isisAny(int... types) {
        Cond b0 = genProto(types[0], Q.ISIS);
        Cond b1 = genProto(types[1], Q.ISIS);
        b1 = Ir.or(b0, b1);
        for (int i = 2; i < types.length; i++) {
            b0 = genProto(types[i], Q.ISIS);
            b1 = Ir.or(b0, b1);
        }
        return b1;
    }

    private Cond ipProto(int proto) {
        return cmp(Rel.LINKPL, IPV4_PROTO_OFFSET, B, proto);
    }

    private Cond ip6Proto(int proto) {
        return cmp(Rel.LINKPL, IPV6_PROTO_OFFSET, B, proto);
    }

    /** Not a fragment other than the first (RFC 791 fragment offset is 0). */
    private Cond ipfrag() {
        return unset(0x1fff, loadA(Rel.LINKPL, 6, H));
    }

    private Cond portatom(int off, int v) {
        return cmp(Rel.TRAN_IPV4, off, H, v);
    }

    private Cond portatom6(int off, int v) {
        return cmp(Rel.TRAN_IPV6, off, H, v);
    }

    private Cond port(int port, int proto, int dir, int addr) {
        Cond b1;
        switch (dir) {
            case Q.SRC -> b1 = portatom(0, port);
            case Q.DST -> b1 = portatom(2, port);
            case Q.AND -> b1 = Ir.and(portatom(0, port), portatom(2, port));
            case Q.DEFAULT, Q.OR -> b1 = Ir.or(portatom(0, port), portatom(2, port));
            default -> throw invalidQual(Q.dirKw(dir), Q.addrKw(addr));
        }
        return portCommon(proto, b1);
    }

    private Cond portCommon(int proto, Cond b1) {
        Cond tmp;
        switch (proto) {
            case IPPROTO_UDP, IPPROTO_TCP, IPPROTO_SCTP -> tmp = ipProto(proto);
            case PROTO_UNDEF -> {
                tmp = ipProto(IPPROTO_SCTP);
                tmp = Ir.or(ipProto(IPPROTO_UDP), tmp);
                tmp = Ir.or(ipProto(IPPROTO_TCP), tmp);
            }
            default -> throw error("internal error in gen_port_common(): proto == " + proto);
        }
        Cond b0 = Ir.and(tmp, ipfrag());
        b1 = Ir.and(b0, b1);
        return Ir.and(linktype(ETHERTYPE_IP), b1);
    }

    private Cond port6(int port, int proto, int dir, int addr) {
        Cond b1;
        switch (dir) {
            case Q.SRC -> b1 = portatom6(0, port);
            case Q.DST -> b1 = portatom6(2, port);
            case Q.AND -> b1 = Ir.and(portatom6(0, port), portatom6(2, port));
            case Q.DEFAULT, Q.OR -> b1 = Ir.or(portatom6(0, port), portatom6(2, port));
            default -> throw invalidQual(Q.dirKw(dir), Q.addrKw(addr));
        }
        return port6Common(proto, b1);
    }

    private Cond port6Common(int proto, Cond b1) {
        Cond tmp;
        switch (proto) {
            case IPPROTO_UDP, IPPROTO_TCP, IPPROTO_SCTP -> tmp = ip6Proto(proto);
            case PROTO_UNDEF -> {
                tmp = ip6Proto(IPPROTO_SCTP);
                tmp = Ir.or(ip6Proto(IPPROTO_UDP), tmp);
                tmp = Ir.or(ip6Proto(IPPROTO_TCP), tmp);
            }
            default -> throw error("internal error in gen_port6_common(): proto == " + proto);
        }
        // only an upper-layer header right after the fixed IPv6 header
        b1 = Ir.and(tmp, b1);
        return Ir.and(linktype(ETHERTYPE_IPV6), b1);
    }

    private Cond portrangeatom(int off, int v1, int v2, boolean v6) {
        if (v1 == v2) {
            return v6 ? portatom6(off, v1) : portatom(off, v1);
        }
        Rel rel = v6 ? Rel.TRAN_IPV6 : Rel.TRAN_IPV4;
        Cond b1 = cmpGe(rel, off, H, Math.min(v1, v2));
        Cond b2 = cmpLe(rel, off, H, Math.max(v1, v2));
        return Ir.and(b1, b2);
    }

    private Cond portrange(int p1, int p2, int proto, int dir, boolean v6) {
        Cond b1;
        switch (dir) {
            case Q.SRC -> b1 = portrangeatom(0, p1, p2, v6);
            case Q.DST -> b1 = portrangeatom(2, p1, p2, v6);
            case Q.AND -> b1 = Ir.and(portrangeatom(0, p1, p2, v6), portrangeatom(2, p1, p2, v6));
            case Q.DEFAULT, Q.OR -> b1 = Ir.or(portrangeatom(0, p1, p2, v6), portrangeatom(2, p1, p2, v6));
            default -> throw invalidQual(Q.dirKw(dir), "portrange");
        }
        return v6 ? port6Common(proto, b1) : portCommon(proto, b1);
    }

    private int lookupProto(String name, Qual q) {
        int v = PROTO_UNDEF;
        switch (q.proto()) {
            case Q.DEFAULT, Q.IP, Q.IPV6 -> v = cfg.names().protocolNumber(name);
            case Q.LINK -> {
                v = EPROTO.getOrDefault(name, PROTO_UNDEF);
                if (v == PROTO_UNDEF) {
                    v = LLCPROTO.getOrDefault(name, PROTO_UNDEF);
                }
            }
            case Q.ISO -> v = switch (name) {
                case "esis" -> ISO9542_ESIS;
                case "isis" -> ISO10589_ISIS;
                case "clnp" -> ISO8473_CLNP;
                default -> PROTO_UNDEF;
            };
            default -> {
            }
        }
        if (v >= 0) {
            return v;
        }
        if (q.proto() == Q.DEFAULT) {
            throw error("unknown '" + Q.addrKw(q.addr()) + "' value '" + name + "'");
        }
        throw error("unknown '" + Q.protoKw(q.proto()) + " " + Q.addrKw(q.addr()) + "' value '" + name + "'");
    }

    private static final java.util.Map<String, Integer> EPROTO = java.util.Map.ofEntries(
            java.util.Map.entry("aarp", ETHERTYPE_AARP), java.util.Map.entry("arp", ETHERTYPE_ARP),
            java.util.Map.entry("atalk", ETHERTYPE_ATALK), java.util.Map.entry("decnet", ETHERTYPE_DN),
            java.util.Map.entry("ip", ETHERTYPE_IP), java.util.Map.entry("ip6", ETHERTYPE_IPV6),
            java.util.Map.entry("lat", ETHERTYPE_LAT), java.util.Map.entry("lldp", ETHERTYPE_LLDP),
            java.util.Map.entry("loopback", ETHERTYPE_LOOPBACK), java.util.Map.entry("mopdl", ETHERTYPE_MOPDL),
            java.util.Map.entry("moprc", ETHERTYPE_MOPRC), java.util.Map.entry("rarp", ETHERTYPE_REVARP),
            java.util.Map.entry("sca", ETHERTYPE_SCA), java.util.Map.entry("slow", ETHERTYPE_SLOW));
    private static final java.util.Map<String, Integer> LLCPROTO = java.util.Map.of("iso", LLCSAP_ISONS, "stp",
            LLCSAP_8021D, "ipx", LLCSAP_IPX, "netbeui", LLCSAP_NETBEUI);

    /**
     * Follows the IPv4/IPv6 header chain (hop-by-hop, destination options, routing, fragment, AH) looking for
     * protocol {@code v}. This is a loop, so the program cannot be optimized.
     */
    private Cond protochain(long v, int proto) {
        int reg2 = allocReg();
        switch (proto) {
            case Q.IP, Q.IPV6 -> maxval("protocol number", v, 255);
            case Q.DEFAULT -> {
                Cond b0 = protochain(v, Q.IP);
                Cond b = protochain(v, Q.IPV6);
                return Ir.or(b0, b);
            }
            default -> throw invalidQual(Q.protoKw(proto), "protochain");
        }
        if (offLinkpl.variable) {
            throw error("'protochain' not supported with variable length headers");
        }
        noOptimize = true;
        int pl = offLinkpl.constant + offNl;
        List<Stmt> s = new ArrayList<>();
        Cond b0;
        if (proto == Q.IP) {
            b0 = linktype(ETHERTYPE_IP);
            s.add(loadA(Rel.LINKPL, IPV4_PROTO_OFFSET, B));
            s.add(loadxIpHdrLen());
        } else {
            b0 = linktype(ETHERTYPE_IPV6);
            s.add(loadA(Rel.LINKPL, IPV6_PROTO_OFFSET, B));
            s.add(stmt(LDX | IMM, IP6_HDRLEN));
        }
        // again: if (A == v) goto end; if (A == NONE) goto end
        Stmt again = stmt(JMP | JEQ | K, (int) v);
        Stmt isNone = stmt(JMP | JEQ | K, IPPROTO_NONE);
        again.jf = isNone;
        s.add(again);
        s.add(isNone);
        Stmt ahcheck = stmt(JMP | JEQ | K, IPPROTO_AH);
        if (proto == Q.IPV6) {
            // extension headers with the common (next, length in 8-octet units) layout: RFC 8200 4.
            Stmt hop = stmt(JMP | JEQ | K, IPPROTO_HOPOPTS);
            Stmt dst = stmt(JMP | JEQ | K, IPPROTO_DSTOPTS);
            Stmt rt = stmt(JMP | JEQ | K, IPPROTO_ROUTING);
            Stmt frag = stmt(JMP | JEQ | K, IPPROTO_FRAGMENT);
            isNone.jf = hop;
            hop.jf = dst;
            dst.jf = rt;
            rt.jf = frag;
            frag.jf = ahcheck;
            Stmt advance = stmt(LD | IND | B, pl);
            hop.jt = advance;
            dst.jt = advance;
            rt.jt = advance;
            frag.jt = advance;
            Stmt back = stmt(JMP | JA | K, 0);
            back.jt = again;
            s.addAll(List.of(hop, dst, rt, frag, advance, stmt(ST, reg2), stmt(LD | IND | B, pl + 1),
                    stmt(ALU | ADD | K, 1), stmt(ALU | MUL | K, 8), stmt(ALU | ADD | X), stmt(MISC | TAX),
                    stmt(LD | MEM, reg2), back));
        } else {
            Stmt nop = stmt(ALU | ADD | K, 0);
            isNone.jf = nop;
            s.add(nop);
        }
        // ahcheck: AH length is in 4-octet units minus 2 (RFC 4302 2.2)
        s.add(ahcheck);
        Stmt ahLoad = stmt(LD | IND | B, pl);
        ahcheck.jt = ahLoad;
        Stmt back = stmt(JMP | JA | K, 0);
        back.jt = again;
        s.addAll(List.of(ahLoad, stmt(ST, reg2), stmt(MISC | TXA), stmt(ALU | ADD | K, 1), stmt(MISC | TAX),
                stmt(LD | IND | B, pl), stmt(ALU | ADD | K, 2), stmt(ALU | MUL | K, 4), stmt(MISC | TAX),
                stmt(LD | MEM, reg2), back));
        Stmt end = stmt(ALU | ADD | K, 0);
        s.add(end);
        again.jt = end;
        isNone.jt = end;
        ahcheck.jf = end;
        Stmt head = null;
        for (Stmt x : s) {
            head = Stmt.append(head, x);
        }
        Cond b = jmpK(JEQ, (int) v, head);
        freeReg(reg2);
        return Ir.and(b0, b);
    }

    /** {@code [proto] proto v}: the protocol field of the given layer (IP, IPv6, link, ISO, IS-IS). */
    Cond genProto(long v, int proto) {
        Cond b0;
        Cond b1;
        Cond b2;
        switch (proto) {
            case Q.DEFAULT -> {
                b0 = genProto(v, Q.IP);
                b1 = genProto(v, Q.IPV6);
                return Ir.or(b0, b1);
            }
            case Q.LINK -> {
                return linktype((int) v);
            }
            case Q.IP -> {
                maxval("protocol number", v, 255);
                b0 = linktype(ETHERTYPE_IP);
                b1 = ipProto((int) v);
                return Ir.and(b0, b1);
            }
            case Q.IPV6 -> {
                maxval("protocol number", v, 255);
                b0 = linktype(ETHERTYPE_IPV6);
                // also the protocol after one fragment header
                b2 = ip6Proto(IPPROTO_FRAGMENT);
                b1 = cmp(Rel.LINKPL, IP6_HDRLEN, B, (int) v);
                b1 = Ir.and(b2, b1);
                b2 = ip6Proto((int) v);
                b1 = Ir.or(b2, b1);
                return Ir.and(b0, b1);
            }
            case Q.ISO -> {
                maxval("ISO protocol", v, 255);
                switch (linktype) {
                    case Dlt.FRELAY:
                        return frelayNlpid((int) v);
                    case Dlt.C_HDLC, Dlt.HDLC:
                        // Cisco HDLC carries OSI as 0xfefe plus a fudge byte
                        b0 = linktype(LLCSAP_ISONS << 8 | LLCSAP_ISONS);
                        b1 = cmp(Rel.LINKPL_NOSNAP, 1, B, (int) v);
                        return Ir.and(b0, b1);
                    default:
                        b0 = linktype(LLCSAP_ISONS);
                        b1 = cmp(Rel.LINKPL_NOSNAP, 0, B, (int) v);
                        return Ir.and(b0, b1);
                }
            }
            case Q.ISIS -> {
                maxval("IS-IS PDU type", v, 0x1f);
                b0 = genProto(ISO10589_ISIS, Q.ISO);
                int pduTypeOffset = linktype == Dlt.C_HDLC || linktype == Dlt.HDLC ? 5 : 4;
                b1 = mcmp(Rel.LINKPL_NOSNAP, pduTypeOffset, B, (int) v, 0x1f);
                return Ir.and(b0, b1);
            }
            default -> throw invalidQual(Q.protoKw(proto), "proto");
        }
    }

    /** libpcap stringtoport: a number, or a service name (TCP first, then UDP). Returns port | proto << 32. */
    private long stringToPort(String s) {
        long v = Lexer.parseUnsigned(s);
        if (v >= 0) {
            return v | ((long) PROTO_UNDEF << 32);
        }
        if (v == -4) {
            throw error((s.startsWith("0x") || s.startsWith("0X") ? "hexadecimal" : s.startsWith("0") ? "octal"
                    : "decimal") + " number " + s + " overflows 32 bits");
        }
        int tcp = cfg.names().servicePort(s, "tcp");
        int udp = cfg.names().servicePort(s, "udp");
        if (tcp >= 0) {
            int proto = udp >= 0 && udp == tcp ? PROTO_UNDEF : IPPROTO_TCP;
            return tcp | ((long) proto << 32);
        }
        if (udp >= 0) {
            return udp | ((long) IPPROTO_UDP << 32);
        }
        throw error("'" + s + "' is not a valid port");
    }

    private static int realProtoForQual(int proto, int realProto, String name, boolean range) {
        String what = range ? "port in range '" + name + "' is " : "port '" + name + "' is ";
        return switch (proto) {
            case Q.UDP -> {
                if (realProto == IPPROTO_TCP) {
                    throw error(what + "tcp");
                } else if (realProto == IPPROTO_SCTP) {
                    throw error(what + "sctp");
                }
                yield IPPROTO_UDP;
            }
            case Q.TCP -> {
                if (realProto == IPPROTO_UDP) {
                    throw error(what + "udp");
                } else if (realProto == IPPROTO_SCTP) {
                    throw error(what + "sctp");
                }
                yield IPPROTO_TCP;
            }
            case Q.SCTP -> {
                if (realProto == IPPROTO_UDP) {
                    throw error(what + "udp");
                } else if (realProto == IPPROTO_TCP) {
                    throw error(what + "tcp");
                }
                yield IPPROTO_SCTP;
            }
            default -> realProto;
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // The id forms of the grammar: names, numbers, prefixes, MAC and ARCnet addresses
    // ---------------------------------------------------------------------------------------------------------

    /** A name (ID token) with qualifiers: host, network, port, port range, protocol names. */
    Cond scode(String name, Qual q) {
        int proto = q.proto();
        int dir = q.dir();
        if (proto == Q.DECNET) {
            throw invalidQual("decnet", Q.addrKw(q.addr() == Q.DEFAULT ? Q.HOST : q.addr()));
        }
        switch (q.addr()) {
            case Q.NET -> {
                long addr = cfg.names().networkNumber(name) & 0xffffffffL;
                if (addr == 0) {
                    throw error("unknown network '" + name + "'");
                }
                long mask = 0xffffffffL;
                while (addr != 0 && (addr & 0xff000000L) == 0) {
                    addr = (addr << 8) & 0xffffffffL;
                    mask = (mask << 8) & 0xffffffffL;
                }
                return host(new int[] {(int) addr}, new int[] {(int) mask}, proto, dir, false,
                        "net <IPv4 network name>");
            }
            case Q.DEFAULT, Q.HOST -> {
                if (proto == Q.LINK) {
                    return mac48hostByName(name, dir, "link host NAME");
                }
                return host46ByName(name, proto, proto, dir, false);
            }
            case Q.PORT -> {
                portProtoToIpProto(proto, "port");
                int tcp = cfg.names().servicePort(name, "tcp");
                int udp = cfg.names().servicePort(name, "udp");
                int port;
                int realProto;
                if (tcp >= 0) {
                    port = tcp;
                    realProto = udp >= 0 && udp == tcp ? PROTO_UNDEF : IPPROTO_TCP;
                } else if (udp >= 0) {
                    port = udp;
                    realProto = IPPROTO_UDP;
                } else {
                    throw error("unknown port '" + name + "'");
                }
                realProto = realProtoForQual(proto, realProto, name, false);
                Cond b = port(port, realProto, dir, q.addr());
                Cond b6 = port6(port, realProto, dir, q.addr());
                return Ir.or(b6, b);
            }
            case Q.PORTRANGE -> {
                portProtoToIpProto(proto, "portrange");
                int hyphen = name.indexOf('-');
                if (hyphen < 0) {
                    throw error("port range '" + name + "' contains no hyphen");
                }
                if (name.indexOf('-', hyphen + 1) >= 0) {
                    throw error("port range '" + name + "' contains more than one hyphen");
                }
                if (hyphen == 0) {
                    throw error("port range '" + name + "' has no starting port");
                }
                long r1 = stringToPort(name.substring(0, hyphen));
                if (hyphen == name.length() - 1) {
                    throw error("port range '" + name + "' has no ending port");
                }
                long r2 = stringToPort(name.substring(hyphen + 1));
                int p1proto = (int) (r1 >> 32);
                int realProto = (int) (r2 >> 32);
                if (realProto != p1proto) {
                    realProto = PROTO_UNDEF;
                }
                realProto = realProtoForQual(proto, realProto, name, true);
                long port1 = r1 & 0xffffffffL;
                long port2 = r2 & 0xffffffffL;
                maxval("port number", port1, 65535);
                maxval("port number", port2, 65535);
                Cond b = portrange((int) port1, (int) port2, realProto, dir, false);
                Cond b6 = portrange((int) port1, (int) port2, realProto, dir, true);
                return Ir.or(b6, b);
            }
            case Q.GATEWAY -> {
                return gateway(name, proto);
            }
            case Q.PROTO -> {
                return genProto(lookupProto(name, q), proto);
            }
            case Q.PROTOCHAIN -> {
                return protochain(lookupProto(name, q), proto);
            }
            case Q.UNDEF -> throw error("syntax error in filter expression");
            default -> throw invalidQual(Q.addrKw(q.addr()), name);
        }
    }

    /** An IPv4 prefix: {@code s1/masklen} or {@code s1 mask s2}. */
    Cond mcode(String s1, String s2, long masklen, Qual q) {
        if (q.proto() == Q.DECNET) {
            throw invalidQual("decnet", Q.addrKw(q.addr() == Q.DEFAULT ? Q.HOST : q.addr()));
        }
        long r = Addresses.atoin(s1);
        if (r < 0) {
            throw error("invalid IPv4 address '" + s1 + "'");
        }
        int nlen = (int) (r >>> 32);
        long n = (r & 0xffffffffL) << (32 - nlen) & 0xffffffffL;
        long m;
        String idstr;
        if (s2 != null) {
            long r2 = Addresses.atoin(s2);
            if (r2 < 0) {
                throw error("invalid IPv4 address '" + s2 + "'");
            }
            int mlen = (int) (r2 >>> 32);
            m = (r2 & 0xffffffffL) << (32 - mlen) & 0xffffffffL;
            idstr = s1 + " mask " + s2;
        } else {
            maxval("netmask length", masklen, 32);
            m = (0xffffffffL << (32 - masklen)) & 0xffffffffL;
            idstr = s1 + "/" + masklen;
        }
        if ((n & ~m) != 0) {
            throw error("non-network bits set in \"" + idstr + "\"");
        }
        if (q.addr() == Q.NET) {
            return host(new int[] {(int) n}, new int[] {(int) m}, q.proto(), q.dir(), false, "net <IPv4 prefix>");
        }
        throw invalidQual(Q.addrKw(q.addr()), idstr);
    }

    /** A number ({@code s == null}) or a dotted IPv4 address/network ({@code s}), with qualifiers. */
    Cond ncode(String s, long v, Qual q) {
        if (q.proto() == Q.DECNET) {
            return dnhost(s, v, q);
        }
        int proto = q.proto();
        int vlen;
        String idstr;
        if (s == null) {
            vlen = 32;
            idstr = Long.toString(v);
        } else {
            long r = Addresses.atoin(s);
            if (r < 0) {
                throw error("invalid IPv4 address '" + s + "'");
            }
            vlen = (int) (r >>> 32);
            v = r & 0xffffffffL;
            idstr = s;
        }
        switch (q.addr()) {
            case Q.DEFAULT, Q.HOST, Q.NET -> {
                if (proto == Q.LINK) {
                    throw error("illegal link-layer address '" + idstr + "'");
                }
                long mask = 0xffffffffL;
                if (s == null && q.addr() == Q.NET) {
                    // a short network number: 10 means 10.0.0.0/8
                    while (v != 0 && (v & 0xff000000L) == 0) {
                        v = (v << 8) & 0xffffffffL;
                        mask = (mask << 8) & 0xffffffffL;
                    }
                } else {
                    v = vlen == 0 ? v : (v << (32 - vlen)) & 0xffffffffL;
                    mask = vlen == 0 ? mask : (mask << (32 - vlen)) & 0xffffffffL;
                }
                return host(new int[] {(int) v}, new int[] {(int) mask}, proto, q.dir(), false,
                        q.addr() == Q.NET ? "net <IPv4 address>" : "host <IPv4 address>");
            }
            case Q.PORTRANGE, Q.PORT -> {
                int ipproto = portProtoToIpProto(proto, Q.addrKw(q.addr()));
                maxval("port number", v, 65535);
                Cond b = port((int) v, ipproto, q.dir(), q.addr());
                Cond b6 = port6((int) v, ipproto, q.dir(), q.addr());
                return Ir.or(b6, b);
            }
            case Q.PROTO -> {
                return genProto(v, proto);
            }
            case Q.PROTOCHAIN -> {
                return protochain(v, proto);
            }
            case Q.UNDEF -> throw error("syntax error in filter expression");
            default -> throw invalidQual(Q.addrKw(q.addr()), idstr);
        }
    }

    /** An IPv6 address or prefix. */
    Cond mcode6(String s, long masklen, Qual q) {
        byte[] addr = Addresses.parseIpv6(s);
        if (addr == null) {
            throw error("'" + s + "' is not a valid IPv6 address");
        }
        if (Long.compareUnsigned(masklen, 128) > 0) {
            throw error("mask length must be <= 128");
        }
        byte[] mask = new byte[16];
        for (int i = 0; i < masklen / 8; i++) {
            mask[i] = (byte) 0xff;
        }
        if (masklen % 8 != 0) {
            mask[(int) (masklen / 8)] = (byte) ((0xff << (8 - masklen % 8)) & 0xff);
        }
        for (int i = 0; i < 16; i++) {
            if ((addr[i] & ~mask[i]) != 0) {
                throw error("non-network bits set in \"" + s + "/" + masklen + "\"");
            }
        }
        switch (q.addr()) {
            case Q.DEFAULT, Q.HOST, Q.NET -> {
                if (q.addr() != Q.NET && masklen != 128) {
                    throw invalidQual("host", s + "/" + masklen);
                }
                return host6(new byte[][] {addr}, new byte[][] {mask}, q.proto(), q.dir(), false,
                        q.addr() == Q.HOST ? "host <IPv6 address>" : "net <IPv6 prefix>");
            }
            default -> {
                if (masklen == 128) {
                    throw invalidQual(Q.addrKw(q.addr()), s);
                }
                throw invalidQual(Q.addrKw(q.addr()), s + "/" + masklen);
            }
        }
    }

    /** A MAC-48 address. */
    Cond ecode(String s, Qual q) {
        String context = "link host XX:XX:XX:XX:XX:XX";
        if (!((q.addr() == Q.HOST || q.addr() == Q.DEFAULT) && q.proto() == Q.LINK)) {
            throw error("Ethernet address used in non-ether expression");
        }
        if (!isMac48Linktype(linktype)) {
            throw kwNotOnDlt(context);
        }
        byte[] e = Addresses.parseMac48(s);
        if (e == null) {
            throw error("invalid MAC-48 address '" + s + "'");
        }
        return mac48host(e, q.dir(), context);
    }

    /** An ARCnet/MS-TP address {@code $XX}. */
    Cond acode(String s, Qual q) {
        assertNonWlanDir(q.dir());
        if (q.addr() != Q.HOST && q.addr() != Q.DEFAULT) {
            throw invalidQual(Q.addrKw(q.addr()), "$XX");
        }
        if (q.proto() != Q.LINK) {
            throw error("'link' is the only valid proto qualifier for 'host $XX'");
        }
        int a = Addresses.parseArcnet(s);
        if (a < 0) {
            throw error("invalid MAC-8 address '" + s + "'");
        }
        return mac8host(a, q.dir(), "link host $XX");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Arithmetic: proto[expr:size], len, constants, operators, relations
    // ---------------------------------------------------------------------------------------------------------

    private static Stmt xferToX(Arth a) {
        return stmt(LDX | MEM, a.reg);
    }

    private static Stmt xferToA(Arth a) {
        return stmt(LD | MEM, a.reg);
    }

    /** {@code proto[inst : size]}: the value at offset {@code inst} from the start of the given header. */
    Arth load(int proto, Arth inst, long size) {
        int regno = allocReg();
        freeReg(inst.reg);
        int sizeCode = switch (size > 4 ? 0 : (int) size) {
            case 1 -> B;
            case 2 -> H;
            case 4 -> W;
            default -> throw error("data size must be 1, 2, or 4");
        };
        Cond b = null;
        Stmt s = null;
        int constpart = 0;
        switch (proto) {
            case Q.RADIO -> {
                if (linktype != Dlt.IEEE802_11_RADIO_AVS && linktype != Dlt.IEEE802_11_RADIO
                        && linktype != Dlt.PRISM_HEADER) {
                    throw error("radio information not present in capture");
                }
            }
            case Q.LINK -> {
                s = varpart(offLinkhdr);
                constpart = offLinkhdr.constant;
            }
            case Q.IP, Q.ARP, Q.RARP, Q.ATALK, Q.DECNET, Q.SCA, Q.LAT, Q.MOPRC, Q.MOPDL, Q.IPV6 -> {
                s = varpart(offLinkpl);
                constpart = offLinkpl.constant + offNl;
                b = protoAbbrev(proto);
            }
            case Q.SCTP, Q.TCP, Q.UDP, Q.ICMP, Q.IGMP, Q.IGRP, Q.PIM, Q.VRRP, Q.CARP -> {
                s = loadxIpHdrLen();
                constpart = offLinkpl.constant + offNl;
                // IPv4 only, first fragment only
                b = protoAbbrev(Q.IP);
                b = Ir.and(b, ipProto(protoToIpProto(proto)));
                b = Ir.and(b, ipfrag());
            }
            case Q.ICMPV6 -> {
                b = protoAbbrev(Q.IPV6);
                b = Ir.and(b, ip6Proto(IPPROTO_ICMPV6));
                s = varpart(offLinkpl);
                constpart = offLinkpl.constant + offNl + IP6_HDRLEN;
            }
            default -> throw error("'" + Q.protoKw(proto) + "' does not support the index operation");
        }
        if (b != null) {
            inst.guard = inst.guard != null ? Ir.and(inst.guard, b) : b;
        }
        // X = variable part + index, then load [x + constant part]
        Stmt varpart = s;
        if (varpart == null) {
            varpart = xferToX(inst);
        } else {
            Stmt.append(varpart, Stmt.list(xferToA(inst), stmt(ALU | ADD | X), stmt(MISC | TAX)));
        }
        Stmt ld = loadRel(varpart, constpart, sizeCode);
        inst.s = Stmt.append(inst.s, ld);
        inst.reg = regno;
        Stmt.append(inst.s, stmt(ST, regno));
        return inst;
    }

    Cond relation(int code, Arth a0, Arth a1, boolean reversed) {
        Stmt s0 = xferToX(a1);
        Stmt s1 = xferToA(a0);
        Stmt.append(s0, s1);
        Stmt.append(a1.s, s0);
        Stmt.append(a0.s, a1.s);
        Cond b = jmpX(code, a0.s);
        if (reversed) {
            b = Ir.not(b);
        }
        freeReg(a0.reg);
        freeReg(a1.reg);
        if (a0.guard != null) {
            b = Ir.and(a0.guard, b);
        }
        if (a1.guard != null) {
            b = Ir.and(a1.guard, b);
        }
        return b;
    }

    Arth loadLen() {
        int regno = allocReg();
        Arth a = new Arth();
        a.s = Stmt.list(stmt(LD | LEN), stmt(ST, regno));
        a.reg = regno;
        return a;
    }

    Arth loadI(long val) {
        Arth a = new Arth();
        int reg = allocReg();
        a.s = Stmt.list(stmt(LD | IMM, (int) val), stmt(ST, reg));
        a.reg = reg;
        return a;
    }

    Arth neg(Arth a) {
        Stmt.append(a.s, Stmt.list(xferToA(a), stmt(ALU | Bpf.NEG), stmt(ST, a.reg)));
        return a;
    }

    Arth arth(int code, Arth a0, Arth a1) {
        // Catch constant division, modulus and shift errors even when the optimizer does not run.
        boolean constRhs = a1.s.code == (LD | IMM);
        if (code == Bpf.DIV && constRhs && a1.s.k == 0) {
            throw error("division by zero");
        } else if (code == Bpf.MOD && constRhs && a1.s.k == 0) {
            throw error("modulus by zero");
        } else if ((code == LSH || code == Bpf.RSH) && constRhs && Integer.compareUnsigned(a1.s.k, 31) > 0) {
            throw error("shift by more than 31 bits");
        }
        Stmt s0 = xferToX(a1);
        Stmt s1 = xferToA(a0);
        Stmt s2 = stmt(ALU | X | code);
        Stmt.append(s1, s2);
        Stmt.append(s0, s1);
        Stmt.append(a1.s, s0);
        Stmt.append(a0.s, a1.s);
        freeReg(a0.reg);
        freeReg(a1.reg);
        int r = allocReg();
        a0.reg = r;
        Stmt.append(a0.s, stmt(ST, r));
        // libpcap keeps only the left operand's protocol checks here; so do we, to select the same packets.
        return a0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Other primitives
    // ---------------------------------------------------------------------------------------------------------

    private static Cond len(int jmp, int n) {
        return jmpK(jmp, n, stmt(LD | LEN));
    }

    Cond greater(long n) {
        return len(JGE, (int) n);
    }

    Cond less(long n) {
        return Ir.not(len(JGT, (int) n));
    }

    Cond byteop(int op, long idx, long val) {
        maxval("byte argument", val, 255);
        switch (op) {
            case '=':
                return cmp(Rel.LINKHDR, (int) idx, B, (int) val);
            case '<':
                return cmpLt(Rel.LINKHDR, (int) idx, B, (int) val);
            case '>':
                return cmpGt(Rel.LINKHDR, (int) idx, B, (int) val);
            default:
                break;
        }
        Stmt s = stmt(ALU | (op == '|' ? OR : AND) | K, (int) val);
        Stmt s0 = loadA(Rel.LINKHDR, (int) idx, B);
        Stmt.append(s0, s);
        return Ir.not(jmpK(JEQ, 0, s0));
    }

    private static final byte[] EBROADCAST = {-1, -1, -1, -1, -1, -1};

    Cond broadcast(int proto) {
        switch (proto) {
            case Q.DEFAULT, Q.LINK -> {
                switch (linktype) {
                    case Dlt.ARCNET, Dlt.ARCNET_LINUX -> {
                        return mac8host(0, Q.DST, "broadcast");
                    }
                    case Dlt.BACNET_MS_TP -> {
                        return mac8host(0xFF, Q.DST, "broadcast");
                    }
                    default -> {
                        return mac48host(EBROADCAST, Q.DST, "broadcast");
                    }
                }
            }
            case Q.IP -> {
                if (cfg.netmask() == NETMASK_UNKNOWN) {
                    throw error("netmask not known, so 'ip broadcast' not supported");
                }
                Cond b0 = linktype(ETHERTYPE_IP);
                int hostmask = ~cfg.netmask();
                Cond b1 = mcmp(Rel.LINKPL, IPV4_DSTADDR_OFFSET, W, 0, hostmask);
                Cond b2 = mcmp(Rel.LINKPL, IPV4_DSTADDR_OFFSET, W, hostmask, hostmask);
                return Ir.and(b0, Ir.or(b1, b2));
            }
            default -> throw invalidQual(Q.protoKw(proto), "broadcast");
        }
    }

    private Cond macMulticast(int offset) {
        return set(1, loadA(Rel.LINKHDR, offset, B));
    }

    Cond multicast(int proto) {
        switch (proto) {
            case Q.DEFAULT, Q.LINK -> {
                switch (linktype) {
                    case Dlt.ARCNET, Dlt.ARCNET_LINUX -> {
                        return mac8host(0, Q.DST, "multicast");
                    }
                    case Dlt.EN10MB, Dlt.NETANALYZER, Dlt.NETANALYZER_TRANSPARENT, Dlt.DSA_TAG_BRCM,
                         Dlt.DSA_TAG_DSA -> {
                        Cond b1 = prevLinkhdrCheck();
                        Cond b0 = macMulticast(0);
                        return b1 != null ? Ir.and(b1, b0) : b0;
                    }
                    case Dlt.FDDI -> {
                        return macMulticast(1);
                    }
                    case Dlt.IEEE802 -> {
                        return macMulticast(2);
                    }
                    case Dlt.IEEE802_11, Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO,
                         Dlt.PPI -> {
                        Cond b1 = set(FC1_DIR_TODS, loadA(Rel.LINKHDR, 1, B));
                        Cond b0 = macMulticast(16);
                        b0 = Ir.and(b1, b0);
                        Cond b2 = unset(FC1_DIR_TODS, loadA(Rel.LINKHDR, 1, B));
                        b1 = macMulticast(4);
                        b1 = Ir.and(b2, b1);
                        b0 = Ir.or(b1, b0);
                        b1 = set(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                        b0 = Ir.and(b1, b0);
                        b2 = unset(FC0_TYPE_DATA, loadA(Rel.LINKHDR, 0, B));
                        b1 = macMulticast(4);
                        b1 = Ir.and(b2, b1);
                        b0 = Ir.or(b1, b0);
                        b1 = unset(FC0_TYPE_CTL, loadA(Rel.LINKHDR, 0, B));
                        return Ir.and(b1, b0);
                    }
                    case Dlt.IP_OVER_FC -> {
                        return macMulticast(2);
                    }
                    default -> throw kwNotOnDlt("multicast");
                }
            }
            case Q.IP -> {
                Cond b0 = linktype(ETHERTYPE_IP);
                Cond b1 = mcmp(Rel.LINKPL, IPV4_DSTADDR_OFFSET, B, 0xe0, 0xf0);
                return Ir.and(b0, b1);
            }
            case Q.IPV6 -> {
                Cond b0 = linktype(ETHERTYPE_IPV6);
                Cond b1 = cmp(Rel.LINKPL, IPV6_DSTADDR_OFFSET, B, 255);
                return Ir.and(b0, b1);
            }
            default -> throw invalidQual(Q.protoKw(proto), "multicast");
        }
    }

    private void requireBasicExtensions(String keyword) {
        if (!cfg.linuxExtensions()) {
            throw error("not a live capture, '" + keyword + "' not supported on " + dltString());
        }
    }

    Cond ifindex(long ifindex) {
        if (linktype == Dlt.LINUX_SLL2) {
            return cmp(Rel.LINKHDR, 4, W, (int) ifindex);
        }
        requireBasicExtensions("ifindex");
        return cmp(Rel.LINKHDR, SKF_AD_OFF + SKF_AD_IFINDEX, W, (int) ifindex);
    }

    Cond inboundOutbound(boolean outbound) {
        switch (linktype) {
            case Dlt.SLIP:
                return cmp(Rel.LINKHDR, 0, B, outbound ? 1 : 0);
            case Dlt.IPNET:
                return cmp(Rel.LINKHDR, 2, H, outbound ? IPNET_OUTBOUND : IPNET_INBOUND);
            case Dlt.LINUX_SLL: {
                Cond b0 = cmp(Rel.LINKHDR, 0, H, LINUX_SLL_OUTGOING);
                return outbound ? b0 : Ir.not(b0);
            }
            case Dlt.LINUX_SLL2: {
                Cond b0 = cmp(Rel.LINKHDR, 10, B, LINUX_SLL_OUTGOING);
                return outbound ? b0 : Ir.not(b0);
            }
            case Dlt.PFLOG:
                return cmp(Rel.LINKHDR, PFLOG_DIR, B, outbound ? PF_OUT : PF_IN);
            case Dlt.PPP_PPPD:
                return cmp(Rel.LINKHDR, 0, B, outbound ? PPP_PPPD_OUT : PPP_PPPD_IN);
            case Dlt.JUNIPER_MFR, Dlt.JUNIPER_MLFR, Dlt.JUNIPER_MLPPP, Dlt.JUNIPER_ATM1, Dlt.JUNIPER_ATM2,
                 Dlt.JUNIPER_PPPOE, Dlt.JUNIPER_PPPOE_ATM, Dlt.JUNIPER_GGSN, Dlt.JUNIPER_ES, Dlt.JUNIPER_MONITOR,
                 Dlt.JUNIPER_SERVICES, Dlt.JUNIPER_ETHER, Dlt.JUNIPER_PPP, Dlt.JUNIPER_FRELAY, Dlt.JUNIPER_CHDLC,
                 Dlt.JUNIPER_VP, Dlt.JUNIPER_ST, Dlt.JUNIPER_ISM, Dlt.JUNIPER_VS, Dlt.JUNIPER_SRX_E2E,
                 Dlt.JUNIPER_FIBRECHANNEL, Dlt.JUNIPER_ATM_CEMIC:
                // the direction flag follows the 3-byte magic number
                return mcmp(Rel.LINKHDR, 3, B, outbound ? 0 : 1, 0x01);
            case Dlt.DSA_TAG_BRCM:
                // 0b000xxxxx egress (switch to CPU) is inbound, 0b001xxxxx outbound
                return mcmp(Rel.LINKHDR, 6 + 6, B, outbound ? 0x20 : 0x00, 0xe0);
            case Dlt.DSA_TAG_DSA:
                // To_CPU and To_Sniffer are inbound, From_CPU outbound; Forward tells nothing
                return mcmp(Rel.LINKHDR, 6 + 6, B, outbound ? 0x40 : 0x00, outbound ? 0xc0 : 0x40);
            default: {
                requireBasicExtensions(outbound ? "outbound" : "inbound");
                Cond b0 = cmp(Rel.LINKHDR, SKF_AD_OFF + SKF_AD_PKTTYPE, H, PACKET_OUTGOING);
                return outbound ? b0 : Ir.not(b0);
            }
        }
    }

    Cond pfIfname(String ifname) {
        assertPflog("ifname");
        if (ifname.length() >= 16) {
            throw error("ifname interface names can only be 15 characters");
        }
        return bcmp(Rel.LINKHDR, PFLOG_IFNAME, ifname.length(), ifname.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    Cond pfRuleset(String ruleset) {
        assertPflog("ruleset");
        if (ruleset.length() >= 16) {
            throw error("ruleset names can only be 15 characters");
        }
        return bcmp(Rel.LINKHDR, PFLOG_RULESET, ruleset.length(),
                ruleset.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    Cond pfRnr(long rnr) {
        assertPflog("rnr");
        return cmp(Rel.LINKHDR, PFLOG_RULENR, W, (int) rnr);
    }

    Cond pfSrnr(long srnr) {
        assertPflog("srnr");
        return cmp(Rel.LINKHDR, PFLOG_SUBRULENR, W, (int) srnr);
    }

    Cond pfReason(int reason) {
        assertPflog("reason");
        return cmp(Rel.LINKHDR, PFLOG_REASON, B, reason);
    }

    Cond pfAction(int action) {
        assertPflog("action");
        return cmp(Rel.LINKHDR, PFLOG_ACTION, B, action);
    }

    private boolean is80211() {
        return switch (linktype) {
            case Dlt.IEEE802_11, Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO, Dlt.PPI -> true;
            default -> false;
        };
    }

    Cond p80211Type(int type, int mask) {
        if (!is80211()) {
            throw kwNotOnDlt("type/subtype");
        }
        return mcmp(Rel.LINKHDR, 0, B, type, mask);
    }

    Cond p80211Fcdir(int fcdir) {
        if (!is80211()) {
            throw kwNotOnDlt("dir");
        }
        return mcmp(Rel.LINKHDR, 1, B, fcdir, FC1_DIR_MASK);
    }

    private Cond vlanTpidTest() {
        Cond b0 = linktype(ETHERTYPE_8021Q);
        Cond b1 = linktype(ETHERTYPE_8021AD);
        b0 = Ir.or(b0, b1);
        b1 = linktype(ETHERTYPE_8021QINQ);
        return Ir.or(b0, b1);
    }

    private Cond vlanVidTest(long vlanNum) {
        maxval("VLAN tag", vlanNum, 0x0fff);
        return mcmp(Rel.LINKPL, 0, H, (int) vlanNum, 0x0fff);
    }

    private Cond vlanNoBpfExtensions(long vlanNum, boolean hasTag) {
        Cond b0 = vlanTpidTest();
        if (hasTag) {
            b0 = Ir.and(b0, vlanVidTest(vlanNum));
        }
        // What follows is inside the tag.
        offLinkpl.constant += 4;
        offLinktype.constant += 4;
        return b0;
    }

    private Stmt vloffsetAdd(AbsOffset off, int v) {
        off.variable = true;
        if (off.reg == -1) {
            off.reg = allocReg();
        }
        return Stmt.list(stmt(LD | MEM, off.reg), stmt(ALU | ADD | IMM, v), stmt(ST, off.reg));
    }

    private Cond vlanBpfExtensions(long vlanNum, boolean hasTag) {
        // The kernel may have moved the outer tag into metadata; if not, the tag is in the packet and the
        // offsets move by 4 at run time.
        Cond b0 = jmpK(JEQ, 1, stmt(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT));
        Cond bTpid = vlanTpidTest();
        Cond bVid = hasTag ? vlanVidTest(vlanNum) : null;
        isVlanVloffset = true;
        Stmt shift = Stmt.append(vloffsetAdd(offLinkpl, 4), vloffsetAdd(offLinktype, 4));
        bTpid.prepend(shift);
        b0 = Ir.or(b0, bTpid);
        if (hasTag) {
            Stmt first = bVid.head.stmts;
            Stmt and = Stmt.last(first);
            Stmt ld = stmt(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT);
            Stmt jeq = stmt(JMP | JEQ | K, 1);
            Stmt ldTag = stmt(LD | H | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG);
            Stmt ja = stmt(JMP | JA | K, 0);
            jeq.jt = ldTag;
            jeq.jf = first;
            ja.jt = and;
            bVid.prepend(Stmt.list(ld, jeq, ldTag, ja));
            b0 = Ir.and(b0, bVid);
        }
        return b0;
    }

    Cond vlan(long vlanNum, boolean hasTag) {
        if (labelStackDepth > 0) {
            throw error("no VLAN match after MPLS");
        }
        Cond b0;
        switch (linktype) {
            case Dlt.EN10MB -> {
                if (vlanStackDepth == 0 && !offLinkhdr.variable
                        && offLinkhdr.constant == offOutermostLinkhdr.constant && cfg.linuxExtensions()) {
                    b0 = vlanBpfExtensions(vlanNum, hasTag);
                } else {
                    b0 = vlanNoBpfExtensions(vlanNum, hasTag);
                }
            }
            case Dlt.NETANALYZER, Dlt.NETANALYZER_TRANSPARENT, Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA, Dlt.IEEE802_11,
                 Dlt.PRISM_HEADER, Dlt.IEEE802_11_RADIO_AVS, Dlt.IEEE802_11_RADIO ->
                    b0 = vlanNoBpfExtensions(vlanNum, hasTag);
            default -> throw kwNotOnDlt("vlan");
        }
        vlanStackDepth++;
        return b0;
    }

    Cond mpls(long labelNum, boolean hasLabel) {
        Cond b0;
        if (labelStackDepth > 0) {
            b0 = Ir.not(justAfterMplsStack());
        } else {
            switch (linktype) {
                case Dlt.C_HDLC, Dlt.HDLC, Dlt.EN10MB, Dlt.NETANALYZER, Dlt.NETANALYZER_TRANSPARENT, Dlt.DSA_TAG_BRCM,
                     Dlt.DSA_TAG_DSA -> b0 = linktype(ETHERTYPE_MPLS);
                case Dlt.PPP -> b0 = linktype(PPP_MPLS_UCAST);
                default -> throw kwNotOnDlt("mpls");
            }
        }
        if (hasLabel) {
            maxval("MPLS label", labelNum, MPLS_LABEL_MAX);
            Cond b1 = mcmp(Rel.LINKPL, 0, W, (int) labelNum << MPLS_LABEL_SHIFT, MPLS_LABEL_MAX << MPLS_LABEL_SHIFT);
            b0 = Ir.and(b0, b1);
        }
        offNlNosnap += MPLS_STACKENTRY_LEN;
        offNl += MPLS_STACKENTRY_LEN;
        labelStackDepth++;
        return b0;
    }

    Cond pppoed() {
        return linktype(ETHERTYPE_PPPOED);
    }

    /** PPPoE session (RFC 2516 4): what follows is PPP after the 6-byte PPPoE header. */
    Cond pppoes(long sessNum, boolean hasSess) {
        Cond b0 = linktype(ETHERTYPE_PPPOES);
        if (hasSess) {
            maxval("PPPoE session number", sessNum, 65535);
            b0 = Ir.and(b0, cmp(Rel.LINKPL, 2, H, (int) sessNum));
        }
        pushLinkhdr(Dlt.PPP, offLinkpl.variable, offLinkpl.constant + offNl + 6, offLinkpl.reg);
        offLinktype = offLinkhdr.copy();
        offLinkpl.constant = offLinkhdr.constant + 2;
        offNl = 0;
        offNlNosnap = 0;
        return b0;
    }

    private interface PortGen {
        Cond gen(int port, int proto, int dir, int addr);
    }

    private Cond geneveCheck(PortGen portfn, Rel rel, long vni, boolean hasVni) {
        Cond b0 = portfn.gen(GENEVE_PORT, IPPROTO_UDP, Q.DST, Q.PORT);
        // version 0 (RFC 8926 3.4)
        b0 = Ir.and(b0, mcmp(rel, 8, B, 0, 0xc0));
        if (hasVni) {
            maxval("Geneve VNI", vni, 0xffffff);
            b0 = Ir.and(b0, mcmp(rel, 12, W, (int) vni << 8, 0xffffff00));
        }
        return b0;
    }

    /** Leaves the IPv4 header length (+ variable link prefix) in A, via a test that is always true. */
    private Cond ipv4HdrLenInA() {
        Stmt s = loadxIpHdrLen();
        Stmt.append(s, stmt(MISC | TXA));
        return jmpX(JEQ, s);
    }

    /** Leaves 40 (+ variable link prefix) in A and X, via a test that is always true. */
    private Cond ipv6HdrLenInA() {
        Stmt s = varpart(offLinkpl);
        if (s != null) {
            Stmt.append(s, Stmt.list(stmt(LD | IMM, IP6_HDRLEN), stmt(ALU | ADD | X)));
        } else {
            s = stmt(LD | IMM, IP6_HDRLEN);
        }
        Stmt.append(s, stmt(MISC | TAX));
        return jmpX(JEQ, s);
    }

    private Stmt geneveOffsets() {
        // A = IP header length; Geneve header starts after it and the 8-byte UDP header.
        Stmt s = stmt(ALU | ADD | K, offLinkpl.constant + offNl + 8);
        Stmt.append(s, Stmt.list(stmt(MISC | TAX), stmt(ALU | ADD | K, 2)));
        offLinktype = new AbsOffset();
        offLinktype.reg = allocReg();
        offLinktype.variable = true;
        offLinktype.constant = 0;
        Stmt.append(s, stmt(ST, offLinktype.reg));
        // option length: 6 bits in 4-octet units (RFC 8926 3.4)
        Stmt.append(s, Stmt.list(stmt(LD | IND | B, 0), stmt(ALU | AND | K, 0x3f), stmt(ALU | MUL | K, 4),
                stmt(ALU | ADD | K, 8), stmt(ALU | ADD | X)));
        pushLinkhdr(Dlt.EN10MB, true, 0, allocReg());
        Stmt.append(s, stmt(ST, offLinkhdr.reg));
        noOptimize = true;
        Stmt.append(s, Stmt.list(stmt(LD | IND | H, 2), stmt(LDX | MEM, offLinkhdr.reg)));
        Stmt isTeb = stmt(JMP | JEQ | K, ETHERTYPE_TEB);
        Stmt.append(s, isTeb);
        Stmt txa = stmt(MISC | TXA);
        Stmt.append(s, txa);
        isTeb.jt = txa;
        Stmt.append(s, stmt(ALU | ADD | K, 12));
        Stmt.append(s, stmt(ST, offLinktype.reg));
        Stmt.append(s, Stmt.list(stmt(ALU | ADD | K, 2), stmt(MISC | TAX)));
        offLinkpl = new AbsOffset();
        offLinkpl.reg = allocReg();
        offLinkpl.variable = true;
        offLinkpl.constant = 0;
        Stmt stx = stmt(STX, offLinkpl.reg);
        Stmt.append(s, stx);
        isTeb.jf = stx;
        offNl = 0;
        return s;
    }

    Cond geneve(long vni, boolean hasVni) {
        Cond b0 = Ir.and(geneveCheck(this::port, Rel.TRAN_IPV4, vni, hasVni), ipv4HdrLenInA());
        Cond b1 = Ir.and(geneveCheck(this::port6, Rel.TRAN_IPV6, vni, hasVni), ipv6HdrLenInA());
        Cond offsets = gtrue().prepend(geneveOffsets());
        isEncap = true;
        return Ir.and(Ir.or(b0, b1), offsets);
    }

    private Cond vxlanCheck(PortGen portfn, Rel rel, long vni, boolean hasVni) {
        Cond b0 = portfn.gen(VXLAN_PORT, IPPROTO_UDP, Q.DST, Q.PORT);
        // flags: I bit set (RFC 7348 5)
        b0 = Ir.and(b0, cmp(rel, 8, B, 0x08));
        if (hasVni) {
            maxval("VXLAN VNI", vni, 0xffffff);
            b0 = Ir.and(b0, mcmp(rel, 12, W, (int) vni << 8, 0xffffff00));
        }
        return b0;
    }

    private Stmt vxlanOffsets() {
        Stmt s = stmt(ALU | ADD | K, offLinkpl.constant + offNl + 8);
        Stmt.append(s, stmt(ALU | ADD | K, 8));
        pushLinkhdr(Dlt.EN10MB, true, 0, allocReg());
        Stmt.append(s, stmt(ST, offLinkhdr.reg));
        Stmt.append(s, stmt(ALU | ADD | K, 12));
        offLinktype = new AbsOffset();
        offLinktype.reg = allocReg();
        offLinktype.variable = true;
        offLinktype.constant = 0;
        Stmt.append(s, stmt(ST, offLinktype.reg));
        Stmt.append(s, Stmt.list(stmt(ALU | ADD | K, 2), stmt(MISC | TAX)));
        offLinkpl = new AbsOffset();
        offLinkpl.reg = allocReg();
        offLinkpl.variable = true;
        offLinkpl.constant = 0;
        Stmt.append(s, stmt(STX, offLinkpl.reg));
        offNl = 0;
        return s;
    }

    Cond vxlan(long vni, boolean hasVni) {
        Cond b0 = Ir.and(vxlanCheck(this::port, Rel.TRAN_IPV4, vni, hasVni), ipv4HdrLenInA());
        Cond b1 = Ir.and(vxlanCheck(this::port6, Rel.TRAN_IPV6, vni, hasVni), ipv6HdrLenInA());
        Cond offsets = gtrue().prepend(vxlanOffsets());
        isEncap = true;
        return Ir.and(Ir.or(b0, b1), offsets);
    }

    /** Inside Geneve/VXLAN: there is an Ethernet header when the link header and payload offsets differ. */
    private Cond encapLlCheck() {
        Stmt s = Stmt.list(stmt(LD | MEM, offLinkhdr.reg), stmt(LDX | MEM, offLinkpl.reg));
        return Ir.not(jmpX(JEQ, s));
    }

    Cond atmfieldCode(int atmfield, long jvalue, int jtype, boolean reverse) {
        assertAtm(Q.atmKw(atmfield));
        return switch (atmfield) {
            case Q.A_VPI -> {
                maxval("VPI", jvalue, 255);
                yield ncmp(Rel.LINKHDR, offVpi, B, 0xffffffff, jtype, reverse, (int) jvalue);
            }
            case Q.A_VCI -> {
                maxval("VCI", jvalue, 65535);
                yield ncmp(Rel.LINKHDR, offVci, H, 0xffffffff, jtype, reverse, (int) jvalue);
            }
            default -> throw error("internal error in gen_atmfield_code_internal(): atmfield == " + atmfield);
        };
    }

    private Cond atmVpi(int v) {
        return atmfieldCode(Q.A_VPI, v, JEQ, false);
    }

    private Cond atmVci(int v) {
        return atmfieldCode(Q.A_VCI, v, JEQ, false);
    }

    private Cond atmPrototype(int v) {
        return mcmp(Rel.LINKHDR, offProto, B, v, 0x0f);
    }

    private Cond atmtypeLlc() {
        Cond b0 = atmPrototype(PT_LLC);
        linktype = prevLinktype;
        return b0;
    }

    Cond atmtypeAbbrev(int type) {
        assertAtm(Q.atmKw(type));
        return switch (type) {
            case Q.A_METAC -> Ir.and(atmVpi(0), atmVci(1));
            case Q.A_BCC -> Ir.and(atmVpi(0), atmVci(2));
            case Q.A_OAMF4SC -> Ir.and(atmVpi(0), atmVci(3));
            case Q.A_OAMF4EC -> Ir.and(atmVpi(0), atmVci(4));
            case Q.A_SC -> Ir.and(atmVpi(0), atmVci(5));
            case Q.A_ILMIC -> Ir.and(atmVpi(0), atmVci(16));
            case Q.A_LANE -> {
                // LANE: assume Ethernet emulation after the 2-byte LE header
                Cond b1 = atmPrototype(PT_LANE);
                pushLinkhdr(Dlt.EN10MB, false, offPayload + 2, -1);
                offLinktype.constant = offLinkhdr.constant + 12;
                offLinkpl.constant = offLinkhdr.constant + 14;
                offNl = 0;
                offNlNosnap = 3;
                yield b1;
            }
            default -> throw error("internal error in gen_atmtype_abbrev(): type == " + type);
        };
    }

    Cond mtp2typeAbbrev(int type) {
        assertSs7(Q.ss7Kw(type, false));
        return switch (type) {
            case Q.M_FISU -> ncmp(Rel.PACKET, offLi, B, 0x3f, JEQ, false, 0);
            case Q.M_LSSU -> {
                Cond b0 = ncmp(Rel.PACKET, offLi, B, 0x3f, JGT, true, 2);
                Cond b1 = ncmp(Rel.PACKET, offLi, B, 0x3f, JGT, false, 0);
                yield Ir.and(b1, b0);
            }
            case Q.M_MSU -> ncmp(Rel.PACKET, offLi, B, 0x3f, JGT, false, 2);
            case Q.MH_FISU -> ncmp(Rel.PACKET, offLiHsl, H, 0xff80, JEQ, false, 0);
            case Q.MH_LSSU -> {
                Cond b0 = ncmp(Rel.PACKET, offLiHsl, H, 0xff80, JGT, true, 0x0100);
                Cond b1 = ncmp(Rel.PACKET, offLiHsl, H, 0xff80, JGT, false, 0);
                yield Ir.and(b1, b0);
            }
            case Q.MH_MSU -> ncmp(Rel.PACKET, offLiHsl, H, 0xff80, JGT, false, 0x0100);
            default -> throw error("internal error in gen_mtp2type_abbrev(): type == " + type);
        };
    }

    /** MTP3 routing label fields (ITU-T Q.704 2.2), little-endian on the wire. */
    Cond mtp3fieldCode(int field, long jvalue, int jtype, boolean reverse) {
        assertSs7(Q.ss7Kw(field, true));
        int sio = offSio;
        int opc = offOpc;
        int dpc = offDpc;
        int sls = offSls;
        switch (field) {
            case Q.MH_SIO:
                sio += 3;
                // fall through
            case Q.M_SIO:
                maxval(Q.ss7Kw(field, true), jvalue, 255);
                return ncmp(Rel.PACKET, sio, B, 0xffffffff, jtype, reverse, (int) jvalue);
            case Q.MH_OPC:
                opc += 3;
                // fall through
            case Q.M_OPC:
                maxval(Q.ss7Kw(field, true), jvalue, 0x3fff);
                return ncmp(Rel.PACKET, opc, W, Integer.reverseBytes(0x3fff << 14), jtype, reverse,
                        Integer.reverseBytes((int) jvalue << 14));
            case Q.MH_DPC:
                dpc += 3;
                // fall through
            case Q.M_DPC:
                maxval(Q.ss7Kw(field, true), jvalue, 0x3fff);
                return ncmp(Rel.PACKET, dpc, H, swapShort(0x3fff), jtype, reverse, swapShort((int) jvalue));
            case Q.MH_SLS:
                sls += 3;
                // fall through
            case Q.M_SLS:
                maxval(Q.ss7Kw(field, true), jvalue, 0xf);
                return ncmp(Rel.PACKET, sls, B, 0xf << 4, jtype, reverse, (int) jvalue << 4);
            default:
                throw error("internal error in gen_mtp3field_code_internal(): mtp3field == " + field);
        }
    }

    private static int swapShort(int v) {
        return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
    }

    private Cond msgAbbrev(int type) {
        return cmp(Rel.LINKHDR, offPayload + MSG_TYPE_POS, B, type);
    }

    Cond atmmultiAbbrev(int type) {
        assertAtm(Q.atmKw(type));
        switch (type) {
            case Q.A_OAM, Q.A_OAMF4 -> {
                Cond b1 = Ir.or(atmVci(3), atmVci(4));
                return Ir.and(atmVpi(0), b1);
            }
            case Q.A_CONNECTMSG -> {
                Cond b1 = Ir.or(msgAbbrev(SETUP), msgAbbrev(CALL_PROCEED));
                b1 = Ir.or(msgAbbrev(CONNECT), b1);
                b1 = Ir.or(msgAbbrev(CONNECT_ACK), b1);
                b1 = Ir.or(msgAbbrev(RELEASE), b1);
                b1 = Ir.or(msgAbbrev(RELEASE_DONE), b1);
                return Ir.and(atmtypeAbbrev(Q.A_SC), b1);
            }
            case Q.A_METACONNECT -> {
                Cond b1 = Ir.or(msgAbbrev(SETUP), msgAbbrev(CALL_PROCEED));
                b1 = Ir.or(msgAbbrev(CONNECT), b1);
                b1 = Ir.or(msgAbbrev(RELEASE), b1);
                b1 = Ir.or(msgAbbrev(RELEASE_DONE), b1);
                return Ir.and(atmtypeAbbrev(Q.A_METAC), b1);
            }
            default -> throw error("internal error in gen_atmmulti_abbrev(): type == " + type);
        }
    }
}
