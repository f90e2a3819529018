package io.osprey.filter;

/**
 * Classic BPF opcodes (the {@code struct bpf_insn} encoding of bpf(4) and libpcap's pcap/bpf.h) and the one-line
 * text form of an instruction that {@code tcpdump -d} prints. The compiler's intermediate code uses these codes, so
 * its programs can be compared instruction for instruction with libpcap's.
 */
final class Bpf {
    private Bpf() {
    }

    // instruction classes
    static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
    // load sizes
    static final int W = 0x00, H = 0x08, B = 0x10;
    // load modes
    static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, LEN = 0x80, MSH = 0xa0;
    // ALU operations
    static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60, RSH = 0x70,
            NEG = 0x80, MOD = 0x90, XOR = 0xa0;
    // jump operations
    static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
    // operand source
    static final int K = 0x00, X = 0x08;
    // return value source
    static final int RET_A = 0x10;
    // MISC operations
    static final int TAX = 0x00, TXA = 0x80;

    /** Scratch memory words (BPF_MEMWORDS). */
    static final int MEMWORDS = 16;

    /** Linux "ancillary data" load offsets start here (SKF_AD_OFF = -0x1000). */
    static final int SKF_AD_OFF = -0x1000;
    static final int SKF_AD_PKTTYPE = 4, SKF_AD_IFINDEX = 8, SKF_AD_VLAN_TAG = 44, SKF_AD_VLAN_TAG_PRESENT = 48;

    static int cls(int code) {
        return code & 0x07;
    }

    static int size(int code) {
        return code & 0x18;
    }

    static int mode(int code) {
        return code & 0xe0;
    }

    static int op(int code) {
        return code & 0xf0;
    }

    static int src(int code) {
        return code & 0x08;
    }

    static int rval(int code) {
        return code & 0x18;
    }

    static int miscop(int code) {
        return code & 0xf8;
    }

    /** One linear instruction: opcode, jump offsets (relative, as in bpf_insn) and the constant k. */
    record Insn(int code, int jt, int jf, int k) {
    }

    private static final String[] SKF_NAMES = new String[64];

    static {
        SKF_NAMES[0] = "proto";
        SKF_NAMES[4] = "type";
        SKF_NAMES[8] = "ifidx";
        SKF_NAMES[12] = "nla";
        SKF_NAMES[16] = "nlan";
        SKF_NAMES[20] = "mark";
        SKF_NAMES[24] = "queue";
        SKF_NAMES[28] = "hatype";
        SKF_NAMES[32] = "rxhash";
        SKF_NAMES[36] = "cpu";
        SKF_NAMES[44] = "vlan_tci";
        SKF_NAMES[48] = "vlanp";
        SKF_NAMES[52] = "poff";
        SKF_NAMES[56] = "random";
        SKF_NAMES[60] = "vlan_tpid";
    }

    private static String absOperand(int k) {
        long uk = Integer.toUnsignedLong(k);
        long base = Integer.toUnsignedLong(SKF_AD_OFF);
        if (uk >= base && uk < base + 64 && SKF_NAMES[(int) (uk - base)] != null) {
            return "[" + SKF_NAMES[(int) (uk - base)] + "]";
        }
        return "[" + k + "]";
    }

    /** The instruction as {@code tcpdump -d} (libpcap's bpf_image) prints it, {@code n} being its index. */
    static String image(Insn p, int n) {
        String op;
        String operand;
        int k = p.k();
        switch (p.code()) {
            case RET | K -> { op = "ret"; operand = "#" + k; }
            case RET | RET_A -> { op = "ret"; operand = ""; }
            case LD | W | ABS -> { op = "ld"; operand = absOperand(k); }
            case LD | H | ABS -> { op = "ldh"; operand = absOperand(k); }
            case LD | B | ABS -> { op = "ldb"; operand = absOperand(k); }
            case LD | W | LEN -> { op = "ld"; operand = "#pktlen"; }
            case LDX | W | LEN -> { op = "ldx"; operand = "#pktlen"; }
            case LD | W | IND -> { op = "ld"; operand = "[x + " + k + "]"; }
            case LD | H | IND -> { op = "ldh"; operand = "[x + " + k + "]"; }
            case LD | B | IND -> { op = "ldb"; operand = "[x + " + k + "]"; }
            case LD | IMM -> { op = "ld"; operand = "#0x" + Integer.toHexString(k); }
            case LDX | IMM -> { op = "ldx"; operand = "#0x" + Integer.toHexString(k); }
            case LDX | MSH | B -> { op = "ldxb"; operand = "4*([" + k + "]&0xf)"; }
            case LD | MEM -> { op = "ld"; operand = "M[" + k + "]"; }
            case LDX | MEM -> { op = "ldx"; operand = "M[" + k + "]"; }
            case ST -> { op = "st"; operand = "M[" + k + "]"; }
            case STX -> { op = "stx"; operand = "M[" + k + "]"; }
            case JMP | JA -> { op = "ja"; operand = Integer.toString(n + 1 + k); }
            case JMP | JGT | K -> { op = "jgt"; operand = "#0x" + Integer.toHexString(k); }
            case JMP | JGE | K -> { op = "jge"; operand = "#0x" + Integer.toHexString(k); }
            case JMP | JEQ | K -> { op = "jeq"; operand = "#0x" + Integer.toHexString(k); }
            case JMP | JSET | K -> { op = "jset"; operand = "#0x" + Integer.toHexString(k); }
            case JMP | JGT | X -> { op = "jgt"; operand = "x"; }
            case JMP | JGE | X -> { op = "jge"; operand = "x"; }
            case JMP | JEQ | X -> { op = "jeq"; operand = "x"; }
            case JMP | JSET | X -> { op = "jset"; operand = "x"; }
            case ALU | ADD | X -> { op = "add"; operand = "x"; }
            case ALU | SUB | X -> { op = "sub"; operand = "x"; }
            case ALU | MUL | X -> { op = "mul"; operand = "x"; }
            case ALU | DIV | X -> { op = "div"; operand = "x"; }
            case ALU | MOD | X -> { op = "mod"; operand = "x"; }
            case ALU | AND | X -> { op = "and"; operand = "x"; }
            case ALU | OR | X -> { op = "or"; operand = "x"; }
            case ALU | XOR | X -> { op = "xor"; operand = "x"; }
            case ALU | LSH | X -> { op = "lsh"; operand = "x"; }
            case ALU | RSH | X -> { op = "rsh"; operand = "x"; }
            case ALU | ADD | K -> { op = "add"; operand = "#" + k; }
            case ALU | SUB | K -> { op = "sub"; operand = "#" + k; }
            case ALU | MUL | K -> { op = "mul"; operand = "#" + k; }
            case ALU | DIV | K -> { op = "div"; operand = "#" + k; }
            case ALU | MOD | K -> { op = "mod"; operand = "#" + k; }
            case ALU | AND | K -> { op = "and"; operand = "#0x" + Integer.toHexString(k); }
            case ALU | OR | K -> { op = "or"; operand = "#0x" + Integer.toHexString(k); }
            case ALU | XOR | K -> { op = "xor"; operand = "#0x" + Integer.toHexString(k); }
            case ALU | LSH | K -> { op = "lsh"; operand = "#" + k; }
            case ALU | RSH | K -> { op = "rsh"; operand = "#" + k; }
            case ALU | NEG -> { op = "neg"; operand = ""; }
            case MISC | TAX -> { op = "tax"; operand = ""; }
            case MISC | TXA -> { op = "txa"; operand = ""; }
            default -> { op = "unimp"; operand = "0x" + Integer.toHexString(p.code()); }
        }
        String idx = String.format("(%03d) ", n);
        if (cls(p.code()) == JMP && op(p.code()) != JA) {
            return idx + String.format("%-8s %-16s jt %d\tjf %d", op, operand, n + 1 + p.jt(), n + 1 + p.jf());
        } else if (operand.isEmpty()) {
            return idx + op;
        } else {
            return idx + String.format("%-8s %s", op, operand);
        }
    }
}
