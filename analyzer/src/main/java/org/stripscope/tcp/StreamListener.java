package org.stripscope.tcp;

import org.stripscope.decode.DecodedPacket;

/**
 * Receives one TCP connection's bytes in order, per direction, as the reassembler delivers them.
 * Each call names the frame that carried the bytes (for bytes released from the out-of-order
 * buffer, the frame that carried them originally), so a parser can say exactly which packet
 * holds a line.
 */
public interface StreamListener {

    /**
     * Every segment of the connection, before its bytes (if any) are delivered: a listener that
     * compares packet headers (TTL, IP ID, TCP options) reads them here. The packet is a
     * flyweight valid only during the call.
     */
    default void onSegment(boolean fromClient, DecodedPacket packet, long frame) {
    }

    /**
     * In-order bytes of one direction. The array is not the listener's: it is valid only during
     * the call.
     */
    void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long timeMicros);

    /**
     * {@code length} bytes of one direction will never be delivered (not captured, cut by the
     * snaplen, or dropped by a limit). Zeek calls this "undelivered". The next {@link #onData}
     * of that direction starts after the hole; a line parser resyncs at the next line end.
     */
    void onGap(boolean fromClient, long length, long frame, long timeMicros);

    /**
     * A segment of one direction carried bytes that differ from the ones already delivered or
     * held for the same stream positions. The first copy was kept (see DirectionReassembler's
     * overlap policy): the listener has seen, or will see, those, never the segment's. A
     * middlebox rewriting a retransmission, or an attacker writing for the analyser, looks like
     * this, so a parser may report it.
     *
     * @param streamOffset position of the segment's first byte in the direction's stream (bytes
     *     delivered or declared missing before it), which may lie before the bytes that differ
     * @param frame the frame of the segment whose bytes were not believed
     */
    default void onOverlapConflict(boolean fromClient, long streamOffset, long frame, long timeMicros) {
    }

    /** The connection ended; no more calls follow. */
    void onClose(CloseReason reason, long frame, long timeMicros);
}
