package io.osprey.analyzer.dns;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DnsParser.Handler} that records every callback as a line of text, for assertions on what the parser
 * reports: {@code message id=.. qr=..}, {@code question REQUEST name type class}, {@code reply ANSWER owner ttl
 * text}, {@code end}, {@code weird NAME addl}, {@code violation R}, {@code confirm}, {@code flip}, {@code limit}.
 */
final class Recorder implements DnsParser.Handler {
    static final String[] SECTIONS = {"QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL", "PREREQUISITES", "UPDATES"};
    static final String[] KINDS = {"REQUEST", "REJECTED", "QUERY_REPLY"};

    final List<String> events = new ArrayList<>();
    int respPort = 53;
    boolean netbios;
    boolean multicast;
    boolean udp = true;
    boolean first = true;

    /** Parses {@code msg} as coming from the originator ({@code isQuery} 1) or the responder (0). */
    static Recorder parse(byte[] msg, int isQuery) {
        return parse(DnsParser.Settings.DEFAULT, msg, isQuery);
    }

    static Recorder parse(DnsParser.Settings settings, byte[] msg, int isQuery) {
        Recorder r = new Recorder();
        new DnsParser(settings).parse(r, MemorySegment.ofArray(msg), 0, msg.length, isQuery);
        return r;
    }

    /** The recorded lines that start with {@code prefix}. */
    List<String> lines(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    /** The rendered texts of the replies, in order. */
    List<String> replies() {
        return lines("reply ").stream().map(l -> l.substring(l.indexOf(" text=") + 6)).toList();
    }

    static String text(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean netbios() {
        return netbios;
    }

    @Override
    public int respPort() {
        return respPort;
    }

    @Override
    public boolean respMulticast() {
        return multicast;
    }

    @Override
    public boolean udp() {
        return udp;
    }

    @Override
    public boolean firstMessage() {
        return first;
    }

    @Override
    public void firstMessageSeen() {
        first = false;
    }

    @Override
    public void weird(String name, String addl) {
        events.add("weird " + name + (addl == null ? "" : " " + addl));
    }

    @Override
    public void violation(String reason) {
        events.add("violation " + reason);
    }

    @Override
    public void confirm() {
        events.add("confirm");
    }

    @Override
    public void flipRoles() {
        events.add("flip");
    }

    @Override
    public void limitReached() {
        events.add("limit");
    }

    @Override
    public void message(DnsHeader h, boolean isQuery) {
        events.add("message id=" + h.id() + " qr=" + h.qr() + " opcode=" + h.opcode() + " rcode=" + h.rcode()
                + " query=" + isQuery);
    }

    @Override
    public void question(DnsHeader h, int kind, byte[] name, int nameLen, byte[] original, int qtype, int qclass) {
        events.add("question " + KINDS[kind] + " " + text(name, nameLen) + " " + qtype + " " + qclass + " original="
                + text(original, nameLen));
    }

    @Override
    public void reply(DnsHeader h, int section, byte[] owner, int ownerLen, long ttl, byte[] text, int textLen) {
        events.add("reply " + SECTIONS[section] + " " + text(owner, ownerLen) + " " + ttl + " text="
                + text(text, textLen));
    }

    @Override
    public void end(DnsHeader h) {
        events.add("end");
    }
}
