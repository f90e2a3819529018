package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.filter.Lexer.Tok;
import io.osprey.filter.Lexer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scanner.l's tokenization: longest match, earlier rule on ties, positions. */
class LexerTest {
    private static List<String> kinds(String s) {
        return Lexer.tokenize(s).stream().map(Token::toString).toList();
    }

    @Test
    void keywordsNamesAndOperators() {
        assertThat(kinds("tcp and not udp")).containsExactly("TCP", "AND", "NOT", "UDP", "EOF");
        assertThat(kinds("tcpx && !udp || ether")).containsExactly("ID(tcpx)", "AND", "NOT", "UDP", "OR", "LINK", "EOF");
        assertThat(kinds("TCP")).containsExactly("ID(TCP)", "EOF");
        assertThat(kinds("\\tcp")).containsExactly("ID(tcp)", "EOF");
        assertThat(kinds("a>=b<=c!=d==e<<f>>g")).containsExactly("ID(a)", "GEQ", "ID(b)", "LEQ", "ID(c)", "NEQ",
                "ID(d)", "EQ", "ID(e)", "LSH", "ID(f)", "RSH", "ID(g)", "EOF");
        assertThat(kinds("es-is is-is")).containsExactly("ESIS", "ISIS", "EOF");
    }

    @Test
    void numbersAndNamedNumbers() {
        assertThat(kinds("0x1F 017 42")).containsExactly("NUM(31)", "NUM(15)", "NUM(42)", "EOF");
        assertThat(kinds("tcp-syn|tcp-ack icmp-echoreply tcpflags")).containsExactly("NUM(2)", "PIPE", "NUM(16)",
                "NUM(0)", "NUM(13)", "EOF");
        assertThat(Lexer.tokenize("09").getFirst().kind()).isEqualTo(Tok.ERROR);
        assertThat(Lexer.tokenize("4294967295").getFirst().num()).isEqualTo(4294967295L);
        assertThat(Lexer.tokenize("4294967296").getFirst().kind()).isEqualTo(Tok.ERROR);
        assertThat(kinds("0x")).containsExactly("ID(0x)", "EOF");
        assertThat(kinds("80abc")).containsExactly("ID(80abc)", "EOF");
    }

    @Test
    void addressesFollowTheLongestMatch() {
        assertThat(kinds("1.2.3.4")).containsExactly("HID(1.2.3.4)", "EOF");
        assertThat(kinds("10.0.0.0/8")).containsExactly("HID(10.0.0.0)", "SLASH", "NUM(8)", "EOF");
        // five parts are a host name; six are a MAC address
        assertThat(kinds("1.2.3.4.5")).containsExactly("ID(1.2.3.4.5)", "EOF");
        assertThat(kinds("1.2.3.4.5.6")).containsExactly("EID(1.2.3.4.5.6)", "EOF");
        // twelve digits are a MAC address before they are a number
        assertThat(kinds("001122334455 aa:bb:cc:dd:ee:ff 0011.2233.4455")).containsExactly("EID(001122334455)",
                "EID(aa:bb:cc:dd:ee:ff)", "EID(0011.2233.4455)", "EOF");
        assertThat(kinds("fe80::1 ::ffff:1.2.3.4 2001:db8::/32")).containsExactly("HID6(fe80::1)",
                "HID6(::ffff:1.2.3.4)", "HID6(2001:db8::)", "SLASH", "NUM(32)", "EOF");
        assertThat(Lexer.tokenize("::1.2.3.256").getFirst().kind()).isEqualTo(Tok.ERROR);
        assertThat(Lexer.tokenize("aa:bb:").getFirst().kind()).isEqualTo(Tok.ERROR);
        assertThat(kinds("$1f 1-1024 host123.example.org")).containsExactly("AID($1f)", "ID(1-1024)",
                "ID(host123.example.org)", "EOF");
    }

    @Test
    void tokensKnowWhereTheyAre() {
        List<Token> t = Lexer.tokenize("  tcp   port\t80 ");
        assertThat(t).extracting(Token::start).containsExactly(2, 8, 13, 16);
        assertThat(t).extracting(Token::end).containsExactly(5, 12, 15, 16);
        assertThat(Lexer.tokenize("tcp # x").get(1).kind()).isEqualTo(Tok.ERROR);
    }
}
