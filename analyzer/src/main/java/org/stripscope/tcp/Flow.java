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

    Flow(FlowKey key, boolean clientIsA, StreamListener listener, TcpLimits limits, BufferBudget budget,
            TcpStats stats, long timeMicros) {
        this.key = key;
        this.clientIsA = clientIsA;
        this.listener = listener;
        this.state = listener == null ? IGNORED : OPEN;
        this.fromClient = new DirectionReassembler(true, limits, budget, stats, listener);
        this.fromServer = new DirectionReassembler(false, limits, budget, stats, listener);
        this.lastSeenMicros = timeMicros;
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
