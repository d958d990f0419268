package org.stripscope.capture;

import java.util.StringJoiner;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The default kernel filter of a live capture: TCP to or from any of the mail ports, over IPv4
 * and IPv6, untagged or inside one or two 802.1Q / 802.1ad tags.
 *
 * <p>In libpcap's filter language {@code tcp port N} matches both IP versions. The {@code vlan}
 * keyword moves the offsets of everything after it by one tag, so a tagged packet needs its own
 * branch after {@code vlan}; on Linux, where the kernel usually strips the tag before the filter
 * runs, libpcap compiles {@code vlan} into a test of the tag metadata and the untagged branch
 * already matches. Nesting once more covers QinQ.
 */
public final class LiveFilter {

    private LiveFilter() {
    }

    /**
     * The filter for these server ports on an interface of this link type. The VLAN branches are
     * for Ethernet only: libpcap has no VLAN test for other link types (Linux cooked capture of
     * the "any" device, raw IP), where the tags are gone anyway.
     */
    public static String forPorts(int[] ports, int linkType) {
        return linkType == LinkType.EN10MB ? forPorts(ports) : untagged(ports);
    }

    /** TCP to or from any of the ports, untagged only. */
    static String untagged(int[] ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("at least one port is needed");
        }
        StringJoiner any = new StringJoiner(" or ", "(", ")");
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            any.add("tcp port " + port);
        }
        return any.toString();
    }

    /**
     * The filter for these server ports on Ethernet.
     *
     * @param ports ascending, 1 to 65535, at least one
     */
    public static String forPorts(int[] ports) {
        String mail = untagged(ports);
        return mail + " or (vlan and (" + mail + " or (vlan and " + mail + ")))";
    }

    /**
     * Null when libpcap compiles {@code filter} for Ethernet, otherwise libpcap's one-line
     * complaint. Compiling needs no device and no privilege, so a typo is reported before any
     * interface is opened.
     */
    public static String problem(String filter) throws CaptureException {
        LibPcapLive pcap = LibPcapLive.load();
        Pointer dead = pcap.pcap_open_dead(LinkType.EN10MB, LiveSettings.DEFAULT_SNAPLEN);
        if (dead == null || dead.address() == 0) {
            throw new CaptureException(CaptureException.Kind.PCAP_ERROR, "libpcap cannot compile filters here");
        }
        try {
            Pointer program = Memory.allocateDirect(Runtime.getRuntime(pcap), LiveInterface.BPF_PROGRAM_SIZE, true);
            if (pcap.pcap_compile(dead, program, filter, 1, LiveInterface.NETMASK_UNKNOWN) != 0) {
                return PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(dead)));
            }
            pcap.pcap_freecode(program);
            return null;
        } finally {
            pcap.pcap_close(dead);
        }
    }
}
