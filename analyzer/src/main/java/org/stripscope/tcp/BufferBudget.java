package org.stripscope.tcp;

/**
 * Out-of-order bytes held by all the reassemblers of one flow table, against
 * {@link TcpLimits#maxBufferedBytesTotal}: the per-direction limit bounds one flow, this bounds
 * many flows each holding less than their own limit. Owned by the {@link FlowTable}, shared by
 * its reassemblers, which take bytes when they hold a piece and give them back when it is
 * delivered or dropped.
 */
final class BufferBudget {

    private final long max;
    private long used;

    BufferBudget(long max) {
        this.max = max;
    }

    /** True when {@code bytes} more can be held. */
    boolean fits(long bytes) {
        return used + bytes <= max;
    }

    void take(long bytes) {
        used += bytes;
    }

    void giveBack(long bytes) {
        used -= bytes;
    }

    long used() {
        return used;
    }
}
