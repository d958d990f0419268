package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlowKeyTest {

    private static final long A = Wire.CLIENT_LO;
    private static final long B = Wire.SERVER_LO;

    @Test
    void bothDirectionsOfAConnection_giveEqualKeysAndOppositeDirectionBits() {
        FlowKey forward = new FlowKey();
        FlowKey backward = new FlowKey();
        boolean forwardFromLow = forward.set(0, A, 40000, 0, B, 25);
        boolean backwardFromLow = backward.set(0, B, 25, 0, A, 40000);

        assertEquals(forward, backward);
        assertEquals(forward.hashCode(), backward.hashCode());
        assertTrue(forwardFromLow, "192.0.2.1 is below 198.51.100.2");
        assertFalse(backwardFromLow);
    }

    @Test
    void sameAddressesDifferentPorts_areDifferentKeys() {
        FlowKey one = new FlowKey();
        FlowKey other = new FlowKey();
        one.set(0, A, 40000, 0, B, 25);
        other.set(0, A, 40001, 0, B, 25);

        assertNotEquals(one, other);
    }

    @Test
    void addressesWithTheTopBitSet_areOrderedUnsigned() {
        FlowKey key = new FlowKey();
        // 0x2001... (2001:db8::) is below 0xfe80... when compared unsigned; signed it would be above.
        assertTrue(key.set(0x20010db800000000L, 1, 1, 0xfe80000000000000L, 1, 2));
    }

    @Test
    void copy_isEqualAndUnaffectedByLaterProbes() {
        FlowKey probe = new FlowKey();
        probe.set(0, A, 40000, 0, B, 25);
        FlowKey stored = probe.copy();
        probe.set(0, A, 40001, 0, B, 25);

        assertNotEquals(stored, probe);
        probe.set(0, B, 25, 0, A, 40000);
        assertEquals(stored, probe);
    }
}
