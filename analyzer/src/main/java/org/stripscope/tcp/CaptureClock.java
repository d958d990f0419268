package org.stripscope.tcp;

/**
 * The time that idle timeouts are measured against: the capture's packet timestamps, made robust
 * against a single bad one. Real captures hold outliers (one record dated decades ahead, written
 * by a broken driver or a damaged file); taken at face value, such a packet would expire every
 * connection at once and split each into two sessions.
 *
 * <p>The clock follows packet time forwards; it never goes back (a reordered or earlier timestamp
 * leaves it where it is). A jump of more than {@link #MAX_JUMP_MICROS} is believed only when the
 * next packet confirms it (lands at or after it, within the same bound), as when a capture was
 * paused for hours. Every such jump is counted ({@code timestamp_jumps}), and the confirmed ones
 * again ({@code timestamp_jumps_confirmed}).
 */
final class CaptureClock {

    /** Larger forward steps between two packets need a second packet to confirm them. */
    static final long MAX_JUMP_MICROS = 3_600_000_000L;

    private final TcpStats stats;
    private boolean started;
    private long now;
    private boolean jumpPending;
    private long pendingMicros;
    private boolean jumpConfirmed;

    CaptureClock(TcpStats stats) {
        this.stats = stats;
    }

    /** The clock after a packet with this timestamp. */
    long advance(long packetMicros) {
        jumpConfirmed = false;
        if (!started) {
            started = true;
            now = packetMicros;
        } else if (packetMicros > now) {
            if (packetMicros - now <= MAX_JUMP_MICROS) {
                now = packetMicros;
                jumpPending = false;
            } else if (jumpPending && packetMicros >= pendingMicros
                    && packetMicros - pendingMicros <= MAX_JUMP_MICROS) {
                now = packetMicros;
                jumpPending = false;
                jumpConfirmed = true;
                stats.increment(TcpStats.Counter.TIMESTAMP_JUMPS_CONFIRMED);
            } else {
                jumpPending = true;
                pendingMicros = packetMicros;
                stats.increment(TcpStats.Counter.TIMESTAMP_JUMPS);
            }
        }
        return now;
    }

    /** The last packet's timestamp was a jump not yet confirmed. */
    boolean jumpPending() {
        return jumpPending;
    }

    /** The last packet confirmed the jump of the packet before it. */
    boolean jumpConfirmed() {
        return jumpConfirmed;
    }
}
