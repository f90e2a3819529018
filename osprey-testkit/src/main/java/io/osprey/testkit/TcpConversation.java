package io.osprey.testkit;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;

/**
 * One TCP connection written into a capture, packet by packet, with its sequence numbers kept: a three-way
 * handshake (initial sequence numbers 1000 and 5000), data segments, bare ACKs and a FIN exchange, over IPv4 and
 * Ethernet. Several conversations can share one writer and one clock, so their packets interleave as the test writes
 * them. For end-to-end tests that build captures in code.
 */
public final class TcpConversation {
    private final PcapFileWriter out;
    private final LongSupplier clock;
    private final String a;
    private final int ap;
    private final String b;
    private final int bp;
    private long aseq = 1001;
    private long bseq = 5001;

    /**
     * @param out   where the packets go
     * @param clock the next packet's timestamp, ns (called once per packet)
     * @param a     the originator's address and port
     * @param b     the responder's address and port
     */
    public TcpConversation(PcapFileWriter out, LongSupplier clock, String a, int ap, String b, int bp) {
        this.out = out;
        this.clock = clock;
        this.a = a;
        this.ap = ap;
        this.b = b;
        this.bp = bp;
    }

    /** A segment from A ({@code fromA}) or B with the current sequence and acknowledgment numbers. */
    public byte[] packet(boolean fromA, int flags, byte[] payload) {
        PacketBuilder p = fromA
                ? PacketBuilder.eth().ipv4(a, b).tcp(ap, bp).seq(aseq).ack(bseq)
                : PacketBuilder.eth().ipv4(b, a).tcp(bp, ap).seq(bseq).ack(aseq);
        p.flags(flags);
        if (payload != null) {
            p.payload(payload);
        }
        return p.build();
    }

    /** SYN from A, SYN-ACK from B, ACK from A. */
    public TcpConversation open() {
        out.write(clock.getAsLong(), PacketBuilder.eth().ipv4(a, b).tcp(ap, bp).flags(SYN).seq(aseq - 1).build());
        out.write(clock.getAsLong(), PacketBuilder.eth().ipv4(b, a).tcp(bp, ap).flags(SYN | ACK).seq(bseq - 1)
                .ack(aseq).build());
        return ack(true);
    }

    /** {@link #open()} whose SYN was not captured: SYN-ACK from B, ACK from A. */
    public TcpConversation openWithoutSyn() {
        out.write(clock.getAsLong(), PacketBuilder.eth().ipv4(b, a).tcp(bp, ap).flags(SYN | ACK).seq(bseq - 1)
                .ack(aseq).build());
        return ack(true);
    }

    /** One PSH-ACK segment carrying {@code data}. */
    public TcpConversation send(boolean fromA, byte[] data) {
        out.write(clock.getAsLong(), packet(fromA, PSH | ACK, data));
        if (fromA) {
            aseq += data.length;
        } else {
            bseq += data.length;
        }
        return this;
    }

    /** {@link #send(boolean, byte[])} of {@code text}'s ISO-8859-1 bytes. */
    public TcpConversation send(boolean fromA, String text) {
        return send(fromA, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@link #send(boolean, byte[])}, then the other side's ACK. */
    public TcpConversation sendAcked(boolean fromA, byte[] data) {
        return send(fromA, data).ack(!fromA);
    }

    /** {@link #sendAcked(boolean, byte[])} of {@code text}'s ISO-8859-1 bytes. */
    public TcpConversation sendAcked(boolean fromA, String text) {
        return sendAcked(fromA, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A bare ACK. */
    public TcpConversation ack(boolean fromA) {
        out.write(clock.getAsLong(), packet(fromA, ACK, null));
        return this;
    }

    /** FIN from A first ({@code aFirst}) or from B, then the other's FIN, then the first one's ACK. */
    public void close(boolean aFirst) {
        out.write(clock.getAsLong(), packet(aFirst, FIN | ACK, null));
        advance(aFirst);
        out.write(clock.getAsLong(), packet(!aFirst, FIN | ACK, null));
        advance(!aFirst);
        ack(aFirst);
    }

    /**
     * {@code n} bytes of A's ({@code fromA}) or B's sequence space sent but not captured (a segment or a FIN lost
     * before the capture point): later packets carry sequence and acknowledgment numbers past them.
     */
    public TcpConversation lose(boolean fromA, int n) {
        if (fromA) {
            aseq += n;
        } else {
            bseq += n;
        }
        return this;
    }

    /** A FIN-ACK from A ({@code fromA}) or B; its sequence number counts one. */
    public TcpConversation fin(boolean fromA) {
        out.write(clock.getAsLong(), packet(fromA, FIN | ACK, null));
        advance(fromA);
        return this;
    }

    private void advance(boolean side) {
        if (side) {
            aseq++;
        } else {
            bseq++;
        }
    }
}
