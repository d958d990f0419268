package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TcpLimitsForHeapTest {

    private static final long MIB = 1L << 20;

    @Test
    void theFlowTableFollowsTheHeapBetweenItsFloorAndTheDefault() {
        assertEquals(TcpLimits.DEFAULT_MAX_FLOWS, TcpLimits.forHeap(6144 * MIB).maxFlows());
        assertEquals(TcpLimits.DEFAULT_MAX_FLOWS, TcpLimits.forHeap(2048 * MIB).maxFlows());
        assertEquals(65_536, TcpLimits.forHeap(512 * MIB).maxFlows());
        assertEquals(32_768, TcpLimits.forHeap(256 * MIB).maxFlows());
        assertEquals(4096, TcpLimits.forHeap(16 * MIB).maxFlows());
        assertEquals(4096, TcpLimits.forHeap(Long.MIN_VALUE).maxFlows());
        assertEquals(TcpLimits.DEFAULT_MAX_FLOWS, TcpLimits.forHeap(Long.MAX_VALUE).maxFlows());
        TcpLimits d = TcpLimits.defaults();
        TcpLimits small = TcpLimits.forHeap(256 * MIB);
        assertEquals(d.withMaxFlows(small.maxFlows()), small, "only the table's size changes");
    }
}
