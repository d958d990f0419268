package org.stripscope.tcp;

/**
 * One connection in the flow table: who is the client, its listener, and one reassembler per
 * direction. After its session closes the flow stays as a tombstone (no listener, no buffers)
 * until it idles out, so late ACKs and retransmissions are recognised and do not start a new
 * mid-stream session.
 */
final class Flow {

    /** Entered when a session is open and delivering. */
    static final int OPEN = 0;
    /** Entered when the session closed (FIN, RST, port reuse); kept as a tombstone. */
    static final int CLOSED = 1;
    /** Entered when the factory returned no listener; packets are counted and skipped. */
    static final int IGNORED = 2;

    final FlowKey key;
    /** True when endpoint A of the key is the client. */
    final boolean clientIsA;
    final DirectionReassembler fromClient;
    final DirectionReassembler fromServer;
    StreamListener listener;
    int state;
    long lastSeenMicros;
    /**
     * An RST that could close the connection was seen, and the session stays open until the
     * grace after it passes without the endpoints going on (see FlowTable): the frame and time
     * of that RST, which the close then carries.
     */
    boolean resetPending;
    long resetFrame;
    long resetMicros;

    /**
     * Asked for the session when the flow first carries payload, a FIN or an RST, or when it
     * closes; null once asked. A flow that never gets that far (a SYN never answered, a flood of
     * them) costs the table its key and two empty directions, not a mail session.
     */
    private StreamListenerFactory opener;
    private final FlowEndpoints endpoints;
    private final long openFrame;
    private final long openMicros;

    Flow(FlowKey key, boolean clientIsA, StreamListenerFactory opener, FlowEndpoints endpoints, TcpLimits limits,
            BufferBudget budget, TcpStats stats, long frame, long timeMicros) {
        this.key = key;
        this.clientIsA = clientIsA;
        this.opener = opener;
        this.endpoints = endpoints;
        this.openFrame = frame;
        this.state = OPEN;
        this.fromClient = new DirectionReassembler(true, limits, budget, stats, null);
        this.fromServer = new DirectionReassembler(false, limits, budget, stats, null);
        fromClient.owner(this);
        fromServer.owner(this);
        this.lastSeenMicros = timeMicros;
        this.openMicros = timeMicros;
    }

    /**
     * Opens the session if it is not yet open: the factory hears of the flow with the frame and
     * time of its first packet. A factory that wants no session makes the flow ignored.
     */
    void open(TcpStats stats) {
        StreamListenerFactory factory = opener;
        if (factory == null || state != OPEN) {
            return;
        }
        opener = null;
        listener = factory.open(endpoints, openFrame, openMicros);
        stats.increment(listener == null ? TcpStats.Counter.FLOWS_IGNORED_BY_FACTORY : TcpStats.Counter.FLOWS_OPENED);
        if (listener == null) {
            state = IGNORED;
            return;
        }
        fromClient.listener(listener);
        fromServer.listener(listener);
    }

    DirectionReassembler direction(boolean client) {
        return client ? fromClient : fromServer;
    }

    boolean exchangedData() {
        return fromClient.hasData() || fromServer.hasData();
    }

    /**
     * Closes the session: open holes become gaps, held bytes are delivered, then the listener
     * hears {@code onClose}. Does nothing unless the session is open.
     */
    void close(CloseReason reason, long frame, long timeMicros, TcpStats stats) {
        open(stats);
        if (state != OPEN) {
            return;
        }
        if (resetPending) {
            // Closed for another reason before the RST's grace ran out: it was the RST that
            // ended the connection, at its frame.
            resetPending = false;
            reason = CloseReason.RST;
            frame = resetFrame;
            timeMicros = resetMicros;
        }
        fromClient.flush(frame, timeMicros);
        fromServer.flush(frame, timeMicros);
        StreamListener l = listener;
        state = CLOSED;
        listener = null;
        fromClient.release();
        fromServer.release();
        stats.closed(reason);
        l.onClose(reason, frame, timeMicros);
    }
}
