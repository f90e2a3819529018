package io.osprey.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads programs in the text form of {@code tcpdump -d} (libpcap's bpf_image), as the corpus stores them. */
final class BpfText {
    private BpfText() {
    }

    private static final Pattern LINE = Pattern.compile(
            "\\((\\d+)\\)\\s+(\\S+)\\s*(.*?)(?:\\s+jt (\\d+)\\s+jf (\\d+))?\\s*(?:;.*)?$");
    private static final Map<String, Integer> ANCILLARY = Map.ofEntries(Map.entry("proto", 0),
            Map.entry("type", 4), Map.entry("ifidx", 8), Map.entry("nla", 12), Map.entry("nlan", 16),
            Map.entry("mark", 20), Map.entry("queue", 24), Map.entry("hatype", 28), Map.entry("rxhash", 32),
            Map.entry("cpu", 36), Map.entry("xor_x", 40), Map.entry("vlan_tci", 44), Map.entry("vlanp", 48),
            Map.entry("poff", 52), Map.entry("random", 56), Map.entry("vlan_tpid", 60));

    static Program parse(String text) {
        List<int[]> insns = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot read: " + line);
            }
            String op = m.group(2);
            String arg = m.group(3).strip();
            int jt = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int jf = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            insns.add(insn(op, arg, jt, jf));
        }
        int n = insns.size();
        int[] code = new int[n];
        int[] k = new int[n];
        int[] jt = new int[n];
        int[] jf = new int[n];
        for (int i = 0; i < n; i++) {
            code[i] = insns.get(i)[0];
            k[i] = insns.get(i)[1];
            jt[i] = insns.get(i)[2];
            jf[i] = insns.get(i)[3];
        }
        return new Program(code, k, jt, jf);
    }

    private static long num(String s) {
        s = s.startsWith("#") ? s.substring(1) : s;
        if (s.startsWith("0x")) {
            return Long.parseLong(s.substring(2), 16);
        }
        return Long.parseLong(s);
    }

    private static int[] insn(String op, String arg, int jt, int jf) {
        int code;
        int k = 0;
        switch (op) {
            case "ret" -> {
                code = arg.isEmpty() ? Bpf.RET | Bpf.RET_A : Bpf.RET | Bpf.K;
                k = arg.isEmpty() ? 0 : (int) num(arg);
            }
            case "ld", "ldh", "ldb" -> {
                int size = op.equals("ld") ? Bpf.W : op.equals("ldh") ? Bpf.H : Bpf.B;
                if (arg.equals("#pktlen")) {
                    code = Bpf.LD | Bpf.W | Bpf.LEN;
                } else if (arg.startsWith("#")) {
                    code = Bpf.LD | Bpf.IMM;
                    k = (int) num(arg);
                } else if (arg.startsWith("M[")) {
                    code = Bpf.LD | Bpf.MEM;
                    k = Integer.parseInt(arg.substring(2, arg.length() - 1));
                } else if (arg.startsWith("[x + ")) {
                    code = Bpf.LD | Bpf.IND | size;
                    k = (int) num(arg.substring(5, arg.length() - 1));
                } else {
                    code = Bpf.LD | Bpf.ABS | size;
                    String inner = arg.substring(1, arg.length() - 1);
                    Integer anc = ANCILLARY.get(inner);
                    k = anc != null ? Bpf.SKF_AD_OFF + anc : (int) num(inner);
                }
            }
            case "ldx" -> {
                if (arg.equals("#pktlen")) {
                    code = Bpf.LDX | Bpf.W | Bpf.LEN;
                } else if (arg.startsWith("#")) {
                    code = Bpf.LDX | Bpf.IMM;
                    k = (int) num(arg);
                } else {
                    code = Bpf.LDX | Bpf.MEM;
                    k = Integer.parseInt(arg.substring(2, arg.length() - 1));
                }
            }
            case "ldxb" -> {
                code = Bpf.LDX | Bpf.MSH | Bpf.B;
                k = (int) num(arg.substring(arg.indexOf('[') + 1, arg.indexOf(']')));
            }
            case "st", "stx" -> {
                code = op.equals("st") ? Bpf.ST : Bpf.STX;
                k = Integer.parseInt(arg.substring(2, arg.length() - 1));
            }
            case "ja" -> {
                code = Bpf.JMP | Bpf.JA;
                jt = Integer.parseInt(arg);
                jf = jt;
            }
            case "jeq", "jgt", "jge", "jset" -> {
                int o = switch (op) {
                    case "jeq" -> Bpf.JEQ;
                    case "jgt" -> Bpf.JGT;
                    case "jge" -> Bpf.JGE;
                    default -> Bpf.JSET;
                };
                if (arg.equals("x")) {
                    code = Bpf.JMP | o | Bpf.X;
                } else {
                    code = Bpf.JMP | o | Bpf.K;
                    k = (int) num(arg);
                }
            }
            case "tax" -> code = Bpf.MISC | Bpf.TAX;
            case "txa" -> code = Bpf.MISC | Bpf.TXA;
            case "neg" -> code = Bpf.ALU | Bpf.NEG;
            default -> {
                int o = switch (op) {
                    case "add" -> Bpf.ADD;
                    case "sub" -> Bpf.SUB;
                    case "mul" -> Bpf.MUL;
                    case "div" -> Bpf.DIV;
                    case "mod" -> Bpf.MOD;
                    case "and" -> Bpf.AND;
                    case "or" -> Bpf.OR;
                    case "xor" -> Bpf.XOR;
                    case "lsh" -> Bpf.LSH;
                    case "rsh" -> Bpf.RSH;
                    default -> throw new IllegalArgumentException("unknown instruction " + op);
                };
                if (arg.equals("x")) {
                    code = Bpf.ALU | o | Bpf.X;
                } else {
                    code = Bpf.ALU | o | Bpf.K;
                    k = (int) num(arg);
                }
            }
        }
        return new int[] {code, k, jt, jf};
    }
}
