package org.stripscope.tcp;

/**
 * Bounds on what the flow table keeps. Every per-flow structure is limited here, and every limit
 * that bites is counted in {@link TcpStats}.
 *
 * @param maxFlows entries in the flow table, closed flows kept as tombstones included (a
 *     tombstone costs little but a key and two small direction records); when a new flow would
 *     exceed it, the least recently active entry is evicted. Default 262,144.
 * @param maxBufferedBytesPerDirection out-of-order payload bytes held for one direction of one
 *     flow; beyond it the reassembler gives up on the oldest hole and reports it as a gap.
 *     Default 1 MiB.
 * @param maxBufferedSegmentsPerDirection out-of-order pieces held for one direction of one flow;
 *     same overflow behaviour. Default 1024.
 * @param idleTimeoutMicros capture time without a packet after which a flow is closed
 *     ({@link CloseReason#IDLE_TIMEOUT}) and a tombstone forgotten. Default 5 minutes.
 * @param recentWindowBytes the most recently delivered bytes remembered per direction to check
 *     whether a retransmission carries the same bytes; allocated on first delivery, grown up to
 *     this size. Default 4 KiB.
 * @param maxBufferedBytesTotal out-of-order payload bytes held by all flows of one table
 *     together; a direction whose next piece would exceed it behaves as at its own buffer limit
 *     (reports the oldest hole as a gap and delivers what it holds), counted as
 *     {@code global_buffer_limit_gaps}. Default 64 MiB.
 */
public record TcpLimits(
        int maxFlows,
        int maxBufferedBytesPerDirection,
        int maxBufferedSegmentsPerDirection,
        long idleTimeoutMicros,
        int recentWindowBytes,
        long maxBufferedBytesTotal) {

    public static final int DEFAULT_MAX_FLOWS = 262_144;
    public static final int DEFAULT_MAX_BUFFERED_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_BUFFERED_SEGMENTS = 1024;
    public static final long DEFAULT_IDLE_TIMEOUT_MICROS = 5L * 60 * 1_000_000;
    public static final int DEFAULT_RECENT_WINDOW_BYTES = 4096;
    public static final long DEFAULT_MAX_BUFFERED_BYTES_TOTAL = 64L << 20;

    public TcpLimits {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be at least 1: " + maxFlows);
        }
        if (maxBufferedBytesPerDirection < 0) {
            throw new IllegalArgumentException("maxBufferedBytesPerDirection must not be negative");
        }
        if (maxBufferedSegmentsPerDirection < 0) {
            throw new IllegalArgumentException("maxBufferedSegmentsPerDirection must not be negative");
        }
        if (idleTimeoutMicros < 1) {
            throw new IllegalArgumentException("idleTimeoutMicros must be positive");
        }
        if (recentWindowBytes < 0) {
            throw new IllegalArgumentException("recentWindowBytes must not be negative");
        }
        if (maxBufferedBytesTotal < 0) {
            throw new IllegalArgumentException("maxBufferedBytesTotal must not be negative");
        }
    }

    /**
     * Heap allowed per flow-table entry when the table's size follows the heap: an entry whose
     * mail session is open costs about 3 KiB before its buffers grow (262,144 of them held 790
     * MB), twice that and more leaves room for everything else. (A flow that carried no byte
     * yet has no session and costs far less.)
     */
    static final long HEAP_BYTES_PER_FLOW = 8 << 10;
    /** The smallest table {@link #forHeap} gives, whatever the heap. */
    static final int MIN_FLOWS_FOR_HEAP = 4096;

    /**
     * The defaults, with the flow table no larger than {@code maxHeapBytes} (the JVM's maximum
     * heap) can hold: {@value #DEFAULT_MAX_FLOWS} entries from 2 GiB of heap up, one per
     * 8 KiB below (65,536 with a 512 MiB heap), and never fewer than 4096. A flood of half-open
     * flows then evicts the oldest instead of exhausting a small heap.
     */
    public static TcpLimits forHeap(long maxHeapBytes) {
        long flows = Math.max(MIN_FLOWS_FOR_HEAP, Math.min(DEFAULT_MAX_FLOWS, maxHeapBytes / HEAP_BYTES_PER_FLOW));
        return defaults().withMaxFlows((int) flows);
    }

    public static TcpLimits defaults() {
        return new TcpLimits(DEFAULT_MAX_FLOWS, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_SEGMENTS,
                DEFAULT_IDLE_TIMEOUT_MICROS, DEFAULT_RECENT_WINDOW_BYTES, DEFAULT_MAX_BUFFERED_BYTES_TOTAL);
    }

    public TcpLimits withMaxFlows(int value) {
        return new TcpLimits(value, maxBufferedBytesPerDirection, maxBufferedSegmentsPerDirection,
                idleTimeoutMicros, recentWindowBytes, maxBufferedBytesTotal);
    }

    public TcpLimits withBuffer(int bytes, int segments) {
        return new TcpLimits(maxFlows, bytes, segments, idleTimeoutMicros, recentWindowBytes, maxBufferedBytesTotal);
    }

    public TcpLimits withRecentWindowBytes(int value) {
        return new TcpLimits(maxFlows, maxBufferedBytesPerDirection, maxBufferedSegmentsPerDirection,
                idleTimeoutMicros, value, maxBufferedBytesTotal);
    }

    public TcpLimits withIdleTimeoutMicros(long value) {
        return new TcpLimits(maxFlows, maxBufferedBytesPerDirection, maxBufferedSegmentsPerDirection,
                value, recentWindowBytes, maxBufferedBytesTotal);
    }

    public TcpLimits withMaxBufferedBytesTotal(long value) {
        return new TcpLimits(maxFlows, maxBufferedBytesPerDirection, maxBufferedSegmentsPerDirection,
                idleTimeoutMicros, recentWindowBytes, value);
    }
}
