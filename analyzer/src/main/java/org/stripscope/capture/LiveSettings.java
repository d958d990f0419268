package org.stripscope.capture;

/**
 * How a live capture handle is set up before {@code pcap_activate}.
 *
 * @param snaplen bytes kept of each packet; 262144 is libpcap's MAXIMUM_SNAPLEN and keeps whole
 *     segments even with offloads that hand the capture 64 KiB super-frames
 * @param bufferBytes the kernel ring buffer; it absorbs bursts while the analysis catches up
 * @param timeoutMillis how long a read waits for more packets; without immediate mode it is also
 *     the longest a packet waits in a half-full ring block on a quiet link (on Linux the block's
 *     retire timeout), so findings are held back at most this long
 * @param immediate deliver each packet at once. On Linux libpcap then uses a TPACKET_V2 ring of
 *     fixed slots, each sized for the largest frame, instead of TPACKET_V3's blocks where packets
 *     lie back to back: the same buffer holds ten times fewer small packets and every packet
 *     costs a wake-up, so immediate mode is for quiet links where 100 ms matter
 * @param promiscuous also see traffic not addressed to this host (a span port, a bridge)
 * @param filter BPF filter text, compiled by libpcap and run in the kernel; null for the default
 *     filter of {@code mailPorts}, made per interface to suit its link type
 * @param mailPorts the server ports of the default filter (ascending); used when filter is null
 */
public record LiveSettings(int snaplen, int bufferBytes, int timeoutMillis, boolean immediate,
        boolean promiscuous, String filter, int[] mailPorts) {

    /** libpcap's MAXIMUM_SNAPLEN. */
    public static final int DEFAULT_SNAPLEN = 262_144;
    /**
     * 64 MiB: in TPACKET_V3 blocks about 40,000 full-size Ethernet frames or 350,000 small
     * segments, a few seconds of a busy mail link while the analysis catches up.
     */
    public static final int DEFAULT_BUFFER_BYTES = 64 << 20;
    public static final int DEFAULT_TIMEOUT_MILLIS = 100;

    public LiveSettings {
        if (filter == null && (mailPorts == null || mailPorts.length == 0)) {
            throw new IllegalArgumentException("a filter or the mail ports are needed");
        }
        if (snaplen < 64 || snaplen > DEFAULT_SNAPLEN) {
            throw new IllegalArgumentException("snaplen must be 64 to " + DEFAULT_SNAPLEN + ": " + snaplen);
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be positive: " + bufferBytes);
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
    }

    /** The defaults with this filter (null: the mail ports'), kernel buffer, and modes. */
    public static LiveSettings of(String filter, int[] mailPorts, int bufferBytes, boolean immediate,
            boolean promiscuous) {
        return new LiveSettings(DEFAULT_SNAPLEN, bufferBytes, DEFAULT_TIMEOUT_MILLIS, immediate, promiscuous, filter,
                mailPorts);
    }

    /** The filter for an interface of this link type. */
    public String filterFor(int linkType) {
        return filter != null ? filter : LiveFilter.forPorts(mailPorts, linkType);
    }
}
