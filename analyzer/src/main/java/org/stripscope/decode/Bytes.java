package org.stripscope.decode;

/**
 * Unsigned reads from a byte array: network byte order (big-endian) unless the name says
 * otherwise. Callers check bounds first; these do no checking of their own.
 */
public final class Bytes {

    private Bytes() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    /** An unsigned 32-bit value in an int (compare with Integer.compareUnsigned or mask to long). */
    public static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** Little-endian 32-bit value: the DLT_NULL address family as written by a little-endian host. */
    public static int u32le(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 24);
    }

    public static long u64(byte[] b, int off) {
        return ((long) u32(b, off) << 32) | (u32(b, off + 4) & 0xffff_ffffL);
    }
}
