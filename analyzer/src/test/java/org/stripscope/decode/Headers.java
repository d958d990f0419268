package org.stripscope.decode;

import static org.stripscope.decode.Hex.num;

/**
 * Builders for header bytes as hex strings, with lengths computed from what follows, so a test
 * states only the fields it is about. Checksums are left zero: the decoder does not check them.
 */
final class Headers {

    static final String MAC_A = "020000000001";
    static final String MAC_B = "020000000002";
    /** 192.0.2.1 and 198.51.100.2 (RFC 5737 documentation addresses). */
    static final String V4_A = "c0000201";
    static final String V4_B = "c6336402";
    static final int V4_A_INT = 0xc0000201;
    static final int V4_B_INT = 0xc6336402;
    /** 2001:db8::1 and 2001:db8::2 (RFC 3849). */
    static final String V6_A = "20010db8000000000000000000000001";
    static final String V6_B = "20010db8000000000000000000000002";
    static final long V6_HI = 0x20010db800000000L;

    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;

    private Headers() {
    }

    static String ethernet(int etherType, String payload) {
        return MAC_B + MAC_A + num(etherType, 4) + payload;
    }

    /** An 802.1Q-style tag: TPID, TCI with the given VLAN id, then the inner type. */
    static String tag(int tpid, int vlan) {
        return num(tpid, 4) + num(vlan, 4);
    }

    /** Linux cooked v1: packet type 0 (to us), ARPHRD_ETHER, 6-byte address, protocol. */
    static String sll(int protocol, String payload) {
        return "0000" + "0001" + "0006" + MAC_A + "0000" + num(protocol, 4) + payload;
    }

    /** Linux cooked v2: protocol, reserved, ifindex 2, ARPHRD_ETHER, packet type, address. */
    static String sll2(int protocol, String payload) {
        return num(protocol, 4) + "0000" + "00000002" + "0001" + "00" + "06" + MAC_A + "0000" + payload;
    }

    /** An IPv4 header with the given IHL-implied options, flags/fragment word and protocol. */
    static String ipv4(String options, int flagsFragment, int protocol, String src, String dst, String payload) {
        int headerBytes = 20 + options.length() / 2;
        int ihl = headerBytes / 4;
        int total = headerBytes + payload.length() / 2;
        return num(0x40 | ihl, 2) + "00" + num(total, 4) + "1234" + num(flagsFragment, 4)
                + "40" + num(protocol, 2) + "0000" + src + dst + options + payload;
    }

    static String ipv4(int protocol, String payload) {
        return ipv4("", 0x4000, protocol, V4_A, V4_B, payload);
    }

    static String ipv6(int nextHeader, String src, String dst, String payload) {
        return "60000000" + num(payload.length() / 2, 4) + num(nextHeader, 2) + "39" + src + dst + payload;
    }

    static String ipv6(int nextHeader, String payload) {
        return ipv6(nextHeader, V6_A, V6_B, payload);
    }

    /** An 8-byte-unit extension header (hop-by-hop, routing, destination options) with padding. */
    static String extension(int nextHeader, int lengthUnits) {
        int bytes = (lengthUnits + 1) * 8;
        return num(nextHeader, 2) + num(lengthUnits, 2) + "0".repeat((bytes - 2) * 2);
    }

    /** A TCP header with the given options (a multiple of 4 bytes) and payload. */
    static String tcp(int srcPort, int dstPort, long seq, long ack, int flags, String options, String payload) {
        int headerBytes = 20 + options.length() / 2;
        return num(srcPort, 4) + num(dstPort, 4) + num(seq, 8) + num(ack, 8)
                + num((headerBytes / 4) << 4, 2) + num(flags, 2) + "faf0" + "0000" + "0000" + options + payload;
    }

    static String tcp(String payload) {
        return tcp(49152, 25, 1000, 2000, DecodedPacket.ACK | DecodedPacket.PSH, "", payload);
    }
}
