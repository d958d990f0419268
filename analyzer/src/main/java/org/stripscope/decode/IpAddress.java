package org.stripscope.decode;

/**
 * Text forms of the two-long addresses used on the hot path. IPv4 is stored IPv4-mapped
 * (::ffff:a.b.c.d) and printed dotted; IPv6 is printed in the RFC 5952 canonical form.
 */
public final class IpAddress {

    private static final long V4_MAPPED_PREFIX = 0x0000_ffffL;

    private IpAddress() {
    }

    /** The low long of an IPv4-mapped address for a big-endian IPv4 address. */
    public static long v4Lo(int ipv4) {
        return (V4_MAPPED_PREFIX << 32) | (ipv4 & 0xffff_ffffL);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == V4_MAPPED_PREFIX;
    }

    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            groups[4 + i] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        // RFC 5952 §4.2: the longest run (first if tied) of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
