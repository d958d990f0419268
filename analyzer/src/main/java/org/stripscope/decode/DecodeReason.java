package org.stripscope.decode;

/**
 * The finer reason behind a {@link DecodeStatus}, counted by {@link PacketDecoder} so the run
 * statistics can say why frames were skipped, not only that they were.
 */
public enum DecodeReason {
    /** A TCP segment in IPv4. */
    TCP_IPV4(DecodeStatus.TCP),
    /** A TCP segment in IPv6. */
    TCP_IPV6(DecodeStatus.TCP),
    /** A TCP segment in IPv6 tunnelled in IPv4 (6in4, IP protocol 41, RFC 4213 §3.5). */
    TCP_6IN4(DecodeStatus.TCP),
    /**
     * A TCP segment (either family) whose fixed 20-byte header was captured but whose options
     * were cut by the snaplen: delivered with the captured part of the options and no payload,
     * because old tcpdump's default snaplen of 68 cuts every SYN with options this way, and
     * losing the SYNs would lose who opened each connection.
     */
    TCP_OPTIONS_CUT(DecodeStatus.TCP),
    /**
     * A TCP segment (either family, not tunnelled) whose IP length field is 0: IPv4 total length
     * or IPv6 payload length (without a Jumbo Payload option). A host that captures its own
     * traffic before TCP segmentation offload (TSO/GSO) writes such frames; the captured bytes
     * are taken as the whole packet, so a snaplen cut in them can't be seen as a gap.
     */
    TCP_LENGTH_FROM_CAPTURE(DecodeStatus.TCP),

    /** Ethernet/SLL protocol type other than IPv4 and IPv6 (ARP, LLDP, PPPoE, MPLS, ...). */
    NOT_IP_ETHERTYPE(DecodeStatus.NOT_IP),
    /** An IEEE 802.3 frame: the type field is a length (below 1536), LLC follows. */
    NOT_IP_8023_LENGTH(DecodeStatus.NOT_IP),
    /** A loopback address family other than IPv4/IPv6. */
    NOT_IP_ADDRESS_FAMILY(DecodeStatus.NOT_IP),

    /** An IP protocol / next header other than TCP (UDP, ICMP, ...). */
    NOT_TCP_PROTOCOL(DecodeStatus.NOT_TCP),
    /** IPv6 ESP (RFC 4303): the rest is encrypted. */
    NOT_TCP_ESP(DecodeStatus.NOT_TCP),
    /** IPv6 "No Next Header" (59, RFC 8200 §4.7). */
    NOT_TCP_NO_NEXT_HEADER(DecodeStatus.NOT_TCP),

    /** IPv4 fragment: MF set or a non-zero fragment offset (RFC 791). */
    FRAGMENT_IPV4(DecodeStatus.IP_FRAGMENT),
    /** IPv6 Fragment header other than an atomic fragment (RFC 8200 §4.5, RFC 6946). */
    FRAGMENT_IPV6(DecodeStatus.IP_FRAGMENT),

    /** The capture ends inside the link-layer header (or its VLAN tags). */
    TRUNCATED_LINK(DecodeStatus.TRUNCATED),
    /** The capture ends inside the IPv4/IPv6 header or an IPv6 extension header. */
    TRUNCATED_IP(DecodeStatus.TRUNCATED),
    /** The capture ends inside the fixed 20 bytes of the TCP header. */
    TRUNCATED_TCP(DecodeStatus.TRUNCATED),

    /** More stacked VLAN tags than the decoder follows. */
    MALFORMED_VLAN_STACK(DecodeStatus.MALFORMED),
    /** The IP version nibble does not match the link layer's claim, or is neither 4 nor 6. */
    MALFORMED_IP_VERSION(DecodeStatus.MALFORMED),
    /** IPv4 IHL below 5 or larger than the total length. */
    MALFORMED_IPV4_HEADER_LENGTH(DecodeStatus.MALFORMED),
    /** IPv6 payload length 0 with a Jumbo Payload option: a jumbogram (RFC 2675), not decoded. */
    MALFORMED_IPV6_PAYLOAD_LENGTH(DecodeStatus.MALFORMED),
    /** An IPv6 extension header that overruns the payload length, or too long a chain. */
    MALFORMED_IPV6_EXTENSION(DecodeStatus.MALFORMED),
    /** The IP length fields leave less than a minimal 20-byte TCP header for the segment. */
    MALFORMED_TCP_SEGMENT_LENGTH(DecodeStatus.MALFORMED),
    /** TCP data offset below 5 or beyond the segment length given by IP. */
    MALFORMED_TCP_DATA_OFFSET(DecodeStatus.MALFORMED),

    /** A link type with no decoder. */
    UNSUPPORTED_LINK_TYPE(DecodeStatus.UNSUPPORTED_LINK_TYPE);

    private final DecodeStatus status;

    DecodeReason(DecodeStatus status) {
        this.status = status;
    }

    public DecodeStatus status() {
        return status;
    }
}
