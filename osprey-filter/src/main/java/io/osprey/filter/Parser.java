package io.osprey.filter;

import io.osprey.filter.Ir.Cond;
import io.osprey.filter.Lexer.Tok;
import io.osprey.filter.Lexer.Token;
import io.osprey.filter.Q.Qual;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for the pcap-filter(7) grammar, accepting exactly the language of libpcap's
 * grammar.y, including its less obvious parts:
 * <ul>
 *   <li>{@code and} and {@code or} have the same precedence and group to the left; {@code not} binds tighter.</li>
 *   <li>After {@code and}/{@code or}, a bare id ({@code host a or b}, {@code port 80 or 443}) takes the qualifiers
 *       of the preceding primitive; the same holds inside parentheses ({@code host (a or b)}).</li>
 *   <li>In arithmetic, {@code %} and {@code ^} have no precedence, so (as yacc resolves the conflicts by shifting)
 *       they bind their left operand tightly and take everything to their right as the right operand.</li>
 * </ul>
 * Code is generated as each phrase is recognized, left to right (the order of libpcap's reductions), because
 * {@code vlan}, {@code mpls} and the tunnel keywords change the offsets used by the tests after them.
 */
final class Parser {
    private final String expr;
    private final List<Token> toks;
    private final CodeGen gen;
    private int pos;
    /** What the id after the current head must be, for messages ("a port number or name after 'port'"). */
    private String idExpected = "a host, network, port or protocol";

    /** A parsed term with the qualifiers a following bare id inherits. */
    private record Term(Cond cond, Qual q) {
    }

    Parser(String expr, CodeGen gen) {
        this.expr = expr;
        this.toks = Lexer.tokenize(expr);
        this.gen = gen;
    }

    /** Parses the whole expression; null for an empty one (which accepts everything). */
    Cond parse() throws FilterSyntaxException {
        try {
            if (peek().kind() == Tok.EOF) {
                return null;
            }
            Term t = parseExpr(Qual.ERR);
            Token end = peek();
            if (end.kind() != Tok.EOF) {
                throw syntax(end, "expected 'and', 'or' or the end of the expression");
            }
            return t.cond;
        } catch (Failure f) {
            throw f.exception;
        }
    }

    /** Carries a FilterSyntaxException through the recursion (which has no checked-exception clauses). */
    private static final class Failure extends RuntimeException {
        final FilterSyntaxException exception;

        Failure(FilterSyntaxException e) {
            super(null, null, false, false);
            this.exception = e;
        }
    }

    private Failure syntax(Token at, String what) {
        String found = at.kind() == Tok.EOF ? "end of expression" : "'" + expr.substring(at.start(), at.end()) + "'";
        return new Failure(new FilterSyntaxException(expr, at.start(), what + ", found " + found, true));
    }

    private Failure semantic(int position, String message) {
        return new Failure(new FilterSyntaxException(expr, position, message, false));
    }

    /** Runs a code generator for the phrase starting at {@code start}, reporting its errors there. */
    private <T> T at(int start, Supplier<T> action) {
        try {
            return action.get();
        } catch (CompileError e) {
            throw semantic(start, e.getMessage());
        }
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        Token t = toks.get(Math.min(pos + ahead, toks.size() - 1));
        if (t.kind() == Tok.ERROR && ahead == 0) {
            throw new Failure(new FilterSyntaxException(expr, t.start(), t.text(), true));
        }
        return t;
    }

    private Tok kind(int index) {
        return toks.get(Math.min(index, toks.size() - 1)).kind();
    }

    private Token next() {
        Token t = peek();
        pos++;
        return t;
    }

    private Token expect(Tok k, String what) {
        Token t = peek();
        if (t.kind() != k) {
            throw syntax(t, "expected " + what);
        }
        pos++;
        return t;
    }

    private long expectNum(String after) {
        return expect(Tok.NUM, "a number after '" + after + "'").num();
    }

    // ---------------------------------------------------------------------------------------------------------
    // expr, term, id
    // ---------------------------------------------------------------------------------------------------------

    private Term parseExpr(Qual q) {
        Term t = parseTerm(q);
        while (peek().kind() == Tok.AND || peek().kind() == Tok.OR) {
            boolean and = next().kind() == Tok.AND;
            Cond rhs;
            Qual nq;
            if (isIdAhead(pos)) {
                rhs = parseId(t.q);
                nq = t.q;
            } else {
                Term r = parseTerm(t.q);
                rhs = r.cond;
                nq = r.q;
            }
            Cond lhs = t.cond;
            t = new Term(and ? Ir.and(lhs, rhs) : Ir.or(lhs, rhs), nq);
        }
        return t;
    }

    private static boolean isArithOrRelop(Tok k) {
        return switch (k) {
            case PLUS, MINUS, STAR, SLASH, PERCENT, AMP, PIPE, CARET, LSH, RSH, GT, GEQ, EQ, LEQ, LT, NEQ -> true;
            default -> false;
        };
    }

    /**
     * After {@code and}/{@code or}: whether what follows is a bare id (which inherits qualifiers) rather than a
     * term. Only numbers, {@code not} and parentheses need a look further ahead: a number is an id unless an
     * arithmetic or comparison operator follows it (after any parentheses around it).
     */
    private boolean isIdAhead(int i) {
        switch (kind(i)) {
            case ID, HID, HID6, EID, AID:
                return true;
            case NUM:
                return !isArithOrRelop(kind(i + 1));
            case NOT:
                return isIdAhead(i + 1);
            case LPAREN: {
                int open = 0;
                int k = i;
                while (kind(k) == Tok.LPAREN) {
                    open++;
                    k++;
                }
                switch (kind(k)) {
                    case ID, HID, HID6, EID, AID:
                        return true;
                    case NOT:
                        return isIdAhead(k);
                    case NUM: {
                        k++;
                        while (open > 0 && kind(k) == Tok.RPAREN) {
                            open--;
                            k++;
                        }
                        return !isArithOrRelop(kind(k));
                    }
                    default:
                        return false;
                }
            }
            default:
                return false;
        }
    }

    /** The kind of the token after the parenthesis matching the one at {@code i} (EOF when unbalanced). */
    private Tok afterMatchingParen(int i) {
        int depth = 0;
        for (int k = i; k < toks.size(); k++) {
            Tok t = toks.get(k).kind();
            if (t == Tok.LPAREN) {
                depth++;
            } else if (t == Tok.RPAREN) {
                depth--;
                if (depth == 0) {
                    return kind(k + 1);
                }
            } else if (t == Tok.EOF) {
                break;
            }
        }
        return Tok.EOF;
    }

    private Term parseTerm(Qual q) {
        if (peek().kind() == Tok.NOT) {
            next();
            Term t = parseTerm(q);
            return new Term(Ir.not(t.cond), t.q);
        }
        return parseRterm(q);
    }

    private static int pname(Tok k) {
        return switch (k) {
            case LINK -> Q.LINK;
            case IP -> Q.IP;
            case ARP -> Q.ARP;
            case RARP -> Q.RARP;
            case SCTP -> Q.SCTP;
            case TCP -> Q.TCP;
            case UDP -> Q.UDP;
            case ICMP -> Q.ICMP;
            case IGMP -> Q.IGMP;
            case IGRP -> Q.IGRP;
            case PIM -> Q.PIM;
            case VRRP -> Q.VRRP;
            case CARP -> Q.CARP;
            case ATALK -> Q.ATALK;
            case AARP -> Q.AARP;
            case DECNET -> Q.DECNET;
            case LAT -> Q.LAT;
            case SCA -> Q.SCA;
            case MOPDL -> Q.MOPDL;
            case MOPRC -> Q.MOPRC;
            case IPV6 -> Q.IPV6;
            case ICMPV6 -> Q.ICMPV6;
            case AH -> Q.AH;
            case ESP -> Q.ESP;
            case ISO -> Q.ISO;
            case ESIS -> Q.ESIS;
            case ISIS -> Q.ISIS;
            case L1 -> Q.ISIS_L1;
            case L2 -> Q.ISIS_L2;
            case IIH -> Q.ISIS_IIH;
            case LSP -> Q.ISIS_LSP;
            case SNP -> Q.ISIS_SNP;
            case PSNP -> Q.ISIS_PSNP;
            case CSNP -> Q.ISIS_CSNP;
            case CLNP -> Q.CLNP;
            case STP -> Q.STP;
            case IPX -> Q.IPX;
            case NETBEUI -> Q.NETBEUI;
            case RADIO -> Q.RADIO;
            default -> -1;
        };
    }

    private static boolean isDqual(Tok k) {
        return switch (k) {
            case SRC, DST, ADDR1, ADDR2, ADDR3, ADDR4, RA, TA -> true;
            default -> false;
        };
    }

    private static boolean isAqual(Tok k) {
        return k == Tok.HOST || k == Tok.NET || k == Tok.PORT || k == Tok.PORTRANGE;
    }

    private static boolean startsHeadAfterPqual(Tok k) {
        return isDqual(k) || isAqual(k) || k == Tok.PROTO || k == Tok.PROTOCHAIN || k == Tok.GATEWAY;
    }

    private Term parseRterm(Qual q) {
        Token t = peek();
        int start = t.start();
        Tok k = t.kind();
        int p = pname(k);
        if (p >= 0) {
            Tok after = kind(pos + 1);
            if (after == Tok.LBRACKET) {
                return new Term(parseRelation(), Qual.ERR);
            }
            if (startsHeadAfterPqual(after)) {
                next();
                return parseHead(p, start);
            }
            if (after == Tok.BROADCAST || after == Tok.MULTICAST || after == Tok.TYPE || after == Tok.SUBTYPE
                    || after == Tok.DIR) {
                next();
                return new Term(parseQualifiedOther(p), Qual.ERR);
            }
            next();
            return new Term(at(start, () -> gen.protoAbbrev(p)), Qual.ERR);
        }
        if (startsHeadAfterPqual(k)) {
            return parseHead(Q.DEFAULT, start);
        }
        switch (k) {
            case BROADCAST, MULTICAST, TYPE, SUBTYPE, DIR:
                return new Term(parseQualifiedOther(Q.DEFAULT), Qual.ERR);
            case LPAREN:
                if (isArithOrRelop(afterMatchingParen(pos))) {
                    return new Term(parseRelation(), Qual.ERR);
                }
                next();
                Term inner = parseExpr(q);
                expect(Tok.RPAREN, "')'");
                return new Term(inner.cond, q);
            case NUM, MINUS, LEN:
                return new Term(parseRelation(), Qual.ERR);
            default:
                return new Term(parseOther(), Qual.ERR);
        }
    }

    /** {@code [pqual] [dqual] [aqual | proto | protochain | gateway] id}. */
    private Term parseHead(int proto, int start) {
        int dir = Q.DEFAULT;
        int addr = Q.DEFAULT;
        Token t = peek();
        if (isDqual(t.kind())) {
            next();
            dir = switch (t.kind()) {
                case SRC, DST -> {
                    boolean src = t.kind() == Tok.SRC;
                    Tok other = src ? Tok.DST : Tok.SRC;
                    if (peek().kind() == Tok.OR || peek().kind() == Tok.AND) {
                        boolean or = next().kind() == Tok.OR;
                        expect(other, "'" + (src ? "dst" : "src") + "'");
                        yield or ? Q.OR : Q.AND;
                    }
                    yield src ? Q.SRC : Q.DST;
                }
                case ADDR1 -> Q.ADDR1;
                case ADDR2 -> Q.ADDR2;
                case ADDR3 -> Q.ADDR3;
                case ADDR4 -> Q.ADDR4;
                case RA -> Q.RA;
                default -> Q.TA;
            };
            if (isAqual(peek().kind())) {
                addr = aqual(next().kind());
            }
        } else {
            Tok a = next().kind();
            addr = switch (a) {
                case PROTO -> Q.PROTO;
                case PROTOCHAIN -> Q.PROTOCHAIN;
                case GATEWAY -> Q.GATEWAY;
                default -> aqual(a);
            };
        }
        Qual q = new Qual(addr, proto, dir);
        Token last = toks.get(pos - 1);
        String kw = expr.substring(last.start(), last.end());
        String what = switch (addr) {
            case Q.HOST -> "a host name or address";
            case Q.NET -> "a network address, prefix or name";
            case Q.PORT -> "a port number or name";
            case Q.PORTRANGE -> "a port range such as 1-1023";
            case Q.PROTO, Q.PROTOCHAIN -> "a protocol number or name";
            case Q.GATEWAY -> "a host name";
            default -> "a host, network or port";
        };
        String saved = idExpected;
        idExpected = what + " after '" + kw + "'";
        try {
            Cond c = parseId(q, start);
            return new Term(c, q);
        } finally {
            idExpected = saved;
        }
    }

    private static int aqual(Tok k) {
        return switch (k) {
            case HOST -> Q.HOST;
            case NET -> Q.NET;
            case PORT -> Q.PORT;
            default -> Q.PORTRANGE;
        };
    }

    private Cond parseId(Qual q) {
        return parseId(q, peek().start());
    }

    /** An id: a name, address, prefix or number, {@code not id}, or a parenthesized list of ids. */
    private Cond parseId(Qual q, int start) {
        Token t = peek();
        switch (t.kind()) {
            case NOT: {
                next();
                return Ir.not(parseId(q));
            }
            case NUM: {
                next();
                return at(t.start(), () -> gen.ncode(null, t.num(), q));
            }
            case LPAREN: {
                Object r = parseParenId(q);
                if (r instanceof Long v) {
                    return at(t.start(), () -> gen.ncode(null, v, q));
                }
                return (Cond) r;
            }
            default:
                return parseNid(q);
        }
    }

    /** {@code ( pid )}, or a parenthesized number; returns a Cond or a Long. */
    private Object parseParenId(Qual q) {
        expect(Tok.LPAREN, "'('");
        Token first = peek();
        Cond c;
        if (first.kind() == Tok.NUM || first.kind() == Tok.LPAREN) {
            long v = first.kind() == Tok.NUM ? next().num() : parsePnumParen();
            if (peek().kind() == Tok.RPAREN) {
                next();
                return v;
            }
            c = at(first.start(), () -> gen.ncode(null, v, q));
            if (peek().kind() != Tok.AND && peek().kind() != Tok.OR) {
                throw syntax(peek(), "expected 'and', 'or' or ')'");
            }
        } else {
            c = parseNid(q);
        }
        while (peek().kind() == Tok.AND || peek().kind() == Tok.OR) {
            boolean and = next().kind() == Tok.AND;
            Cond rhs = parseId(q);
            c = and ? Ir.and(c, rhs) : Ir.or(c, rhs);
        }
        expect(Tok.RPAREN, "')'");
        return c;
    }

    /** {@code ( pnum )}: a number in parentheses. */
    private long parsePnumParen() {
        expect(Tok.LPAREN, "'('");
        long v = peek().kind() == Tok.LPAREN ? parsePnumParen() : expect(Tok.NUM, "a number").num();
        expect(Tok.RPAREN, "')'");
        return v;
    }

    private long parsePnum() {
        if (peek().kind() == Tok.LPAREN) {
            return parsePnumParen();
        }
        return expect(Tok.NUM, "a number").num();
    }

    /** The id forms that are not numbers or parentheses: names and addresses, and {@code not id}. */
    private Cond parseNid(Qual q) {
        Token t = peek();
        int start = t.start();
        switch (t.kind()) {
            case NOT -> {
                next();
                return Ir.not(parseId(q));
            }
            case ID -> {
                next();
                return at(start, () -> gen.scode(t.text(), q));
            }
            case HID -> {
                next();
                if (peek().kind() == Tok.SLASH) {
                    next();
                    long len = expectNum("/");
                    checkAddressQual(q, start, "IPv4 address and prefix length");
                    return at(start, () -> gen.mcode(t.text(), null, len, q));
                }
                if (peek().kind() == Tok.NETMASK) {
                    next();
                    Token m = expect(Tok.HID, "an IPv4 netmask after 'mask'");
                    checkAddressQual(q, start, "IPv4 address and netmask");
                    return at(start, () -> gen.mcode(t.text(), m.text(), 0, q));
                }
                checkAddressQual(q, start, "IPv4 address");
                return at(start, () -> gen.ncode(t.text(), 0, q));
            }
            case HID6 -> {
                next();
                if (peek().kind() == Tok.SLASH) {
                    next();
                    long len = expectNum("/");
                    checkAddressQual(q, start, "IPv6 address and prefix length");
                    return at(start, () -> gen.mcode6(t.text(), len, q));
                }
                checkAddressQual(q, start, "IPv6 address");
                return at(start, () -> gen.mcode6(t.text(), 128, q));
            }
            case EID -> {
                next();
                return at(start, () -> gen.ecode(t.text(), q));
            }
            case AID -> {
                next();
                return at(start, () -> gen.acode(t.text(), q));
            }
            default -> throw syntax(t, "expected " + idExpected);
        }
    }

    private void checkAddressQual(Qual q, int start, String what) {
        String kw = switch (q.addr()) {
            case Q.PORT -> "port";
            case Q.PORTRANGE -> "portrange";
            case Q.PROTO -> "proto";
            case Q.PROTOCHAIN -> "protochain";
            default -> null;
        };
        if (kw != null) {
            throw semantic(start, "'" + kw + "' qualifier applied to " + what);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // arithmetic
    // ---------------------------------------------------------------------------------------------------------

    private Cond parseRelation() {
        int start = peek().start();
        CodeGen.Arth a0 = parseArth(0);
        Token op = peek();
        int code;
        boolean reversed;
        switch (op.kind()) {
            case GT -> {
                code = Bpf.JGT;
                reversed = false;
            }
            case GEQ -> {
                code = Bpf.JGE;
                reversed = false;
            }
            case EQ -> {
                code = Bpf.JEQ;
                reversed = false;
            }
            case LEQ -> {
                code = Bpf.JGT;
                reversed = true;
            }
            case LT -> {
                code = Bpf.JGE;
                reversed = true;
            }
            case NEQ -> {
                code = Bpf.JEQ;
                reversed = true;
            }
            default -> throw syntax(op, "expected a comparison (=, !=, <, <=, >, >=)");
        }
        next();
        CodeGen.Arth a1 = parseArth(0);
        return at(start, () -> gen.relation(code, a0, a1, reversed));
    }

    private static int precedence(Tok k) {
        return switch (k) {
            case PIPE -> 1;
            case AMP -> 2;
            case LSH, RSH -> 3;
            case PLUS, MINUS -> 4;
            case STAR, SLASH -> 5;
            default -> -1;
        };
    }

    private static int aluOp(Tok k) {
        return switch (k) {
            case PLUS -> Bpf.ADD;
            case MINUS -> Bpf.SUB;
            case STAR -> Bpf.MUL;
            case SLASH -> Bpf.DIV;
            case PERCENT -> Bpf.MOD;
            case AMP -> Bpf.AND;
            case PIPE -> Bpf.OR;
            case CARET -> Bpf.XOR;
            case LSH -> Bpf.LSH;
            default -> Bpf.RSH;
        };
    }

    private CodeGen.Arth parseArth(int minPrec) {
        return parseArthInfix(parseArthPrefix(), minPrec);
    }

    private CodeGen.Arth parseArthInfix(CodeGen.Arth left, int minPrec) {
        while (true) {
            Token op = peek();
            Tok k = op.kind();
            if (k == Tok.PERCENT || k == Tok.CARET) {
                // no precedence: yacc shifts, so the rest of the arithmetic is the right operand
                next();
                CodeGen.Arth right = parseArth(0);
                CodeGen.Arth l = left;
                left = at(op.start(), () -> gen.arth(aluOp(k), l, right));
                continue;
            }
            int p = precedence(k);
            if (p < 0 || p < minPrec) {
                return left;
            }
            next();
            CodeGen.Arth right = parseArth(p + 1);
            CodeGen.Arth l = left;
            left = at(op.start(), () -> gen.arth(aluOp(k), l, right));
        }
    }

    private CodeGen.Arth parseArthPrefix() {
        Token t = peek();
        switch (t.kind()) {
            case MINUS -> {
                next();
                CodeGen.Arth a = parseArthPrefix();
                while (peek().kind() == Tok.PERCENT || peek().kind() == Tok.CARET) {
                    Token op = next();
                    CodeGen.Arth right = parseArth(0);
                    CodeGen.Arth l = a;
                    a = at(op.start(), () -> gen.arth(aluOp(op.kind()), l, right));
                }
                CodeGen.Arth operand = a;
                return at(t.start(), () -> gen.neg(operand));
            }
            case NUM -> {
                next();
                return at(t.start(), () -> gen.loadI(t.num()));
            }
            case LPAREN -> {
                next();
                CodeGen.Arth a = parseArth(0);
                expect(Tok.RPAREN, "')'");
                return a;
            }
            case LEN -> {
                next();
                return at(t.start(), gen::loadLen);
            }
            default -> {
                int p = pname(t.kind());
                if (p < 0) {
                    throw syntax(t, "expected a number, 'len' or an index such as ip[0]");
                }
                next();
                expect(Tok.LBRACKET, "'[' after '" + expr.substring(t.start(), t.end()) + "'");
                CodeGen.Arth idx = parseArth(0);
                long size = 1;
                if (peek().kind() == Tok.COLON) {
                    next();
                    size = expectNum(":");
                }
                expect(Tok.RBRACKET, "']'");
                long sz = size;
                return at(t.start(), () -> gen.load(p, idx, sz));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // other primitives
    // ---------------------------------------------------------------------------------------------------------

    /** Primitives that take a protocol qualifier: broadcast, multicast and the 802.11 type/subtype/dir. */
    private Cond parseQualifiedOther(int proto) {
        Token t = next();
        int start = t.start();
        switch (t.kind()) {
            case BROADCAST:
                return at(start, () -> gen.broadcast(proto));
            case MULTICAST:
                return at(start, () -> gen.multicast(proto));
            case TYPE: {
                int type = wlanType();
                if (peek().kind() == Tok.SUBTYPE) {
                    next();
                    int subtype = wlanSubtype(type);
                    return at(start, () -> gen.p80211Type(type | subtype,
                            CodeGen.FC0_TYPE_MASK | CodeGen.FC0_SUBTYPE_MASK));
                }
                return at(start, () -> gen.p80211Type(type, CodeGen.FC0_TYPE_MASK));
            }
            case SUBTYPE: {
                Token id = expect(Tok.ID, "an 802.11 subtype name after 'subtype'");
                int v = -1;
                for (int[] tt : WLAN_TYPE_ORDER) {
                    Integer s = WLAN_SUBTYPES.get(tt[0]).get(id.text().toLowerCase(Locale.ROOT));
                    if (s != null) {
                        v = s | tt[0];
                        break;
                    }
                }
                if (v < 0) {
                    throw semantic(id.start(), "unknown 802.11 type name");
                }
                int ts = v;
                return at(start, () -> gen.p80211Type(ts, CodeGen.FC0_TYPE_MASK | CodeGen.FC0_SUBTYPE_MASK));
            }
            default: {
                Token d = peek();
                int dir;
                if (d.kind() == Tok.NUM) {
                    next();
                    if ((d.num() & ~CodeGen.FC1_DIR_MASK) != 0) {
                        throw semantic(d.start(), "invalid 802.11 direction value 0x" + Long.toHexString(d.num()));
                    }
                    dir = (int) d.num();
                } else if (d.kind() == Tok.ID) {
                    next();
                    dir = switch (d.text().toLowerCase(Locale.ROOT)) {
                        case "nods" -> 0;
                        case "tods" -> 1;
                        case "fromds" -> 2;
                        case "dstods" -> 3;
                        default -> throw semantic(d.start(), "unknown 802.11 direction");
                    };
                } else {
                    throw syntax(d, "expected an 802.11 direction after 'dir'");
                }
                int fd = dir;
                return at(start, () -> gen.p80211Fcdir(fd));
            }
        }
    }

    private static final int[][] WLAN_TYPE_ORDER = {{CodeGen.FC0_TYPE_MGT}, {CodeGen.FC0_TYPE_CTL},
        {CodeGen.FC0_TYPE_DATA}};
    private static final java.util.Map<String, Integer> WLAN_TYPES = java.util.Map.of("data",
            CodeGen.FC0_TYPE_DATA, "mgt", CodeGen.FC0_TYPE_MGT, "management", CodeGen.FC0_TYPE_MGT, "ctl",
            CodeGen.FC0_TYPE_CTL, "control", CodeGen.FC0_TYPE_CTL);
    private static final java.util.Map<Integer, java.util.Map<String, Integer>> WLAN_SUBTYPES = java.util.Map.of(
            CodeGen.FC0_TYPE_MGT, java.util.Map.ofEntries(java.util.Map.entry("assocreq", 0x00),
                    java.util.Map.entry("assoc-req", 0x00), java.util.Map.entry("assocresp", 0x10),
                    java.util.Map.entry("assoc-resp", 0x10), java.util.Map.entry("reassocreq", 0x20),
                    java.util.Map.entry("reassoc-req", 0x20), java.util.Map.entry("reassocresp", 0x30),
                    java.util.Map.entry("reassoc-resp", 0x30), java.util.Map.entry("probereq", 0x40),
                    java.util.Map.entry("probe-req", 0x40), java.util.Map.entry("proberesp", 0x50),
                    java.util.Map.entry("probe-resp", 0x50), java.util.Map.entry("beacon", 0x80),
                    java.util.Map.entry("atim", 0x90), java.util.Map.entry("disassoc", 0xa0),
                    java.util.Map.entry("disassociation", 0xa0), java.util.Map.entry("auth", 0xb0),
                    java.util.Map.entry("authentication", 0xb0), java.util.Map.entry("deauth", 0xc0),
                    java.util.Map.entry("deauthentication", 0xc0)),
            CodeGen.FC0_TYPE_CTL, java.util.Map.of("bar", 0x80, "ba", 0x90, "ps-poll", 0xa0, "rts", 0xb0, "cts",
                    0xc0, "ack", 0xd0, "cf-end", 0xe0, "cf-end-ack", 0xf0),
            CodeGen.FC0_TYPE_DATA, java.util.Map.ofEntries(java.util.Map.entry("data", 0x00),
                    java.util.Map.entry("data-cf-ack", 0x10), java.util.Map.entry("data-cf-poll", 0x20),
                    java.util.Map.entry("data-cf-ack-poll", 0x30), java.util.Map.entry("null", 0x40),
                    java.util.Map.entry("cf-ack", 0x50), java.util.Map.entry("cf-poll", 0x60),
                    java.util.Map.entry("cf-ack-poll", 0x70), java.util.Map.entry("qos-data", 0x80),
                    java.util.Map.entry("qos-data-cf-ack", 0x90), java.util.Map.entry("qos-data-cf-poll", 0xa0),
                    java.util.Map.entry("qos-data-cf-ack-poll", 0xb0), java.util.Map.entry("qos", 0xc0),
                    java.util.Map.entry("qos-cf-poll", 0xe0), java.util.Map.entry("qos-cf-ack-poll", 0xf0)));

    private int wlanType() {
        Token t = peek();
        if (t.kind() == Tok.NUM) {
            next();
            if ((t.num() & ~CodeGen.FC0_TYPE_MASK) != 0) {
                throw semantic(t.start(), String.format("invalid 802.11 type value 0x%02x", t.num()));
            }
            return (int) t.num();
        }
        if (t.kind() == Tok.ID) {
            next();
            Integer v = WLAN_TYPES.get(t.text().toLowerCase(Locale.ROOT));
            if (v == null) {
                throw semantic(t.start(), "unknown 802.11 type name \"" + t.text() + "\"");
            }
            return v;
        }
        throw syntax(t, "expected an 802.11 type after 'type'");
    }

    private int wlanSubtype(int type) {
        Token t = peek();
        if (t.kind() == Tok.NUM) {
            next();
            if ((t.num() & ~CodeGen.FC0_SUBTYPE_MASK) != 0) {
                throw semantic(t.start(), String.format("invalid 802.11 subtype value 0x%02x", t.num()));
            }
            return (int) t.num();
        }
        if (t.kind() == Tok.ID) {
            next();
            java.util.Map<String, Integer> table = WLAN_SUBTYPES.get(type);
            if (table == null) {
                throw semantic(t.start(), "unknown 802.11 type");
            }
            Integer v = table.get(t.text().toLowerCase(Locale.ROOT));
            if (v == null) {
                throw semantic(t.start(), "unknown 802.11 subtype name \"" + t.text() + "\"");
            }
            return v;
        }
        throw syntax(t, "expected an 802.11 subtype after 'subtype'");
    }

    private static final java.util.Map<String, Integer> PF_REASONS = java.util.Map.ofEntries(
            java.util.Map.entry("match", 0), java.util.Map.entry("bad-offset", 1), java.util.Map.entry("fragment", 2),
            java.util.Map.entry("short", 3), java.util.Map.entry("normalize", 4), java.util.Map.entry("memory", 5),
            java.util.Map.entry("bad-timestamp", 6), java.util.Map.entry("congestion", 7),
            java.util.Map.entry("ip-option", 8), java.util.Map.entry("proto-cksum", 9),
            java.util.Map.entry("state-mismatch", 10), java.util.Map.entry("state-insert", 11),
            java.util.Map.entry("state-limit", 12), java.util.Map.entry("src-limit", 13),
            java.util.Map.entry("synproxy", 14));
    private static final java.util.Map<String, Integer> PF_ACTIONS = java.util.Map.ofEntries(
            java.util.Map.entry("pass", 0), java.util.Map.entry("accept", 0), java.util.Map.entry("drop", 1),
            java.util.Map.entry("block", 1), java.util.Map.entry("scrub", 2), java.util.Map.entry("noscrub", 3),
            java.util.Map.entry("nat", 4), java.util.Map.entry("nonat", 5), java.util.Map.entry("binat", 6),
            java.util.Map.entry("nobinat", 7), java.util.Map.entry("rdr", 8), java.util.Map.entry("nordr", 9),
            java.util.Map.entry("synproxy-drop", 10));

    private static final java.util.Map<String, Integer> LLC_S = java.util.Map.of("rr", 0x01, "rnr", 0x05, "rej",
            0x09);
    private static final java.util.Map<String, Integer> LLC_U = java.util.Map.of("ui", 0x03, "ua", 0x63, "disc",
            0x43, "dm", 0x0f, "sabme", 0x6f, "test", 0xe3, "xid", 0xaf, "frmr", 0x87);

    private Cond parseOther() {
        Token t = peek();
        int start = t.start();
        switch (t.kind()) {
            case LESS -> {
                next();
                long n = expectNum("less");
                return at(start, () -> gen.less(n));
            }
            case GREATER -> {
                next();
                long n = expectNum("greater");
                return at(start, () -> gen.greater(n));
            }
            case CBYTE -> {
                next();
                long idx = expectNum("byte");
                Token op = next();
                int o = switch (op.kind()) {
                    case AMP -> '&';
                    case PIPE -> '|';
                    case LT -> '<';
                    case GT -> '>';
                    case EQ -> '=';
                    default -> throw syntax(op, "expected one of & | < > = after 'byte N'");
                };
                long val = expectNum(expr.substring(op.start(), op.end()));
                return at(start, () -> gen.byteop(o, idx, val));
            }
            case INBOUND, OUTBOUND -> {
                next();
                return at(start, () -> gen.inboundOutbound(t.kind() == Tok.OUTBOUND));
            }
            case IFINDEX -> {
                next();
                long n = expectNum("ifindex");
                return at(start, () -> gen.ifindex(n));
            }
            case VLAN, MPLS, PPPOES, GENEVE, VXLAN -> {
                next();
                boolean has = peek().kind() == Tok.NUM || peek().kind() == Tok.LPAREN;
                long v = has ? parsePnum() : 0;
                return at(start, () -> switch (t.kind()) {
                    case VLAN -> gen.vlan(v, has);
                    case MPLS -> gen.mpls(v, has);
                    case PPPOES -> gen.pppoes(v, has);
                    case GENEVE -> gen.geneve(v, has);
                    default -> gen.vxlan(v, has);
                });
            }
            case PPPOED -> {
                next();
                return at(start, gen::pppoed);
            }
            case PF_IFNAME, PF_RSET -> {
                next();
                Token id = expect(Tok.ID, "a name after '" + expr.substring(t.start(), t.end()) + "'");
                return at(start, () -> t.kind() == Tok.PF_IFNAME ? gen.pfIfname(id.text())
                        : gen.pfRuleset(id.text()));
            }
            case PF_RNR, PF_SRNR -> {
                next();
                long n = expectNum(expr.substring(t.start(), t.end()));
                return at(start, () -> t.kind() == Tok.PF_RNR ? gen.pfRnr(n) : gen.pfSrnr(n));
            }
            case PF_REASON -> {
                next();
                Token r = peek();
                int reason;
                if (r.kind() == Tok.NUM) {
                    next();
                    reason = (int) r.num();
                } else if (r.kind() == Tok.ID) {
                    next();
                    Integer v = PF_REASONS.get(r.text().toLowerCase(Locale.ROOT));
                    if (v == null) {
                        throw semantic(r.start(), "unknown PF reason \"" + r.text() + "\"");
                    }
                    reason = v;
                } else {
                    throw syntax(r, "expected a reason after 'reason'");
                }
                int rr = reason;
                return at(start, () -> gen.pfReason(rr));
            }
            case PF_ACTION -> {
                next();
                Token a = expect(Tok.ID, "an action after 'action'");
                Integer v = PF_ACTIONS.get(a.text().toLowerCase(Locale.ROOT));
                if (v == null) {
                    throw semantic(a.start(), "unknown PF action \"" + a.text() + "\"");
                }
                return at(start, () -> gen.pfAction(v));
            }
            case LLC -> {
                next();
                Token s = peek();
                if (s.kind() == Tok.PF_RNR) {
                    next();
                    return at(start, () -> gen.llcSSubtype(0x05));
                }
                if (s.kind() != Tok.ID) {
                    return at(start, gen::llc);
                }
                next();
                String name = s.text().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "i":
                        return at(start, gen::llcI);
                    case "s":
                        return at(start, gen::llcS);
                    case "u":
                        return at(start, gen::llcU);
                    default:
                        break;
                }
                Integer sub = LLC_S.get(name);
                if (sub != null) {
                    return at(start, () -> gen.llcSSubtype(sub));
                }
                Integer u = LLC_U.get(name);
                if (u == null) {
                    throw semantic(s.start(), "unknown LLC type name \"" + s.text() + "\"");
                }
                return at(start, () -> gen.llcUSubtype(u));
            }
            case LANE, METAC, BCC, OAMF4EC, OAMF4SC, SC, ILMIC -> {
                next();
                int type = switch (t.kind()) {
                    case LANE -> Q.A_LANE;
                    case METAC -> Q.A_METAC;
                    case BCC -> Q.A_BCC;
                    case OAMF4EC -> Q.A_OAMF4EC;
                    case OAMF4SC -> Q.A_OAMF4SC;
                    case SC -> Q.A_SC;
                    default -> Q.A_ILMIC;
                };
                return at(start, () -> gen.atmtypeAbbrev(type));
            }
            case OAM, OAMF4, CONNECTMSG, METACONNECT -> {
                next();
                int type = switch (t.kind()) {
                    case OAM -> Q.A_OAM;
                    case OAMF4 -> Q.A_OAMF4;
                    case CONNECTMSG -> Q.A_CONNECTMSG;
                    default -> Q.A_METACONNECT;
                };
                return at(start, () -> gen.atmmultiAbbrev(type));
            }
            case VPI, VCI -> {
                next();
                int field = t.kind() == Tok.VPI ? Q.A_VPI : Q.A_VCI;
                return parseFieldValue((v, code, rev) -> gen.atmfieldCode(field, v, code, rev));
            }
            case FISU, LSSU, MSU, HFISU, HLSSU, HMSU -> {
                next();
                int type = switch (t.kind()) {
                    case FISU -> Q.M_FISU;
                    case LSSU -> Q.M_LSSU;
                    case MSU -> Q.M_MSU;
                    case HFISU -> Q.MH_FISU;
                    case HLSSU -> Q.MH_LSSU;
                    default -> Q.MH_MSU;
                };
                return at(start, () -> gen.mtp2typeAbbrev(type));
            }
            case SIO, OPC, DPC, SLS, HSIO, HOPC, HDPC, HSLS -> {
                next();
                int field = switch (t.kind()) {
                    case SIO -> Q.M_SIO;
                    case OPC -> Q.M_OPC;
                    case DPC -> Q.M_DPC;
                    case SLS -> Q.M_SLS;
                    case HSIO -> Q.MH_SIO;
                    case HOPC -> Q.MH_OPC;
                    case HDPC -> Q.MH_DPC;
                    default -> Q.MH_SLS;
                };
                return parseFieldValue((v, code, rev) -> gen.mtp3fieldCode(field, v, code, rev));
            }
            default -> throw syntax(t, "expected a filter primitive");
        }
    }

    private interface FieldGen {
        Cond gen(long value, int code, boolean reverse);
    }

    /** The value of vpi/vci/sio/opc/dpc/sls: {@code N}, {@code relop N}, or {@code (N or N ...)}. */
    private Cond parseFieldValue(FieldGen g) {
        Token t = peek();
        switch (t.kind()) {
            case NUM -> {
                next();
                return at(t.start(), () -> g.gen(t.num(), Bpf.JEQ, false));
            }
            case GT, GEQ, EQ, LEQ, LT, NEQ -> {
                next();
                Token n = expect(Tok.NUM, "a number");
                int code = switch (t.kind()) {
                    case GT, LEQ -> Bpf.JGT;
                    case GEQ, LT -> Bpf.JGE;
                    default -> Bpf.JEQ;
                };
                boolean rev = t.kind() == Tok.LEQ || t.kind() == Tok.LT || t.kind() == Tok.NEQ;
                return at(t.start(), () -> g.gen(n.num(), code, rev));
            }
            case LPAREN -> {
                next();
                Token n = expect(Tok.NUM, "a number");
                Cond c = at(n.start(), () -> g.gen(n.num(), Bpf.JEQ, false));
                while (peek().kind() == Tok.OR) {
                    next();
                    Token m = expect(Tok.NUM, "a number");
                    Cond r = at(m.start(), () -> g.gen(m.num(), Bpf.JEQ, false));
                    c = Ir.or(c, r);
                }
                expect(Tok.RPAREN, "')' or 'or'");
                return c;
            }
            default -> throw syntax(t, "expected a value");
        }
    }
}
