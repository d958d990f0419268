package org.stripscope.tcp;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.stripscope.tcp.TcpStats.Counter;

/**
 * Reassembles one direction of one connection into the in-order byte stream its listener sees.
 *
 * <p><b>Start.</b> The stream starts at the SYN's ISN + 1 (RFC 9293 §3.4: the SYN consumes one
 * sequence number), at the acknowledgement number of a SYN/ACK whose SYN was not captured, or,
 * when the capture began mid-connection, at the first segment carrying payload or a FIN (a pure
 * ACK is not used: keep-alive probes carry a sequence number one below the real one).
 *
 * <p><b>Overlap policy: first copy wins.</b> Bytes already delivered, or already buffered out of
 * order, are kept; of a later segment covering them only the new part is used. The parser has
 * already acted on the first bytes. For bytes already received this is what RFC 9293 §3.10.7.4
 * prescribes ("only the new parts are processed"); for overlapping out-of-order data stacks
 * differ, and this is the policy Suricata calls "first". Every segment that overlaps kept bytes
 * is counted as an overlap (a retransmission when it brings nothing new); when its bytes differ
 * from the kept ones it is also counted as an overlap conflict, which in a downgrade tool may
 * itself be the evidence. Buffered bytes are compared exactly. Delivered bytes are compared against a bounded
 * window of the most recently delivered bytes ({@link TcpLimits#recentWindowBytes}); an overlap
 * reaching further back, or across a gap, cannot be checked and is counted as unchecked instead.
 *
 * <p><b>Gap policy.</b> Missing bytes become an explicit {@link StreamListener#onGap}, after
 * which delivery resumes, when: (a) the out-of-order buffer limit of the direction, or of all
 * flows together ({@link TcpLimits#maxBufferedBytesTotal}), is reached (skip the oldest hole
 * to the earliest held bytes); (b) the peer acknowledged bytes beyond the next expected one that
 * were never captured, and a later segment of this direction arrives beyond the hole (Zeek's
 * "content gap": the receiver has them, so they will not be retransmitted); (c) the direction or
 * connection ends (FIN acknowledged or both FINs seen, RST, timeout, eviction, end of capture)
 * with a hole still open: the hole up to held bytes, up to the FIN, or up to the peer's highest
 * acknowledgement is reported, held bytes are delivered; (d) a segment was cut by the snaplen:
 * its captured part is delivered and its missing tail is a gap.
 */
final class DirectionReassembler {

    private final boolean fromClient;
    private final TcpLimits limits;
    private final BufferBudget budget;
    private final TcpStats stats;
    private StreamListener listener;
    private Flow owner;

    private boolean seqKnown;
    /** The sequence number of the next byte to deliver. */
    private int nextSeq;
    private boolean synSeen;
    private int isn;
    private boolean finSeen;
    private int finSeq;
    private boolean ended;
    /**
     * The largest window a peer can offer: 65535 scaled by at most 2^14 (RFC 7323 §2.3), so no
     * acknowledgement can be further than this ahead of the bytes the sender has sent.
     */
    static final int MAX_WINDOW = 1 << 30;

    /**
     * How far beyond the next expected byte an RST's sequence number may be and still be
     * believed: bytes sent but not captured, up to a large receive window.
     */
    static final int RST_WINDOW = 1 << 20;

    private boolean peerAckKnown;
    /** The highest acknowledgement number the peer sent for this direction's bytes. */
    private int peerAck;
    /** Bytes delivered or reported as gap. */
    private long consumed;

    /**
     * Held bytes, never overlapping one another, keyed by their {@link #streamOffset}: lookups,
     * inserts and removals of the first cost O(log n) however many pieces are held. Null until
     * needed.
     */
    private TreeMap<Long, BufferedSegment> buffer;
    private long bufferedBytes;
    private RecentBytes recent;

    /** Per-segment scratch: what the current segment turned out to be. */
    private boolean segOverlap;
    private boolean segNew;
    private boolean segBuffered;
    private int segCompare;

    DirectionReassembler(boolean fromClient, TcpLimits limits, BufferBudget budget, TcpStats stats,
            StreamListener listener) {
        this.fromClient = fromClient;
        this.limits = limits;
        this.budget = budget;
        this.stats = stats;
        this.listener = listener;
    }

    /** The session this direction delivers to, once it is opened. */
    void listener(StreamListener listener) {
        this.listener = listener;
    }

    /** The flow whose session opens (if not yet) before this direction delivers anything. */
    void owner(Flow flow) {
        this.owner = flow;
    }

    /** The listener, the flow's session opened first if it is not yet (a gap can come before any byte). */
    private StreamListener listener() {
        if (listener == null && owner != null) {
            owner.open(stats);
        }
        return listener;
    }

    boolean synSeen() {
        return synSeen;
    }

    int isn() {
        return isn;
    }

    boolean finSeen() {
        return finSeen;
    }

    boolean ended() {
        return ended;
    }

    /** True once this direction has delivered, held or ended anything after its SYN. */
    boolean hasData() {
        return consumed > 0 || (buffer != null && !buffer.isEmpty()) || finSeen;
    }

    /**
     * A SYN (or SYN/ACK) from this side. Before any data a new ISN restarts the direction (a SYN
     * retransmitted with a new ISN); the caller decides about SYNs after data (port reuse).
     */
    void syn(int seq) {
        if (hasData()) {
            return;
        }
        if (synSeen && seq != isn) {
            stats.increment(Counter.SYN_ISN_RESETS);
            // Acknowledgements of the old ISN say nothing about the new sequence space.
            peerAckKnown = false;
        }
        synSeen = true;
        isn = seq;
        seqKnown = true;
        nextSeq = seq + 1;
    }

    /**
     * Whether an RST from this side with sequence number {@code seq} can close the connection:
     * always while this side's sequence numbers are unknown, otherwise from one below the next
     * expected byte (an RST after a FIN, or an ACK-less RST answering the last ACK) to
     * {@link #RST_WINDOW} beyond it.
     */
    boolean plausibleRst(int seq) {
        if (!seqKnown) {
            return true;
        }
        int d = Seq.diff(seq, nextSeq);
        return d >= -1 && d <= RST_WINDOW;
    }

    /** The stream start learned from the peer's SYN/ACK, when this side's SYN was not captured. */
    void startFromPeerAck(int ack) {
        if (!seqKnown) {
            seqKnown = true;
            nextSeq = ack;
        }
    }

    /** The peer acknowledged this direction's bytes up to {@code ack} (exclusive). */
    void peerAck(int ack, long frame, long timeMicros) {
        if (seqKnown && Seq.diff(ack, nextSeq) > MAX_WINDOW) {
            // A forged or corrupted ACK: believing it would declare a gap of up to 2 GiB.
            stats.increment(Counter.IMPLAUSIBLE_ACKS);
            return;
        }
        if (!peerAckKnown || Seq.gt(ack, peerAck)) {
            peerAck = ack;
            peerAckKnown = true;
        }
        // The FIN itself was acknowledged: everything before it reached the peer, so any hole that
        // is still open was lost to the capture, not to the network.
        if (finSeen && !ended && Seq.gt(ack, finSeq)) {
            flush(frame, timeMicros);
        }
    }

    /**
     * Payload of one segment.
     *
     * @param start sequence number of the first payload byte (the segment's, plus one after a SYN)
     * @param capturedLength bytes present in {@code data}
     * @param wireLength bytes on the wire; the rest was cut by the snaplen
     */
    void payload(int start, byte[] data, int offset, int capturedLength, int wireLength,
            long frame, long timeMicros) {
        if (wireLength <= 0) {
            return;
        }
        int captured = Math.min(Math.max(capturedLength, 0), wireLength);
        if (!seqKnown) {
            seqKnown = true;
            nextSeq = start;
        }
        if (captured <= 1 && wireLength == 1 && start == nextSeq - 1 && consumed > 0) {
            // Keep-alive probe: SND.NXT - 1 with at most one garbage byte (RFC 1122 §4.2.3.6),
            // not data; comparing its byte would report a false overlap conflict.
            stats.increment(Counter.KEEPALIVES);
            return;
        }
        if (finSeen) {
            int allowed = Seq.diff(finSeq, start);
            if (allowed < wireLength) {
                stats.increment(Counter.DATA_AFTER_FIN_SEGMENTS);
                if (allowed <= 0) {
                    return;
                }
                wireLength = allowed;
                captured = Math.min(captured, allowed);
            }
        }
        if (Seq.gt(start, nextSeq)) {
            gapIfPeerAcked(start, frame, timeMicros);
        }
        long segmentOffset = consumed + Seq.diff(start, nextSeq);
        segOverlap = false;
        segNew = false;
        segBuffered = false;
        segCompare = 0;
        if (captured > 0) {
            range(start, captured, data, offset, frame, timeMicros);
        }
        if (wireLength > captured) {
            stats.increment(Counter.SNAPLEN_TRUNCATED_SEGMENTS);
            range(start + captured, wireLength - captured, null, 0, frame, timeMicros);
        }
        if (segOverlap) {
            stats.increment(Counter.OVERLAPS);
            if (!segNew) {
                stats.increment(Counter.RETRANSMISSIONS);
            }
            if ((segCompare & RecentBytes.CONFLICT) != 0) {
                stats.increment(Counter.OVERLAP_CONFLICTS);
                StreamListener l = listener();
                if (l != null) {
                    l.onOverlapConflict(fromClient, segmentOffset, frame, timeMicros);
                }
            }
            if ((segCompare & RecentBytes.UNCHECKED) != 0) {
                stats.increment(Counter.OVERLAPS_UNCHECKED);
            }
        }
        if (segBuffered) {
            stats.increment(Counter.OUT_OF_ORDER_BUFFERED);
        }
        maybeEnd();
    }

    /**
     * A segment of this side without payload, FIN or SYN (a pure ACK): its sequence number is the
     * sender's next one, so if it lies beyond a hole the peer already acknowledged, that hole is
     * lost to the capture (gap policy (b)).
     */
    void bare(int seq, long frame, long timeMicros) {
        if (seqKnown && !ended && Seq.gt(seq, nextSeq)) {
            gapIfPeerAcked(seq, frame, timeMicros);
            maybeEnd();
        }
    }

    /** A FIN whose sequence number is {@code seq}. */
    void fin(int seq, long frame, long timeMicros) {
        if (!seqKnown) {
            seqKnown = true;
            nextSeq = seq;
        }
        if (finSeen) {
            return;
        }
        finSeen = true;
        finSeq = seq;
        dropHeldBeyondFin();
        if (Seq.gt(seq, nextSeq)) {
            gapIfPeerAcked(seq, frame, timeMicros);
        }
        maybeEnd();
    }

    /**
     * Ends this direction now: reports holes as gaps and delivers held bytes in order (gap
     * policy (c)). Called when the FIN is acknowledged or the connection closes.
     */
    void flush(long frame, long timeMicros) {
        if (!seqKnown) {
            ended = finSeen;
            return;
        }
        while (buffer != null && !buffer.isEmpty()) {
            BufferedSegment first = buffer.firstEntry().getValue();
            if (Seq.gt(first.seq, nextSeq)) {
                gap(Seq.diff(first.seq, nextSeq), frame, timeMicros);
            }
            drainInOrder();
        }
        int end = nextSeq;
        if (finSeen) {
            end = finSeq;
        } else if (peerAckKnown) {
            end = peerAck;
        }
        if (Seq.gt(end, nextSeq)) {
            gap(Seq.diff(end, nextSeq), frame, timeMicros);
        }
        maybeEnd();
        if (finSeen) {
            ended = true;
        }
    }

    /**
     * Bytes held out of order at or beyond the FIN's sequence number are not part of the stream
     * (the FIN is its last sequence number, RFC 9293 §3.4); later segments there are already
     * refused in {@link #payload}, these arrived before the FIN. Dropped and counted as data
     * after FIN, so the stream the listener sees ends at the FIN and positions stay exact.
     */
    private void dropHeldBeyondFin() {
        while (buffer != null && !buffer.isEmpty()) {
            BufferedSegment last = buffer.lastEntry().getValue();
            if (!Seq.gt(last.end(), finSeq)) {
                return;
            }
            buffer.pollLastEntry();
            stats.increment(Counter.DATA_AFTER_FIN_SEGMENTS);
            int keep = Seq.gt(finSeq, last.seq) ? Seq.diff(finSeq, last.seq) : 0;
            if (last.data != null) {
                bufferedBytes -= last.length - keep;
                budget.giveBack(last.length - keep);
            }
            if (keep > 0) {
                byte[] head = last.data == null ? null : Arrays.copyOf(last.data, keep);
                buffer.put(streamOffset(last.seq), new BufferedSegment(last.seq, keep, head, last.frame, last.timeMicros));
                return;
            }
        }
    }

    /** Drops held bytes and the listener: the connection is over. */
    void release() {
        listener = null;
        owner = null;
        buffer = null;
        budget.giveBack(bufferedBytes);
        bufferedBytes = 0;
        recent = null;
    }

    // Gap policy (b): the peer has bytes this side never showed; report them once later bytes
    // of this side prove the hole will not be filled by a reordered segment.
    private void gapIfPeerAcked(int laterSeq, long frame, long timeMicros) {
        if (!peerAckKnown || !Seq.gt(peerAck, nextSeq)) {
            return;
        }
        int holeEnd = laterSeq;
        if (buffer != null && !buffer.isEmpty()) {
            holeEnd = Seq.min(holeEnd, buffer.firstEntry().getValue().seq);
        }
        holeEnd = Seq.min(holeEnd, peerAck);
        if (!Seq.gt(holeEnd, nextSeq)) {
            return;
        }
        stats.increment(Counter.GAPS_ACKED);
        gap(Seq.diff(holeEnd, nextSeq), frame, timeMicros);
        drainInOrder();
    }

    /**
     * Places bytes [s, s + length) of one segment: parts already delivered or held are compared
     * and dropped (first copy wins), the part at the next expected byte is delivered straight from
     * the frame, parts ahead of a hole are copied into the buffer.
     */
    private void range(int s, int length, byte[] data, int offset, long frame, long timeMicros) {
        int end = s + length;
        int cur = s;
        while (Seq.lt(cur, end)) {
            int pos = offset + Seq.diff(cur, s);
            if (Seq.lt(cur, nextSeq)) {
                int oldEnd = Seq.min(end, nextSeq);
                segOverlap = true;
                compareDelivered(cur, Seq.diff(oldEnd, cur), data, pos);
                cur = oldEnd;
                continue;
            }
            BufferedSegment held = firstHeldEndingAfter(cur);
            if (held != null && Seq.le(held.seq, cur)) {
                int overlapEnd = Seq.min(end, held.end());
                segOverlap = true;
                compareHeld(held, cur, Seq.diff(overlapEnd, cur), data, pos);
                cur = overlapEnd;
                continue;
            }
            int pieceEnd = held != null && Seq.lt(held.seq, end) ? held.seq : end;
            int pieceLength = Seq.diff(pieceEnd, cur);
            segNew = true;
            if (cur == nextSeq) {
                deliver(data, pos, pieceLength, frame, timeMicros);
                drainInOrder();
            } else {
                hold(cur, pieceLength, data, pos, frame, timeMicros);
            }
            cur = pieceEnd;
        }
    }

    private void hold(int seq, int length, byte[] data, int offset, long frame, long timeMicros) {
        long bytes = data == null ? 0 : length;
        // Gap policy (a): out of room, in this direction or in the table's budget for all flows,
        // so the earliest bytes held (this piece included) become the next in order and the hole
        // before them is reported.
        while (true) {
            boolean ownLimit = bufferedSegments() + 1 > limits.maxBufferedSegmentsPerDirection()
                    || bufferedBytes + bytes > limits.maxBufferedBytesPerDirection();
            if (!ownLimit && budget.fits(bytes)) {
                break;
            }
            stats.increment(ownLimit ? Counter.BUFFER_LIMIT_GAPS : Counter.GLOBAL_BUFFER_LIMIT_GAPS);
            BufferedSegment first = buffer == null || buffer.isEmpty() ? null : buffer.firstEntry().getValue();
            if (first != null && Seq.lt(first.seq, seq)) {
                gap(Seq.diff(first.seq, nextSeq), frame, timeMicros);
                drainInOrder();
                if (nextSeq == seq) {
                    break;
                }
            } else {
                gap(Seq.diff(seq, nextSeq), frame, timeMicros);
                break;
            }
        }
        if (nextSeq == seq) {
            deliver(data, offset, length, frame, timeMicros);
            drainInOrder();
            return;
        }
        if (buffer == null) {
            buffer = new TreeMap<>();
        }
        byte[] copy = data == null ? null : Arrays.copyOfRange(data, offset, offset + length);
        buffer.put(streamOffset(seq), new BufferedSegment(seq, length, copy, frame, timeMicros));
        bufferedBytes += bytes;
        budget.take(bytes);
        segBuffered = true;
    }

    private int bufferedSegments() {
        return buffer == null ? 0 : buffer.size();
    }

    /**
     * The position of {@code seq} in this direction's stream as a 64-bit count from its start:
     * {@link #consumed} moves with {@link #nextSeq} on every delivery and gap, so a held piece's
     * offset never changes while it waits, and, unlike a sequence number, it does not wrap.
     * {@code seq} must be at or ahead of nextSeq (within 2^31), as every held byte is.
     */
    private long streamOffset(int seq) {
        return consumed + Seq.diff(seq, nextSeq);
    }

    /**
     * The first held segment that ends after {@code seq} (at or ahead of the next expected byte),
     * or null. Held segments don't overlap, so it is the one containing {@code seq} if any,
     * otherwise the first starting after it.
     */
    private BufferedSegment firstHeldEndingAfter(int seq) {
        if (buffer == null || buffer.isEmpty()) {
            return null;
        }
        long at = streamOffset(seq);
        Map.Entry<Long, BufferedSegment> floor = buffer.floorEntry(at);
        if (floor != null && Seq.gt(floor.getValue().end(), seq)) {
            return floor.getValue();
        }
        Map.Entry<Long, BufferedSegment> higher = buffer.higherEntry(at);
        return higher == null ? null : higher.getValue();
    }

    private void drainInOrder() {
        while (buffer != null && !buffer.isEmpty() && Seq.le(buffer.firstEntry().getValue().seq, nextSeq)) {
            BufferedSegment first = buffer.pollFirstEntry().getValue();
            if (first.data != null) {
                bufferedBytes -= first.length;
                budget.giveBack(first.length);
            }
            // Held bytes never start before the next expected byte; the trim only keeps the
            // loop safe should that ever change.
            int skip = Seq.diff(nextSeq, first.seq);
            if (skip < first.length) {
                deliver(first.data, skip, first.length - skip, first.frame, first.timeMicros);
            }
        }
    }

    /** Hands in-order bytes (or, for bytes not captured, a gap) to the listener. */
    private void deliver(byte[] data, int offset, int length, long frame, long timeMicros) {
        if (data == null) {
            gap(length, frame, timeMicros);
            return;
        }
        StreamListener l = listener();
        if (l != null) {
            l.onData(fromClient, data, offset, length, frame, timeMicros);
        }
        if (recent == null) {
            recent = new RecentBytes(limits.recentWindowBytes());
        }
        recent.append(data, offset, length);
        nextSeq += length;
        consumed += length;
    }

    private void gap(int length, long frame, long timeMicros) {
        if (length <= 0) {
            return;
        }
        stats.increment(Counter.GAPS);
        stats.add(Counter.GAP_BYTES, length);
        StreamListener l = listener();
        if (l != null) {
            l.onGap(fromClient, length, frame, timeMicros);
        }
        if (recent != null) {
            recent.clear();
        }
        nextSeq += length;
        consumed += length;
    }

    private void compareDelivered(int seq, int length, byte[] data, int offset) {
        if (data == null || recent == null) {
            segCompare |= RecentBytes.UNCHECKED;
            return;
        }
        segCompare |= recent.compare(Seq.diff(nextSeq, seq), data, offset, length);
    }

    private void compareHeld(BufferedSegment held, int seq, int length, byte[] data, int offset) {
        if (data == null || held.data == null) {
            segCompare |= RecentBytes.UNCHECKED;
            return;
        }
        int from = Seq.diff(seq, held.seq);
        if (!Arrays.equals(held.data, from, from + length, data, offset, offset + length)) {
            segCompare |= RecentBytes.CONFLICT;
        }
    }

    private void maybeEnd() {
        if (finSeen && !ended && nextSeq == finSeq) {
            ended = true;
            nextSeq = finSeq + 1;
        }
    }
}
