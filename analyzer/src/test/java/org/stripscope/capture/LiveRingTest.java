package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fixed set of frames between readers and the analysis: bounded, recycled, in order. */
class LiveRingTest {

    @Test
    void allFramesTaken_readerGetsNoneUntilOneIsRecycled() throws Exception {
        LiveRing ring = new LiveRing(2);
        LiveFrame a = ring.takeEmpty(0);
        LiveFrame b = ring.takeEmpty(0);
        assertNotNull(a);
        assertNotNull(b);
        assertNull(ring.takeEmpty(10));
        ring.pass(a);
        LiveFrame delivered = ring.takeFilled(0);
        assertSame(a, delivered);
        ring.recycle(delivered);
        assertSame(a, ring.takeEmpty(0));
    }

    @Test
    void filledFrames_arriveInTheOrderPassed() throws Exception {
        LiveRing ring = new LiveRing(3);
        LiveFrame first = ring.takeEmpty(0);
        LiveFrame second = ring.takeEmpty(0);
        ring.pass(first);
        ring.pass(second);
        assertTrue(ring.hasFilled());
        assertSame(first, ring.takeFilled(0));
        assertSame(second, ring.takeFilled(0));
        assertNull(ring.takeFilled(10));
    }

    @Test
    void frameGrowsForALargePacketAndKeepsItsSize() {
        LiveFrame frame = new LiveFrame();
        frame.ensure(9000);
        assertTrue(frame.data.length >= 9000);
        int size = frame.data.length;
        frame.ensure(100);
        assertTrue(frame.data.length == size);
    }
}
