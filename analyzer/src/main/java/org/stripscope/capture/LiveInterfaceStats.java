package org.stripscope.capture;

/**
 * What libpcap's {@code pcap_stats} said about one interface when its capture ended.
 *
 * @param device the interface name
 * @param received packets that passed the kernel filter (ps_recv)
 * @param droppedByKernel packets that passed the filter but found the ring buffer full (ps_drop)
 * @param droppedByInterface packets the interface or its driver dropped (ps_ifdrop)
 * @param known false when pcap_stats failed (the interface vanished); the counts are then zero
 */
public record LiveInterfaceStats(String device, long received, long droppedByKernel, long droppedByInterface,
        boolean known) {

    public static LiveInterfaceStats unknown(String device) {
        return new LiveInterfaceStats(device, 0, 0, 0, false);
    }
}
