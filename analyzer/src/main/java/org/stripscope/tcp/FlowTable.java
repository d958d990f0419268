package org.stripscope.tcp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.IntPredicate;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.tcp.TcpStats.Counter;

/**
 * The tcp stage's entry point: finds each segment's connection, opens a session for
 * connections on a server port, and feeds the segment to that direction's reassembler (see
 * {@link DirectionReassembler} for the overlap and gap policies).
 *
 * <p><b>Which connections.</b> Only connections with at least one port accepted by
 * {@code isServerPort}. A flow is created by a SYN, a SYN/ACK, or the first segment carrying
 * payload; a packet without a flow that has none of these (pure ACK, FIN, RST) is counted and
 * skipped. The client is the sender of a SYN without ACK, the receiver of a SYN/ACK, or, when the
 * capture began mid-connection, the side not on a server port (both on one: the lower port is the
 * server's). The session itself is opened (the factory asked, with the frame and time of the
 * flow's first packet) when the flow first carries payload, a gap, a FIN or an RST, or when it
 * closes: a flood of SYNs that are never answered fills the table with small entries, not with
 * mail sessions, and every flow still becomes exactly one session.
 *
 * <p><b>Endings.</b> SYN and FIN each consume one sequence number (RFC 9293 §3.4). A direction
 * ends when every byte before its FIN was delivered, or when its FIN was acknowledged or both
 * FINs were seen (holes then become gaps); when both have ended the session closes with
 * {@link CloseReason#FIN}. An RST closes it ({@link CloseReason#RST}) when its sequence number is
 * where the sender's stream can be: from one before the next byte expected from that side up to
 * {@link DirectionReassembler#RST_WINDOW} beyond it (RFC 5961 §3 has the receiver accept only an
 * exact match; the analyser does not know the receive window, and may have missed bytes, so it
 * allows that much). Any other RST is counted ({@code rsts_out_of_window}) and ignored: a host
 * would drop it too, and believing it would end the analysis of a session that goes on. Even a
 * plausible RST closes the session only once {@link #RST_GRACE_MICROS} of capture time passed
 * without payload or a FIN from either side; if the connection goes on, the endpoints never took
 * it ({@code rsts_not_honoured}) and neither does the analysis. A closed flow stays as a tombstone until it
 * idles out; a SYN without ACK on it starts a new session. On an open flow that
 * has exchanged data such a SYN first closes the old session ({@link CloseReason#PORT_REUSE}); on
 * one that has not, it is a retransmitted SYN and only resets the ISN.
 *
 * <p><b>Limits.</b> Entries (tombstones included) are kept in least-recently-active order. A flow
 * whose last packet is older than the idle timeout is closed when its next packet arrives or at
 * the next sweep (every 4096 packets or one second of capture time), which walks only the expired
 * head of that order. When a new flow would exceed {@link TcpLimits#maxFlows} the least recently
 * active entry is evicted ({@link CloseReason#EVICTED} if its session was open). Out-of-order
 * bytes held by all flows together are bounded by {@link TcpLimits#maxBufferedBytesTotal}, a
 * budget the table shares among its reassemblers. Closes decided by the table carry the frame
 * number and time of the packet that triggered them.
 *
 * <p>Not thread-safe: one table per packet loop. Listener exceptions propagate.
 */
public final class FlowTable {

    /**
     * How long, in capture time, a session stays open after an RST that could close it: if
     * either endpoint sends payload or a FIN within it, the RST was not taken (RFC 5961 §3: a
     * host checks an RST's sequence number exactly, and one forged for the analyser, with a TTL
     * too small to reach the host or a bad checksum, never reaches it), and the session goes on;
     * otherwise it closes as of the RST. Ten seconds covers a server's reply to a command.
     */
    static final long RST_GRACE_MICROS = 10_000_000L;
    private static final int SWEEP_EVERY_PACKETS = 4096;
    private static final long SWEEP_EVERY_MICROS = 1_000_000;

    private final TcpLimits limits;
    private final IntPredicate isServerPort;
    private final StreamListenerFactory factory;
    private final TcpStats stats = new TcpStats();
    private final BufferBudget budget;
    /** Access-ordered: iteration starts at the least recently active flow. */
    private final LinkedHashMap<FlowKey, Flow> flows;
    /** Flows with an RST whose grace has not run out, oldest RST first. */
    private final java.util.ArrayDeque<Flow> resets = new java.util.ArrayDeque<>();
    private final FlowKey probe = new FlowKey();
    private final CaptureClock clock = new CaptureClock(stats);
    /** The flow of a packet whose timestamp jump awaits confirmation by the next packet. */
    private Flow jumpFlow;

    private int packetsSinceSweep;
    private boolean sweptOnce;
    private long lastSweepMicros;

    public FlowTable(TcpLimits limits, IntPredicate isServerPort, StreamListenerFactory factory) {
        this.limits = limits;
        this.isServerPort = isServerPort;
        this.factory = factory;
        this.budget = new BufferBudget(limits.maxBufferedBytesTotal());
        this.flows = new LinkedHashMap<>(1024, 0.75f, true);
    }

    public TcpStats stats() {
        return stats;
    }

    /** Out-of-order payload bytes held by all flows now. */
    public long bufferedBytesTotal() {
        return budget.used();
    }

    /** Flows in the table, tombstones included. */
    public int size() {
        return flows.size();
    }

    /** One decoded TCP segment. The packet view is not kept. */
    public void onPacket(DecodedPacket p, long frame, long timeMicros) {
        // Idle time is measured on the capture clock; events keep the packet's own timestamp.
        long now = clock.advance(timeMicros);
        if (clock.jumpConfirmed() && jumpFlow != null) {
            // The packet before this one opened the later part of the capture: its flow belongs
            // to the new time, not to the old one it was stamped with while the jump was unsure.
            jumpFlow.lastSeenMicros = now;
        }
        jumpFlow = null;
        closeResetFlows(now);
        maybeSweep(frame, timeMicros, now);
        boolean srcServer = isServerPort.test(p.srcPort);
        boolean dstServer = isServerPort.test(p.dstPort);
        if (!srcServer && !dstServer) {
            stats.increment(Counter.PACKETS_IGNORED_NOT_SERVER_PORT);
            return;
        }
        boolean fromA = probe.set(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
        boolean syn = p.has(DecodedPacket.SYN);
        boolean ack = p.has(DecodedPacket.ACK);
        boolean newSyn = syn && !ack;
        Flow flow = flows.get(probe);
        if (flow != null && now - flow.lastSeenMicros > limits.idleTimeoutMicros()) {
            flows.remove(flow.key);
            flow.close(CloseReason.IDLE_TIMEOUT, frame, timeMicros, stats);
            flow = null;
        }
        if (flow != null && newSyn && flow.resetPending) {
            // A new SYN after the RST: the connection it reset is over, whatever its grace.
            flow.close(CloseReason.RST, flow.resetFrame, flow.resetMicros, stats);
        }
        if (flow != null && newSyn && startsNewSession(flow, p, fromA)) {
            flows.remove(flow.key);
            flow.close(CloseReason.PORT_REUSE, frame, timeMicros, stats);
            flow = null;
        }
        if (flow == null) {
            if (!syn && (wireLength(p) == 0 || p.has(DecodedPacket.RST))) {
                stats.increment(Counter.PACKETS_IGNORED_NO_FLOW);
                return;
            }
            flow = create(p, fromA, srcServer, dstServer, syn, ack, frame, timeMicros);
        }
        flow.lastSeenMicros = now;
        if (clock.jumpPending()) {
            jumpFlow = flow;
        }
        stats.increment(Counter.SEGMENTS);
        if (flow.state == Flow.CLOSED) {
            stats.increment(Counter.PACKETS_AFTER_CLOSE);
            return;
        }
        if (wireLength(p) > 0 || p.has(DecodedPacket.FIN) || p.has(DecodedPacket.RST)) {
            flow.open(stats);
        }
        if (flow.state == Flow.IGNORED) {
            if (syn) {
                // Remembered so that a retransmitted SYN is not taken for a new connection.
                flow.direction(fromA == flow.clientIsA).syn(p.seq);
            }
            return;
        }
        if (flow.resetPending && !p.has(DecodedPacket.RST) && (wireLength(p) > 0 || p.has(DecodedPacket.FIN))) {
            // The connection goes on after the RST: the endpoints did not take it.
            flow.resetPending = false;
            stats.increment(Counter.RSTS_NOT_HONOURED);
        }
        boolean fromClient = fromA == flow.clientIsA;
        if (flow.listener != null) {
            flow.listener.onSegment(fromClient, p, frame);
        }
        segment(flow, p, fromClient, syn, ack, frame, timeMicros);
    }

    /**
     * End of capture: every open session delivers what it holds (holes as gaps) and closes with
     * {@link CloseReason#END_OF_CAPTURE}; the table is emptied.
     */
    public void closeAll(long frame, long timeMicros) {
        Iterator<Flow> it = flows.values().iterator();
        while (it.hasNext()) {
            Flow flow = it.next();
            it.remove();
            flow.close(CloseReason.END_OF_CAPTURE, frame, timeMicros, stats);
        }
    }

    private void segment(Flow flow, DecodedPacket p, boolean fromClient, boolean syn, boolean ack,
            long frame, long timeMicros) {
        DirectionReassembler self = flow.direction(fromClient);
        DirectionReassembler peer = flow.direction(!fromClient);
        if (p.has(DecodedPacket.RST)) {
            if (!self.plausibleRst(p.seq)) {
                stats.increment(Counter.RSTS_OUT_OF_WINDOW);
                return;
            }
            if (!flow.resetPending) {
                flow.resetPending = true;
                flow.resetFrame = frame;
                flow.resetMicros = timeMicros;
                resets.addLast(flow);
                if (resets.size() > limits.maxFlows()) {
                    // Bounded like the table: the oldest RST waits no longer.
                    Flow oldest = resets.pollFirst();
                    if (oldest.resetPending) {
                        oldest.close(CloseReason.RST, oldest.resetFrame, oldest.resetMicros, stats);
                    }
                }
            }
            return;
        }
        if (syn) {
            self.syn(p.seq);
            if (ack) {
                peer.startFromPeerAck(p.ack);
            }
        }
        if (ack) {
            peer.peerAck(p.ack, frame, timeMicros);
        }
        int start = syn ? p.seq + 1 : p.seq;
        int wireLength = wireLength(p);
        boolean fin = p.has(DecodedPacket.FIN);
        if (wireLength > 0) {
            self.payload(start, p.frame, p.payloadOffset, p.payloadLength, wireLength, frame, timeMicros);
        } else if (!syn && !fin) {
            self.bare(p.seq, frame, timeMicros);
        }
        if (fin) {
            self.fin(start + wireLength, frame, timeMicros);
            // Both sides have said they are done: nothing still missing will be retransmitted
            // into a connection both ends are closing, so open holes become gaps.
            if (peer.finSeen()) {
                self.flush(frame, timeMicros);
                peer.flush(frame, timeMicros);
            }
        }
        if (self.ended() && peer.ended()) {
            flow.close(CloseReason.FIN, frame, timeMicros, stats);
        }
    }

    /** Payload length on the wire; never less than what was captured, whatever the decoder said. */
    private static int wireLength(DecodedPacket p) {
        return Math.max(Math.max(p.wirePayloadLength, p.payloadLength), 0);
    }

    /**
     * Whether a SYN without ACK on an existing flow starts a new connection on the same 4-tuple:
     * not when it repeats the ISN already seen from that side, and, on an open flow, not before
     * any data (then it is a SYN retransmitted, possibly with a new ISN).
     */
    private static boolean startsNewSession(Flow flow, DecodedPacket p, boolean fromA) {
        DirectionReassembler sender = flow.direction(fromA == flow.clientIsA);
        if (flow.state == Flow.CLOSED) {
            // A connection that has ended does not retransmit its SYN: this is a new connection on
            // the same 4-tuple, even with the same ISN (captures merged from repeated test runs).
            // Except a refused attempt: Windows answers a RST to its SYN by sending the same SYN
            // again (same ISN, no data ever exchanged), which is still that one attempt.
            return !(sender.synSeen() && sender.isn() == p.seq && !flow.exchangedData());
        }
        if (sender.synSeen() && sender.isn() == p.seq) {
            return false;
        }
        return flow.state != Flow.OPEN || flow.exchangedData();
    }

    private Flow create(DecodedPacket p, boolean fromA, boolean srcServer, boolean dstServer,
            boolean syn, boolean ack, long frame, long timeMicros) {
        boolean senderIsClient;
        if (syn) {
            senderIsClient = !ack;
        } else if (srcServer && dstServer) {
            senderIsClient = p.srcPort >= p.dstPort;
        } else {
            senderIsClient = dstServer;
        }
        if (flows.size() >= limits.maxFlows()) {
            evictOldest(frame, timeMicros);
        }
        FlowEndpoints endpoints = senderIsClient
                ? new FlowEndpoints(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, syn)
                : new FlowEndpoints(p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort, syn);
        Flow flow = new Flow(probe.copy(), senderIsClient == fromA, factory, endpoints, limits, budget, stats,
                frame, timeMicros);
        flows.put(flow.key, flow);
        return flow;
    }

    private void evictOldest(long frame, long timeMicros) {
        Iterator<Flow> it = flows.values().iterator();
        Flow oldest = it.next();
        it.remove();
        stats.increment(Counter.FLOWS_EVICTED);
        oldest.close(CloseReason.EVICTED, frame, timeMicros, stats);
    }

    /**
     * Closes the sessions whose RST's grace has passed without the connection going on, as
     * closed by that RST (its frame and time).
     */
    private void closeResetFlows(long now) {
        while (!resets.isEmpty() && now - resets.peekFirst().resetMicros > RST_GRACE_MICROS) {
            Flow flow = resets.pollFirst();
            if (flow.resetPending) {
                flow.close(CloseReason.RST, flow.resetFrame, flow.resetMicros, stats);
            }
        }
    }

    private void maybeSweep(long frame, long timeMicros, long now) {
        if (!sweptOnce) {
            sweptOnce = true;
            lastSweepMicros = now;
        }
        if (++packetsSinceSweep < SWEEP_EVERY_PACKETS && now - lastSweepMicros < SWEEP_EVERY_MICROS) {
            return;
        }
        packetsSinceSweep = 0;
        lastSweepMicros = now;
        Iterator<Flow> it = flows.values().iterator();
        while (it.hasNext()) {
            Flow flow = it.next();
            if (now - flow.lastSeenMicros <= limits.idleTimeoutMicros()) {
                break;
            }
            it.remove();
            flow.close(CloseReason.IDLE_TIMEOUT, frame, timeMicros, stats);
        }
    }
}
