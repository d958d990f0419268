package org.stripscope.decode;

/**
 * A flyweight view of one decoded TCP segment, refilled by the decoder for every frame; never
 * kept past the frame. Addresses are held as two longs each: IPv6 as is, IPv4 as the IPv4-mapped
 * IPv6 address {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2), so flows of both families share one
 * key shape. Strings are made only when a finding is written ({@link IpAddress#format}).
 */
public final class DecodedPacket {

    /** TCP flag bits (RFC 9293 §3.1). */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    /** 4 or 6: the IP version of the header that carried the TCP segment (the inner one for 6in4). */
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl;
    /** IPv4 identification, or -1 for IPv6. */
    public int ipId;

    public int srcPort;
    public int dstPort;
    /** Sequence and acknowledgement numbers as unsigned 32-bit values in an int (wrap-safe math in tcp). */
    public int seq;
    public int ack;
    public int flags;
    public int window;
    public int urgentPointer;
    /** Offset and length of the TCP options in {@link #frame}; length 0 when there are none. */
    public int tcpOptionsOffset;
    public int tcpOptionsLength;

    /** The frame bytes this view points into (owned by the capture source). */
    public byte[] frame;
    /** Offset of the TCP payload in {@link #frame}. */
    public int payloadOffset;
    /** TCP payload bytes present in the capture. */
    public int payloadLength;
    /**
     * TCP payload length on the wire, from the IP length fields; larger than {@link #payloadLength}
     * when the snaplen cut the frame. The missing tail is a gap for the reassembler.
     */
    public int wirePayloadLength;

    /**
     * Points this view at a copy of its frame: {@code copy} holds the frame's bytes from index
     * {@code start} of the array it was decoded from at index 0.
     */
    public void rebase(byte[] copy, int start) {
        frame = copy;
        payloadOffset -= start;
        tcpOptionsOffset -= start;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
