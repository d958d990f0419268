package org.stripscope.capture;

/**
 * One captured packet on its way from an interface's reader thread to the analysis thread. The
 * frames are made once and recycled (see {@link LiveRing}); the byte array grows to the largest
 * packet it has held and stays that size.
 */
final class LiveFrame {

    private static final int INITIAL_BYTES = 2048;

    byte[] data = new byte[INITIAL_BYTES];
    int capturedLength;
    int wireLength;
    long timestampMicros;
    /** Index of the interface in the capture's list. */
    int source;

    /** Makes room for {@code length} bytes. */
    void ensure(int length) {
        if (data.length < length) {
            data = new byte[Math.max(length, data.length * 2)];
        }
    }
}
