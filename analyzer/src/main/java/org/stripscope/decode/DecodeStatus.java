package org.stripscope.decode;

/**
 * The result of decoding one frame. Only {@link #TCP} carries a usable segment; every other value
 * is counted by the pipeline as a reason, never fatal.
 */
public enum DecodeStatus {
    /** A TCP segment over IPv4 or IPv6; the {@link DecodedPacket} is filled. */
    TCP,
    /** IP, but not TCP (UDP, ICMP, ...). */
    NOT_TCP,
    /** A link-layer payload that is not IPv4/IPv6 (ARP, LLDP, ...). */
    NOT_IP,
    /** An IPv4 or IPv6 fragment: counted and skipped, not reassembled. */
    IP_FRAGMENT,
    /** The captured bytes end inside a link, IP or TCP header. */
    TRUNCATED,
    /** A header whose length or version fields are impossible. */
    MALFORMED,
    /** A link type this decoder does not know. */
    UNSUPPORTED_LINK_TYPE
}
