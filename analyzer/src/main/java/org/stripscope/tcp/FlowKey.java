package org.stripscope.tcp;

/**
 * A connection's 4-tuple in canonical order: endpoint A is the lower one (address compared as an
 * unsigned 128-bit number, then port), endpoint B the higher, so both directions of a connection
 * find the same key. {@link #set} tells which direction a packet travels.
 *
 * <p>The flow table keeps one mutable instance as a probe for lookups, so a packet costs no
 * allocation; {@link #copy} makes the key stored with a new flow. A key stored in a map must not
 * be mutated again.
 */
final class FlowKey {

    private long aHi;
    private long aLo;
    private int aPort;
    private long bHi;
    private long bLo;
    private int bPort;
    private int hash;

    /**
     * Fills this key from one packet's endpoints.
     *
     * @return true when the sender is endpoint A (the lower one)
     */
    boolean set(long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        boolean srcIsA = compare(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort) <= 0;
        if (srcIsA) {
            assign(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        } else {
            assign(dstHi, dstLo, dstPort, srcHi, srcLo, srcPort);
        }
        return srcIsA;
    }

    private void assign(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        this.aHi = aHi;
        this.aLo = aLo;
        this.aPort = aPort;
        this.bHi = bHi;
        this.bLo = bLo;
        this.bPort = bPort;
        long h = aHi * 0x9E3779B97F4A7C15L;
        h = (h ^ aLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ bHi) * 0x9E3779B97F4A7C15L;
        h = (h ^ bLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ ((long) aPort << 16 | bPort)) * 0x9E3779B97F4A7C15L;
        this.hash = (int) (h ^ (h >>> 32));
    }

    private static int compare(long hi1, long lo1, int port1, long hi2, long lo2, int port2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c == 0) {
            c = Long.compareUnsigned(lo1, lo2);
        }
        if (c == 0) {
            c = Integer.compare(port1, port2);
        }
        return c;
    }

    FlowKey copy() {
        FlowKey key = new FlowKey();
        key.assign(aHi, aLo, aPort, bHi, bLo, bPort);
        return key;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k
                && aHi == k.aHi && aLo == k.aLo && aPort == k.aPort
                && bHi == k.bHi && bLo == k.bLo && bPort == k.bPort;
    }

    @Override
    public String toString() {
        return org.stripscope.decode.IpAddress.format(aHi, aLo) + ":" + aPort + " <-> "
                + org.stripscope.decode.IpAddress.format(bHi, bLo) + ":" + bPort;
    }
}
