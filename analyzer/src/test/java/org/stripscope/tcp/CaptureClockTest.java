package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CaptureClockTest {

    private static final long HOUR = 3_600_000_000L;

    private final TcpStats stats = new TcpStats();
    private final CaptureClock clock = new CaptureClock(stats);

    @Test
    void followsPacketTimeForwardAndNeverGoesBack() {
        assertEquals(1_000, clock.advance(1_000));
        assertEquals(5_000, clock.advance(5_000));
        assertEquals(5_000, clock.advance(2_000));
        assertEquals(5_000 + HOUR, clock.advance(5_000 + HOUR));
        assertEquals(0, stats.get(TcpStats.Counter.TIMESTAMP_JUMPS));
    }

    @Test
    void aLoneTimestampDecadesAheadIsIgnored() {
        // wireshark-notes smtp2525-ssl.pcapng: frame 2 is dated 2064, frames 1 and 3 are 2015.
        long t = 1_422_654_808_667_714L;
        clock.advance(t);
        assertEquals(t, clock.advance(2_982_389_148_338_527L));
        assertEquals(t + 45, clock.advance(t + 45));
        assertEquals(1, stats.get(TcpStats.Counter.TIMESTAMP_JUMPS));
        assertEquals(0, stats.get(TcpStats.Counter.TIMESTAMP_JUMPS_CONFIRMED));
    }

    @Test
    void aJumpConfirmedByTheNextPacketIsBelieved() {
        clock.advance(0);
        assertEquals(0, clock.advance(3 * HOUR));
        assertEquals(3 * HOUR + 10, clock.advance(3 * HOUR + 10));
        assertEquals(1, stats.get(TcpStats.Counter.TIMESTAMP_JUMPS_CONFIRMED));
    }
}
