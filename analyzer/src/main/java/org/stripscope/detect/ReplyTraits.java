package org.stripscope.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stripscope.mail.event.PacketTraits;
import org.stripscope.mail.event.StartTlsReplied;

/**
 * Compares the packet that carried a STARTTLS reply with the server's earlier packets of the
 * same connection. A middlebox that answers STARTTLS itself sends from another stack at another
 * hop distance, so its packet tends to differ from the real server's in:
 * <ul>
 *   <li>TTL / hop limit: different from every earlier server packet (the server's own packets
 *   all cross the same hops, so they share one value, or two around a route change);</li>
 *   <li>IPv4 identification: the server's earlier IDs rise in small steps (a per-connection or
 *   global counter, RFC 6864 §4.1) and the reply's ID is not within {@link #ID_WINDOW} after the
 *   last of them, or it is 0 where the earlier ones are not (or the reverse);</li>
 *   <li>TCP option kinds: the reply carries another set than every earlier packet (e.g. no
 *   timestamps, RFC 7323 §3.2, where the connection negotiated them). NOP padding and SACK
 *   blocks, which come and go with loss, are left out of the comparison.</li>
 * </ul>
 * Servers with random IPv4 IDs (no small steps) get no ID comparison.
 */
final class ReplyTraits {

    /** Largest step between consecutive earlier IDs, and the window after the last one. */
    static final int ID_WINDOW = 1024;

    private ReplyTraits() {
    }

    /**
     * The traits in which the reply differs from the server's earlier packets, with values
     * ("reply TTL 255, server's other packets TTL 63"), joined by "; "; empty when the reply or
     * the earlier packets are unknown or nothing differs.
     */
    static String differences(StartTlsReplied reply) {
        PacketTraits r = reply.replyPacket();
        List<PacketTraits> earlier = new ArrayList<>();
        for (PacketTraits p : reply.earlierServerPackets()) {
            if (r != null && p.frame() != r.frame()) {
                earlier.add(p);
            }
        }
        if (r == null || earlier.isEmpty()) {
            return "";
        }
        List<String> diffs = new ArrayList<>(3);
        ttl(r, earlier, diffs);
        ipId(r, earlier, diffs);
        options(r, earlier, diffs);
        return String.join("; ", diffs);
    }

    private static void ttl(PacketTraits r, List<PacketTraits> earlier, List<String> diffs) {
        Set<Integer> ttls = new LinkedHashSet<>();
        for (PacketTraits p : earlier) {
            ttls.add(p.ttl());
        }
        if (!ttls.contains(r.ttl())) {
            diffs.add("reply TTL " + r.ttl() + ", server's other packets TTL " + join(ttls));
        }
    }

    private static void ipId(PacketTraits r, List<PacketTraits> earlier, List<String> diffs) {
        if (r.ipId() < 0) {
            return;
        }
        boolean allZero = true;
        boolean noneZero = true;
        for (PacketTraits p : earlier) {
            if (p.ipId() < 0) {
                return;
            }
            allZero &= p.ipId() == 0;
            noneZero &= p.ipId() != 0;
        }
        String others = idRange(earlier);
        if (r.ipId() == 0 && noneZero) {
            diffs.add("reply IP ID 0, server's other packets IP ID " + others);
            return;
        }
        if (r.ipId() != 0 && allZero) {
            diffs.add("reply IP ID " + r.ipId() + ", server's other packets IP ID 0");
            return;
        }
        if (earlier.size() < 2 || !noneZero) {
            return;
        }
        for (int i = 1; i < earlier.size(); i++) {
            int step = forward(earlier.get(i - 1).ipId(), earlier.get(i).ipId());
            if (step < 1 || step > ID_WINDOW) {
                return;
            }
        }
        int step = forward(earlier.get(earlier.size() - 1).ipId(), r.ipId());
        if (step < 1 || step > ID_WINDOW) {
            diffs.add("reply IP ID " + r.ipId() + ", server's other packets IP ID " + others
                    + " (rising in small steps)");
        }
    }

    /** How far b is after a in the 16-bit ID space. */
    private static int forward(int a, int b) {
        return (b - a) & 0xffff;
    }

    private static void options(PacketTraits r, List<PacketTraits> earlier, List<String> diffs) {
        String replyKinds = significantKinds(r.tcpOptions());
        Set<String> shown = new LinkedHashSet<>();
        for (PacketTraits p : earlier) {
            if (significantKinds(p.tcpOptions()).equals(replyKinds)) {
                return;
            }
            shown.add(p.tcpOptions().isEmpty() ? "none" : p.tcpOptions());
        }
        diffs.add("reply TCP options " + (r.tcpOptions().isEmpty() ? "none" : r.tcpOptions())
                + ", server's other packets " + String.join(" / ", shown));
    }

    /** The option kinds without nop and sack, in order, e.g. "ts". */
    private static String significantKinds(String options) {
        StringBuilder sb = new StringBuilder();
        for (String kind : options.split(",")) {
            if (kind.isEmpty() || kind.equals("nop") || kind.equals("sack")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(kind);
        }
        return sb.toString();
    }

    private static String idRange(List<PacketTraits> earlier) {
        int first = earlier.get(0).ipId();
        int last = earlier.get(earlier.size() - 1).ipId();
        return earlier.size() == 1 ? String.valueOf(first) : first + ".." + last;
    }

    private static String join(Set<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(v);
        }
        return sb.toString();
    }
}
