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

    /** The connection ended; no more calls follow. */
    void onClose(CloseReason reason, long frame, long timeMicros);
}
