package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {

    @Test
    void numberJustBelowTheWrap_isBeforeZero() {
        assertTrue(Seq.lt(0xFFFFFFF0, 0x00000010));
        assertTrue(Seq.gt(0x00000010, 0xFFFFFFF0));
        assertEquals(0x20, Seq.diff(0x00000010, 0xFFFFFFF0));
        assertEquals(0xFFFFFFF0, Seq.min(0xFFFFFFF0, 0x00000010));
        assertEquals(0x00000010, Seq.max(0xFFFFFFF0, 0x00000010));
    }

    @Test
    void equalNumbers_areNeitherBeforeNorAfter() {
        assertFalse(Seq.lt(7, 7));
        assertFalse(Seq.gt(7, 7));
        assertTrue(Seq.le(7, 7));
        assertTrue(Seq.ge(7, 7));
    }

    @Test
    void signedOrderDoesNotLeakIn_whenCrossingTheIntSignBoundary() {
        // 0x7FFFFFFF and 0x80000000 are adjacent sequence numbers, though of opposite int sign.
        assertTrue(Seq.lt(0x7FFFFFFF, 0x80000000));
        assertEquals(1, Seq.diff(0x80000000, 0x7FFFFFFF));
    }
}
