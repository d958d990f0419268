package org.stripscope.tcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of the tcp stage, incremented on the hot path as plain array slots and shown, in a
 * fixed order, in the run summary.
 */
public final class TcpStats {

    /** One counter each; the name is what the run summary prints. */
    public enum Counter {
        /** A session was handed to the listener factory. */
        FLOWS_OPENED("flows_opened"),
        /** The factory returned no listener; the 4-tuple is remembered and skipped. */
        FLOWS_IGNORED_BY_FACTORY("flows_ignored_by_factory"),
        FLOWS_CLOSED_FIN("flows_closed_fin"),
        FLOWS_CLOSED_RST("flows_closed_rst"),
        FLOWS_CLOSED_IDLE_TIMEOUT("flows_closed_idle_timeout"),
        FLOWS_CLOSED_EVICTED("flows_closed_evicted"),
        FLOWS_CLOSED_PORT_REUSE("flows_closed_port_reuse"),
        FLOWS_CLOSED_END_OF_CAPTURE("flows_closed_end_of_capture"),
        /** Table entries (open flows and tombstones) dropped to stay within the flow limit. */
        FLOWS_EVICTED("flows_evicted"),
        /** Packets of tracked flows (open, tombstoned, or ignored by the factory). */
        SEGMENTS("segments"),
        /** Neither port is a server port. */
        PACKETS_IGNORED_NOT_SERVER_PORT("packets_ignored_not_server_port"),
        /** No flow, no SYN and no payload (pure ACK, FIN, RST): nothing to start a flow from. */
        PACKETS_IGNORED_NO_FLOW("packets_ignored_no_flow"),
        /** Late packets on a closed flow's tombstone. */
        PACKETS_AFTER_CLOSE("packets_after_close"),
        /** Segments whose bytes were all already delivered or buffered (a subset of overlaps). */
        RETRANSMISSIONS("retransmissions"),
        /** Segments that overlap bytes already delivered or buffered, retransmissions included. */
        OVERLAPS("overlaps"),
        /** Overlaps whose bytes differ from the copy that was kept. */
        OVERLAP_CONFLICTS("overlap_conflicts"),
        /** Overlaps that could not be (fully) compared: older than the recent window, or lost. */
        OVERLAPS_UNCHECKED("overlaps_unchecked"),
        /** Keep-alive probes: at most one byte, one below the next expected sequence number. */
        KEEPALIVES("keepalives"),
        /** Segments (or parts of segments) held because they arrived ahead of a hole. */
        OUT_OF_ORDER_BUFFERED("out_of_order_buffered"),
        GAPS("gaps"),
        GAP_BYTES("gap_bytes"),
        /** Gaps declared because the peer acknowledged bytes that were never captured. */
        GAPS_ACKED("gaps_acked"),
        /** Gaps declared because the out-of-order buffer limit was reached. */
        BUFFER_LIMIT_GAPS("buffer_limit_gaps"),
        /**
         * Gaps declared because the out-of-order bytes held by all flows together reached
         * {@link TcpLimits#maxBufferedBytesTotal} (the direction's own limit was not reached).
         */
        GLOBAL_BUFFER_LIMIT_GAPS("global_buffer_limit_gaps"),
        /** Segments cut by the snaplen (captured payload shorter than on the wire). */
        SNAPLEN_TRUNCATED_SEGMENTS("snaplen_truncated_segments"),
        /** A SYN with a new ISN before any data: the direction restarts from it. */
        SYN_ISN_RESETS("syn_isn_resets"),
        /**
         * Acknowledgements more than the largest possible window ahead of the bytes seen,
         * ignored: no real peer can have received them.
         */
        IMPLAUSIBLE_ACKS("implausible_acks"),
        /** Packet timestamps more than an hour ahead of the capture clock (see CaptureClock). */
        TIMESTAMP_JUMPS("timestamp_jumps"),
        /** Of those, jumps the next packet confirmed (the capture resumed later). */
        TIMESTAMP_JUMPS_CONFIRMED("timestamp_jumps_confirmed"),
        /**
         * RSTs whose sequence number lies outside the window of the sender's stream (more than
         * {@code RST_WINDOW} ahead of, or behind, the next byte expected from it): ignored, the
         * session goes on. A blind injection, or one aimed at the analyser, not at a host.
         */
        RSTS_OUT_OF_WINDOW("rsts_out_of_window"),
        /**
         * RSTs within the window after which the connection went on (payload or a FIN from
         * either side within the grace): the endpoints never took them, so the session was not
         * closed. An injection aimed at the analyser (a TTL too small to reach the host, a bad
         * checksum), or a middlebox's reset the host ignored.
         */
        RSTS_NOT_HONOURED("rsts_not_honoured"),
        /** Payload bytes after a direction's FIN, ignored. */
        DATA_AFTER_FIN_SEGMENTS("data_after_fin_segments");

        private final String label;

        Counter(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Counter[] CLOSED_BY_REASON = new Counter[CloseReason.values().length];

    static {
        for (CloseReason reason : CloseReason.values()) {
            CLOSED_BY_REASON[reason.ordinal()] = Counter.valueOf("FLOWS_CLOSED_" + reason.name());
        }
    }

    private final long[] counts = new long[Counter.values().length];

    void increment(Counter counter) {
        counts[counter.ordinal()]++;
    }

    void add(Counter counter, long amount) {
        counts[counter.ordinal()] += amount;
    }

    void closed(CloseReason reason) {
        counts[CLOSED_BY_REASON[reason.ordinal()].ordinal()]++;
    }

    public long get(Counter counter) {
        return counts[counter.ordinal()];
    }

    public long closedBy(CloseReason reason) {
        return get(CLOSED_BY_REASON[reason.ordinal()]);
    }

    /** A snapshot, in declaration order, keyed by counter label. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            map.put(counter.label(), counts[counter.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
