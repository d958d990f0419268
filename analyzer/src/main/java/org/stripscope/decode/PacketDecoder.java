package org.stripscope.decode;

import static org.stripscope.decode.Bytes.u16;
import static org.stripscope.decode.Bytes.u32;
import static org.stripscope.decode.Bytes.u32le;
import static org.stripscope.decode.Bytes.u64;
import static org.stripscope.decode.Bytes.u8;

import org.stripscope.capture.LinkType;

/**
 * Decodes one frame, link layer to TCP, in place into a {@link DecodedPacket}. One decoder per
 * thread; nothing is allocated per frame. Every header length comes from the header's own
 * length field and is checked, first against what the IP length fields allow (an overrun there
 * is MALFORMED), then against the captured bytes (an overrun there is TRUNCATED), with one
 * counted leniency: TCP options cut by the snaplen ({@link DecodeReason#TCP_OPTIONS_CUT}).
 * Nothing here throws on any input.
 *
 * <p>The {@link DecodedPacket} is meaningful only when {@link DecodeStatus#TCP} is returned; on
 * other results some of its fields may hold values of the frame that was given up on.
 */
public final class PacketDecoder {

    /** Stacked 802.1Q/802.1ad tags followed before the frame is called MALFORMED. */
    public static final int MAX_VLAN_TAGS = 8;
    /** IPv6 extension headers followed before the chain is called MALFORMED. */
    public static final int MAX_IPV6_EXTENSION_HEADERS = 16;

    // Ethernet (IEEE 802.3 / Ethernet II) and Linux cooked capture.
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHERNET_TYPE = 12;
    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL = 14;
    private static final int SLL2_HEADER = 20;
    private static final int SLL2_PROTOCOL = 0;
    private static final int LOOPBACK_HEADER = 4;
    /** A VLAN tag after the type field: 2-byte TCI, then the next 2-byte type (IEEE 802.1Q §9.6). */
    private static final int VLAN_TAG = 4;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    /** Pre-standard QinQ outer tag used by some switches. */
    private static final int ETHERTYPE_QINQ_LEGACY = 0x9100;
    /** IEEE 802.3: type values below 1536 (0x0600) are a frame length, not an EtherType. */
    private static final int ETHERTYPE_MIN = 0x0600;

    /** BSD loopback address families: AF_INET everywhere, AF_INET6 per OS. */
    private static final int AF_INET = 2;
    private static final int AF_INET6_NETBSD_OPENBSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;

    // IPv4 (RFC 791 §3.1).
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_TOTAL_LENGTH = 2;
    private static final int IPV4_ID = 4;
    private static final int IPV4_FLAGS_FRAGMENT = 6;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    private static final int IPV4_FRAGMENT_OFFSET = 0x1fff;
    private static final int IPV4_TTL = 8;
    private static final int IPV4_PROTOCOL = 9;
    private static final int IPV4_SRC = 12;
    private static final int IPV4_DST = 16;

    // IPv6 (RFC 8200 §3).
    private static final int IPV6_HEADER = 40;
    private static final int IPV6_PAYLOAD_LENGTH = 4;
    private static final int IPV6_NEXT_HEADER = 6;
    private static final int IPV6_HOP_LIMIT = 7;
    private static final int IPV6_SRC = 8;
    private static final int IPV6_DST = 24;
    private static final int IPV6_FRAGMENT_HEADER = 8;
    /** Hop-by-hop option types (RFC 8200 §4.2, RFC 2675 §2). */
    private static final int OPTION_PAD1 = 0x00;
    private static final int OPTION_JUMBO_PAYLOAD = 0xc2;
    /** An IPv6 header not carried in another IP packet: only its own payload length bounds it. */
    private static final int NO_OUTER_BOUND = Integer.MAX_VALUE;

    // IP protocol numbers / IPv6 next-header values (IANA).
    private static final int PROTO_HOP_BY_HOP = 0;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_IPV6 = 41;
    private static final int PROTO_ROUTING = 43;
    private static final int PROTO_FRAGMENT = 44;
    private static final int PROTO_ESP = 50;
    private static final int PROTO_AH = 51;
    private static final int PROTO_NO_NEXT = 59;
    private static final int PROTO_DEST_OPTIONS = 60;

    // TCP (RFC 9293 §3.1).
    private static final int TCP_MIN_HEADER = 20;
    private static final int TCP_SRC_PORT = 0;
    private static final int TCP_DST_PORT = 2;
    private static final int TCP_SEQ = 4;
    private static final int TCP_ACK = 8;
    private static final int TCP_DATA_OFFSET = 12;
    private static final int TCP_FLAGS = 13;
    private static final int TCP_WINDOW = 14;
    private static final int TCP_URGENT = 18;

    private final long[] reasonCounts = new long[DecodeReason.values().length];
    private DecodeReason lastReason;

    /**
     * Decodes {@code frame[0, caplen)} of the given link type into {@code out} and counts the
     * result. {@code out.frame} is set to {@code frame}.
     */
    public DecodeStatus decode(int linkType, byte[] frame, int caplen, DecodedPacket out) {
        return decode(linkType, frame, 0, caplen, out);
    }

    /**
     * As {@link #decode(int, byte[], int, DecodedPacket)} for a frame that starts at
     * {@code start} in {@code frame} (a reader's buffer holding many records): the offsets in
     * {@code out} are indexes into {@code frame}.
     */
    public DecodeStatus decode(int linkType, byte[] frame, int start, int caplen, DecodedPacket out) {
        int from = Math.max(0, Math.min(start, frame.length));
        int end = from + Math.max(0, Math.min(caplen, frame.length - from));
        out.frame = frame;
        DecodeReason reason = decodeLink(linkType, frame, from, end, out);
        lastReason = reason;
        reasonCounts[reason.ordinal()]++;
        return reason.status();
    }

    /** The finer reason of the last {@link #decode} result: what the frame was counted as. */
    public DecodeReason lastReason() {
        return lastReason;
    }

    /** Frames decoded with this result so far: the sum over its reasons. */
    public long count(DecodeStatus status) {
        long sum = 0;
        for (DecodeReason reason : DecodeReason.values()) {
            if (reason.status() == status) {
                sum += reasonCounts[reason.ordinal()];
            }
        }
        return sum;
    }

    /** Frames decoded with this finer reason so far. */
    public long count(DecodeReason reason) {
        return reasonCounts[reason.ordinal()];
    }

    private DecodeReason decodeLink(int linkType, byte[] b, int start, int end, DecodedPacket out) {
        switch (linkType) {
            case LinkType.EN10MB:
                if (end - start < ETHERNET_HEADER) {
                    return DecodeReason.TRUNCATED_LINK;
                }
                return etherType(b, u16(b, start + ETHERNET_TYPE), start + ETHERNET_HEADER, end, out);
            case LinkType.LINUX_SLL:
                if (end - start < SLL_HEADER) {
                    return DecodeReason.TRUNCATED_LINK;
                }
                return etherType(b, u16(b, start + SLL_PROTOCOL), start + SLL_HEADER, end, out);
            case LinkType.LINUX_SLL2:
                if (end - start < SLL2_HEADER) {
                    return DecodeReason.TRUNCATED_LINK;
                }
                return etherType(b, u16(b, start + SLL2_PROTOCOL), start + SLL2_HEADER, end, out);
            case LinkType.NULL: {
                if (end - start < LOOPBACK_HEADER) {
                    return DecodeReason.TRUNCATED_LINK;
                }
                // The family is in the writer's host byte order; every family fits in 16 bits,
                // so a value with high bits set was written big-endian.
                int family = u32le(b, start);
                if ((family & 0xffff_0000) != 0) {
                    family = u32(b, start);
                }
                return addressFamily(b, family, start + LOOPBACK_HEADER, end, out);
            }
            case LinkType.LOOP:
                if (end - start < LOOPBACK_HEADER) {
                    return DecodeReason.TRUNCATED_LINK;
                }
                return addressFamily(b, u32(b, start), start + LOOPBACK_HEADER, end, out);
            case LinkType.RAW, LinkType.RAW_OPENBSD, LinkType.LINKTYPE_RAW:
                return ip(b, start, end, out);
            case LinkType.IPV4:
                return ipv4(b, start, end, out);
            case LinkType.IPV6:
                return ipv6(b, start, end, NO_OUTER_BOUND, out, false);
            default:
                return DecodeReason.UNSUPPORTED_LINK_TYPE;
        }
    }

    /** Follows any stack of VLAN tags after an EtherType field, then dispatches on the type. */
    private DecodeReason etherType(byte[] b, int type, int off, int end, DecodedPacket out) {
        int tags = 0;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_LEGACY) {
            if (++tags > MAX_VLAN_TAGS) {
                return DecodeReason.MALFORMED_VLAN_STACK;
            }
            if (off + VLAN_TAG > end) {
                return DecodeReason.TRUNCATED_LINK;
            }
            type = u16(b, off + 2);
            off += VLAN_TAG;
        }
        if (type == ETHERTYPE_IPV4) {
            return ipv4(b, off, end, out);
        }
        if (type == ETHERTYPE_IPV6) {
            return ipv6(b, off, end, NO_OUTER_BOUND, out, false);
        }
        return type < ETHERTYPE_MIN ? DecodeReason.NOT_IP_8023_LENGTH : DecodeReason.NOT_IP_ETHERTYPE;
    }

    private DecodeReason addressFamily(byte[] b, int family, int off, int end, DecodedPacket out) {
        return switch (family) {
            case AF_INET -> ipv4(b, off, end, out);
            case AF_INET6_NETBSD_OPENBSD, AF_INET6_FREEBSD, AF_INET6_DARWIN -> ipv6(b, off, end, NO_OUTER_BOUND, out, false);
            default -> DecodeReason.NOT_IP_ADDRESS_FAMILY;
        };
    }

    /** Raw IP: the version nibble decides. */
    private DecodeReason ip(byte[] b, int off, int end, DecodedPacket out) {
        if (off >= end) {
            return DecodeReason.TRUNCATED_IP;
        }
        return switch (u8(b, off) >>> 4) {
            case 4 -> ipv4(b, off, end, out);
            case 6 -> ipv6(b, off, end, NO_OUTER_BOUND, out, false);
            default -> DecodeReason.MALFORMED_IP_VERSION;
        };
    }

    private DecodeReason ipv4(byte[] b, int off, int end, DecodedPacket out) {
        int captured = end - off;
        if (captured < 1) {
            return DecodeReason.TRUNCATED_IP;
        }
        if (u8(b, off) >>> 4 != 4) {
            return DecodeReason.MALFORMED_IP_VERSION;
        }
        if (captured < IPV4_MIN_HEADER) {
            return DecodeReason.TRUNCATED_IP;
        }
        int headerLength = (u8(b, off) & 0x0f) * 4;
        if (headerLength < IPV4_MIN_HEADER) {
            return DecodeReason.MALFORMED_IPV4_HEADER_LENGTH;
        }
        int totalLength = u16(b, off + IPV4_TOTAL_LENGTH);
        boolean lengthFromCapture = totalLength == 0;
        if (lengthFromCapture) {
            // Frames captured on the sending host before TCP segmentation offload carry total
            // length 0 (Wireshark notes the same); the captured bytes are all there is to go by.
            totalLength = captured;
        }
        if (totalLength < headerLength) {
            return DecodeReason.MALFORMED_IPV4_HEADER_LENGTH;
        }
        if (headerLength > captured) {
            return DecodeReason.TRUNCATED_IP;
        }
        out.ipVersion = 4;
        out.srcHi = 0;
        out.srcLo = IpAddress.v4Lo(u32(b, off + IPV4_SRC));
        out.dstHi = 0;
        out.dstLo = IpAddress.v4Lo(u32(b, off + IPV4_DST));
        out.ttl = u8(b, off + IPV4_TTL);
        out.ipId = u16(b, off + IPV4_ID);
        int fragment = u16(b, off + IPV4_FLAGS_FRAGMENT);
        if ((fragment & (IPV4_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET)) != 0) {
            return DecodeReason.FRAGMENT_IPV4;
        }
        // Bytes past the total length are link-layer padding (Ethernet pads to 60 bytes), never payload.
        int wireEnd = off + totalLength;
        int capturedEnd = Math.min(end, wireEnd);
        int payload = off + headerLength;
        int protocol = u8(b, off + IPV4_PROTOCOL);
        if (protocol == PROTO_TCP) {
            return tcp(b, payload, wireEnd, capturedEnd, out,
                    lengthFromCapture ? DecodeReason.TCP_LENGTH_FROM_CAPTURE : DecodeReason.TCP_IPV4);
        }
        if (protocol == PROTO_IPV6) {
            // 6in4 (RFC 4213 §3.5): the endpoints that matter are the inner IPv6 ones. The inner
            // packet can't be longer than the outer one holds, whatever its own length says.
            return ipv6(b, payload, capturedEnd, wireEnd, out, true);
        }
        return DecodeReason.NOT_TCP_PROTOCOL;
    }

    /**
     * @param outerWireEnd for the inner packet of 6in4, the end of the outer IPv4 packet by its
     *     total length; {@link #NO_OUTER_BOUND} otherwise
     * @param tunnelled true for the inner packet of 6in4; tunnels are followed one level deep
     */
    private DecodeReason ipv6(byte[] b, int off, int end, int outerWireEnd, DecodedPacket out, boolean tunnelled) {
        int captured = end - off;
        if (captured < 1) {
            return DecodeReason.TRUNCATED_IP;
        }
        if (u8(b, off) >>> 4 != 6) {
            return DecodeReason.MALFORMED_IP_VERSION;
        }
        if (captured < IPV6_HEADER) {
            return DecodeReason.TRUNCATED_IP;
        }
        int next = u8(b, off + IPV6_NEXT_HEADER);
        int payloadLength = u16(b, off + IPV6_PAYLOAD_LENGTH);
        int wireEnd = Math.min(off + IPV6_HEADER + payloadLength, outerWireEnd);
        boolean lengthFromCapture = false;
        if (payloadLength == 0) {
            // RFC 2675 §3: payload length 0 with a Jumbo Payload option is a jumbogram, not
            // decoded. Without one it is what a sending host captured before segmentation
            // offload (TSO/GSO) writes, as IPv4 total length 0 is: the captured bytes (or the
            // outer packet of a tunnel) are all there is to go by.
            if (next == PROTO_HOP_BY_HOP && hasJumboPayloadOption(b, off + IPV6_HEADER, end)) {
                return DecodeReason.MALFORMED_IPV6_PAYLOAD_LENGTH;
            }
            lengthFromCapture = outerWireEnd == NO_OUTER_BOUND;
            wireEnd = lengthFromCapture ? end : outerWireEnd;
        }
        out.ipVersion = 6;
        out.srcHi = u64(b, off + IPV6_SRC);
        out.srcLo = u64(b, off + IPV6_SRC + 8);
        out.dstHi = u64(b, off + IPV6_DST);
        out.dstLo = u64(b, off + IPV6_DST + 8);
        out.ttl = u8(b, off + IPV6_HOP_LIMIT);
        out.ipId = -1;
        int capturedEnd = Math.min(end, wireEnd);
        int p = off + IPV6_HEADER;
        for (int headers = 0; headers <= MAX_IPV6_EXTENSION_HEADERS; headers++) {
            int length;
            switch (next) {
                case PROTO_TCP:
                    return tcp(b, p, wireEnd, capturedEnd, out, lengthFromCapture ? DecodeReason.TCP_LENGTH_FROM_CAPTURE
                            : tunnelled ? DecodeReason.TCP_6IN4 : DecodeReason.TCP_IPV6);
                case PROTO_ESP:
                    return DecodeReason.NOT_TCP_ESP;
                case PROTO_NO_NEXT:
                    return DecodeReason.NOT_TCP_NO_NEXT_HEADER;
                case PROTO_HOP_BY_HOP, PROTO_ROUTING, PROTO_DEST_OPTIONS, PROTO_AH, PROTO_FRAGMENT:
                    break;
                default:
                    return DecodeReason.NOT_TCP_PROTOCOL;
            }
            if (p + 2 > wireEnd) {
                return DecodeReason.MALFORMED_IPV6_EXTENSION;
            }
            if (p + 2 > capturedEnd) {
                return DecodeReason.TRUNCATED_IP;
            }
            if (next == PROTO_FRAGMENT) {
                length = IPV6_FRAGMENT_HEADER;
            } else if (next == PROTO_AH) {
                // RFC 4302 §2.2: Payload Len is in 4-octet units, minus 2.
                length = (u8(b, p + 1) + 2) * 4;
            } else {
                // RFC 8200 §4.3-4.6: Hdr Ext Len is in 8-octet units, not counting the first 8.
                length = (u8(b, p + 1) + 1) * 8;
            }
            if (p + length > wireEnd) {
                return DecodeReason.MALFORMED_IPV6_EXTENSION;
            }
            if (p + length > capturedEnd) {
                return DecodeReason.TRUNCATED_IP;
            }
            if (next == PROTO_FRAGMENT) {
                // RFC 8200 §4.5: offset in the high 13 bits, M flag in bit 0. Offset 0 with M=0
                // is an atomic fragment (RFC 6946 §4): the whole packet, to be processed as such.
                int offsetAndFlags = u16(b, p + 2);
                if ((offsetAndFlags & 0xfff9) != 0) {
                    return DecodeReason.FRAGMENT_IPV6;
                }
            }
            next = u8(b, p);
            p += length;
        }
        return DecodeReason.MALFORMED_IPV6_EXTENSION;
    }

    /**
     * True when the hop-by-hop header at {@code p} holds a Jumbo Payload option among its
     * captured bytes (RFC 8200 §4.2 option TLVs; Pad1 alone has no length byte).
     */
    private static boolean hasJumboPayloadOption(byte[] b, int p, int end) {
        if (p + 2 > end) {
            return false;
        }
        int headerEnd = Math.min(end, p + (u8(b, p + 1) + 1) * 8);
        int o = p + 2;
        while (o < headerEnd) {
            int type = u8(b, o);
            if (type == OPTION_PAD1) {
                o++;
                continue;
            }
            if (type == OPTION_JUMBO_PAYLOAD) {
                return true;
            }
            if (o + 2 > headerEnd) {
                return false;
            }
            o += 2 + u8(b, o + 1);
        }
        return false;
    }

    /**
     * @param wireEnd end of the segment according to the IP length fields
     * @param capturedEnd end of the segment's bytes present in the frame (at most wireEnd)
     */
    private DecodeReason tcp(byte[] b, int off, int wireEnd, int capturedEnd, DecodedPacket out, DecodeReason success) {
        int segmentLength = wireEnd - off;
        if (segmentLength < TCP_MIN_HEADER) {
            return DecodeReason.MALFORMED_TCP_SEGMENT_LENGTH;
        }
        int captured = capturedEnd - off;
        if (captured < TCP_MIN_HEADER) {
            return DecodeReason.TRUNCATED_TCP;
        }
        int headerLength = (u8(b, off + TCP_DATA_OFFSET) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER || headerLength > segmentLength) {
            return DecodeReason.MALFORMED_TCP_DATA_OFFSET;
        }
        out.srcPort = u16(b, off + TCP_SRC_PORT);
        out.dstPort = u16(b, off + TCP_DST_PORT);
        out.seq = u32(b, off + TCP_SEQ);
        out.ack = u32(b, off + TCP_ACK);
        out.flags = u8(b, off + TCP_FLAGS);
        out.window = u16(b, off + TCP_WINDOW);
        out.urgentPointer = u16(b, off + TCP_URGENT);
        out.tcpOptionsOffset = off + TCP_MIN_HEADER;
        out.payloadOffset = off + headerLength;
        out.wirePayloadLength = segmentLength - headerLength;
        if (headerLength > captured) {
            // Only the options were cut (see DecodeReason.TCP_OPTIONS_CUT): the segment is still
            // usable for its ports, sequence numbers and flags. The (empty) captured payload starts
            // where the captured bytes end, so the view never points past the frame.
            out.tcpOptionsLength = captured - TCP_MIN_HEADER;
            out.payloadOffset = capturedEnd;
            out.payloadLength = 0;
            return DecodeReason.TCP_OPTIONS_CUT;
        }
        out.tcpOptionsLength = headerLength - TCP_MIN_HEADER;
        out.payloadLength = captured - headerLength;
        return success;
    }
}
