package org.stripscope.capture;

/**
 * Link-layer header types as libpcap reports them from {@code pcap_datalink} (DLT_* values; see
 * https://www.tcpdump.org/linktypes.html). libpcap maps the LINKTYPE_* value stored in a file to
 * the local DLT_* value, so a file written with LINKTYPE_RAW (101) usually reads as DLT_RAW (12);
 * both are listed because a file may also carry the OS-specific value directly.
 */
public final class LinkType {

    /** BSD loopback: a 4-byte address family in the writer's host byte order. */
    public static final int NULL = 0;
    /** Ethernet II (and 802.3), with any 802.1Q / 802.1ad tags. */
    public static final int EN10MB = 1;
    /** Raw IP, DLT_RAW on most systems. */
    public static final int RAW = 12;
    /** Raw IP, DLT_RAW on OpenBSD. */
    public static final int RAW_OPENBSD = 14;
    /** LINKTYPE_RAW as stored in files. */
    public static final int LINKTYPE_RAW = 101;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 ({@code tcpdump -i any} before libpcap 1.10), 16-byte header. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 ({@code tcpdump -i any} since libpcap 1.10), 20-byte header. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** True when the decoder can take frames of this link type. */
    public static boolean isSupported(int linkType) {
        return switch (linkType) {
            case NULL, EN10MB, RAW, RAW_OPENBSD, LINKTYPE_RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    /** A short name for messages, e.g. "EN10MB (1)". */
    public static String describe(int linkType) {
        String name = switch (linkType) {
            case NULL -> "NULL";
            case EN10MB -> "EN10MB";
            case RAW, RAW_OPENBSD, LINKTYPE_RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "unknown";
        };
        return name + " (" + linkType + ")";
    }
}
