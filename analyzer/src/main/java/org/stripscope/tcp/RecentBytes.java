package org.stripscope.tcp;

/**
 * The last bytes delivered in one direction, kept so that a retransmission of already-delivered
 * bytes can be compared with what the parser saw. A ring buffer that starts small and grows up
 * to its limit; bytes older than the limit are forgotten and can no longer be checked.
 */
final class RecentBytes {

    /** {@link #compare} result bits. */
    static final int CONFLICT = 1;
    static final int UNCHECKED = 2;

    private static final int INITIAL_CAPACITY = 256;

    private final int limit;
    private byte[] ring;
    /** Index where the next byte goes. */
    private int head;
    /** How many of the most recent bytes are known (at most ring.length). */
    private int filled;

    RecentBytes(int limit) {
        this.limit = limit;
    }

    void append(byte[] data, int offset, int length) {
        if (limit == 0) {
            return;
        }
        if (length >= limit) {
            ensureCapacity(limit);
            System.arraycopy(data, offset + length - limit, ring, 0, limit);
            head = 0;
            filled = limit;
            return;
        }
        ensureCapacity(filled + length);
        int cap = ring.length;
        // At most two block copies: up to the ring's end, then from its start.
        int first = Math.min(length, cap - head);
        System.arraycopy(data, offset, ring, head, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        head = (head + length) % cap;
        filled = Math.min(cap, filled + length);
    }

    /** Forgets everything: after a gap the bytes before it are not adjacent to the next ones. */
    void clear() {
        filled = 0;
        head = 0;
    }

    /**
     * Compares {@code length} bytes that start {@code distance} bytes before the end of the
     * delivered stream ({@code distance >= length}) with what was delivered there.
     *
     * @return 0 when all equal, else {@link #CONFLICT} and/or {@link #UNCHECKED} (part of the range
     *     is older than what is remembered)
     */
    int compare(int distance, byte[] data, int offset, int length) {
        int result = 0;
        for (int i = 0; i < length; i++) {
            int back = distance - i;
            // A distance that is not positive comes from sequence numbers more than 2^31 apart
            // (a hostile or corrupt segment): nothing delivered can be compared with it.
            if (back <= 0 || back > filled) {
                result |= UNCHECKED;
                continue;
            }
            int index = head - back;
            if (index < 0) {
                index += ring.length;
            }
            if (ring[index] != data[offset + i]) {
                result |= CONFLICT;
            }
        }
        return result;
    }

    private void ensureCapacity(int needed) {
        if (ring != null && (ring.length >= needed || ring.length == limit)) {
            return;
        }
        int cap = ring == null ? Math.min(limit, INITIAL_CAPACITY) : ring.length;
        while (cap < needed && cap < limit) {
            cap = (int) Math.min(limit, cap * 2L);
        }
        byte[] grown = new byte[cap];
        if (ring != null) {
            // Linearize the kept bytes, oldest first, at the start of the new array: at most two
            // block copies, from the oldest byte to the ring's end, then from its start.
            int oldest = head - filled;
            if (oldest < 0) {
                oldest += ring.length;
            }
            int first = Math.min(filled, ring.length - oldest);
            System.arraycopy(ring, oldest, grown, 0, first);
            System.arraycopy(ring, 0, grown, first, filled - first);
        }
        head = filled == cap ? 0 : filled;
        ring = grown;
    }
}
