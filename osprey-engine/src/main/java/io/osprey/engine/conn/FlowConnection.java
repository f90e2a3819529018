package io.osprey.engine.conn;

/**
 * A connection of any protocol but TCP (UDP, ICMP, other IP protocols): the endpoint activity Zeek's UDP and ICMP
 * session adapters keep ({@code request_len}/{@code reply_len}), UDP's bad-checksum history counters and the DNS
 * analyzer's expire timer. Created by {@link ConnEngine}; owned by one worker thread.
 */
final class FlowConnection extends Connection {
    /** Payload bytes each side sent (Zeek's request_len/reply_len), -1 while that side was inactive. */
    long requestLen = -1;
    long replyLen = -1;
    /** bad-checksum scaled history ('C'/'c'): counters and threshold exponents, see {@link #scaledHistoryEntry}. */
    int reqChkCnt;
    int repChkCnt;
    byte reqChkThreshExp;
    byte repChkThreshExp;
    /** The DNS analyzer's expire timer on UDP connections, -1 when not armed. */
    long dnsExpireAt = -1;

    FlowConnection() {
    }

    @Override
    long transportDeadline() {
        return dnsExpireAt >= 0 ? dnsExpireAt : Long.MAX_VALUE;
    }

    @Override
    void cancelTransportTimers() {
        dnsExpireAt = -1;
    }
}
