package org.stripscope.mail;

import java.util.ArrayList;
import java.util.List;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.event.PacketTraits;

/**
 * The header traits (TTL, IPv4 ID, TCP option kinds) of one direction's data-carrying packets,
 * kept so that a reply can be compared with the sender's other packets: an injected reply (a
 * middlebox answering STARTTLS itself) usually has another TTL, an IP ID outside the server's
 * sequence, or other TCP options. Only the first {@link #FIRST} and the latest {@link #RECENT}
 * packets are kept, in primitive arrays: nothing is allocated per packet.
 */
public final class SegmentLog {

    static final int FIRST = 4;
    static final int RECENT = 12;
    /** Option kinds kept per packet; a real stack sends at most about ten. */
    private static final int MAX_KINDS = 8;

    private final long[] frames = new long[FIRST + RECENT];
    private final int[] ttls = new int[FIRST + RECENT];
    private final int[] ipIds = new int[FIRST + RECENT];
    private final long[] kinds = new long[FIRST + RECENT];
    private final byte[] kindCounts = new byte[FIRST + RECENT];
    private long recorded;

    /** Records a packet if it carries data (pure ACKs come from the stack, not the application). */
    public void record(DecodedPacket p, long frame) {
        if (p.payloadLength <= 0 && p.wirePayloadLength <= 0) {
            return;
        }
        int slot = recorded < FIRST ? (int) recorded : FIRST + (int) ((recorded - FIRST) % RECENT);
        recorded++;
        frames[slot] = frame;
        ttls[slot] = p.ttl;
        ipIds[slot] = p.ipVersion == 4 ? p.ipId : -1;
        long packed = 0;
        int count = 0;
        int i = p.tcpOptionsOffset;
        int end = p.tcpOptionsOffset + p.tcpOptionsLength;
        byte[] b = p.frame;
        // RFC 9293 §3.1: kind 0 ends the list, kind 1 is one byte, the others carry a length.
        while (i < end && count < MAX_KINDS) {
            int kind = b[i] & 0xff;
            if (kind == 0) {
                break;
            }
            packed |= ((long) kind) << (8 * count);
            count++;
            if (kind == 1) {
                i++;
            } else {
                int len = i + 1 < end ? b[i + 1] & 0xff : 0;
                if (len < 2) {
                    break;
                }
                i += len;
            }
        }
        kinds[slot] = packed;
        kindCounts[slot] = (byte) count;
    }

    /** The traits of the packet with this frame number, or null when it is not kept. */
    public PacketTraits traitsOf(long frame) {
        int n = kept();
        for (int s = 0; s < n; s++) {
            if (frames[s] == frame) {
                return traits(s);
            }
        }
        return null;
    }

    /** The kept packets before this frame, oldest first. */
    public List<PacketTraits> before(long frame) {
        List<PacketTraits> out = new ArrayList<>();
        int first = (int) Math.min(recorded, FIRST);
        for (int s = 0; s < first; s++) {
            if (frames[s] < frame) {
                out.add(traits(s));
            }
        }
        if (recorded > FIRST) {
            long recent = Math.min(recorded - FIRST, RECENT);
            for (long k = recorded - recent; k < recorded; k++) {
                int s = FIRST + (int) ((k - FIRST) % RECENT);
                if (frames[s] < frame) {
                    out.add(traits(s));
                }
            }
        }
        return out;
    }

    private int kept() {
        return (int) Math.min(recorded, FIRST + RECENT);
    }

    private PacketTraits traits(int s) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < kindCounts[s]; k++) {
            if (k > 0) {
                sb.append(',');
            }
            sb.append(kindName((int) (kinds[s] >>> (8 * k)) & 0xff));
        }
        return new PacketTraits(frames[s], ttls[s], ipIds[s], sb.toString());
    }

    /** IANA TCP option kind numbers. */
    static String kindName(int kind) {
        return switch (kind) {
            case 1 -> "nop";
            case 2 -> "mss";
            case 3 -> "ws";
            case 4 -> "sackok";
            case 5 -> "sack";
            case 8 -> "ts";
            case 19 -> "md5";
            case 29 -> "ao";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            default -> "k" + kind;
        };
    }
}
