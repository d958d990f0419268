package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stripscope.decode.Hex;

/**
 * The default kernel filter, compiled by the real libpcap (on a handle without a device, so no
 * privilege is needed) and run on crafted Ethernet frames with {@code pcap_offline_filter}.
 */
class LiveFilterTest {

    private static final String ETH = "020000000170 020000000110";
    /** IPv4 header, protocol 6 (TCP), 198.51.100.1 -> 203.0.113.70; checksum not checked by BPF. */
    private static final String IPV4_TCP = "45000028 00014000 4006 0000 c6336401 cb007146";
    /** IPv4 header, protocol 17 (UDP). */
    private static final String IPV4_UDP = "4500001c 00014000 4011 0000 c6336401 cb007146";
    /** IPv6 header, next header 6 (TCP), 2001:db8:4::10 -> 2001:db8:4:1::70. */
    private static final String IPV6_TCP = "60000000 0014 06 40 20010db8000400000000000000000010 20010db8000400010000000000000070";

    private LibPcapLive pcap;
    private Pointer dead;
    private Pointer program;
    private Pointer header;

    private static String tcp(int sport, int dport) {
        return Hex.num(sport, 4) + Hex.num(dport, 4) + "000003e8 00000000 5002 faf0 0000 0000";
    }

    private static String udp(int sport, int dport) {
        return Hex.num(sport, 4) + Hex.num(dport, 4) + "0008 0000";
    }

    @BeforeEach
    void compileDefaultFilter() throws Exception {
        pcap = LibPcapLive.load();
        dead = pcap.pcap_open_dead(LinkType.EN10MB, LiveSettings.DEFAULT_SNAPLEN);
        Runtime runtime = Runtime.getRuntime(pcap);
        program = Memory.allocateDirect(runtime, LiveInterface.BPF_PROGRAM_SIZE, true);
        header = Memory.allocateDirect(runtime, 24, true);
        String filter = LiveFilter.forPorts(new int[] {25, 110, 143, 465, 587, 993, 995, 2525});
        assertEquals(0, pcap.pcap_compile(dead, program, filter, 1, LiveInterface.NETMASK_UNKNOWN),
                () -> pcap.pcap_geterr(dead));
    }

    @AfterEach
    void free() {
        pcap.pcap_freecode(program);
        pcap.pcap_close(dead);
    }

    private boolean matches(String hex) {
        byte[] frame = Hex.bytes(hex);
        Pointer packet = Memory.allocateDirect(Runtime.getRuntime(pcap), frame.length, true);
        packet.put(0, frame, 0, frame.length);
        header.putInt(16, frame.length);
        header.putInt(20, frame.length);
        return pcap.pcap_offline_filter(program, header, packet) != 0;
    }

    @Test
    void ipv4SegmentToSubmissionPort_matches() {
        assertTrue(matches(ETH + "0800" + IPV4_TCP + tcp(40000, 587)));
    }

    @Test
    void ipv4SegmentFromImapServer_matches() {
        assertTrue(matches(ETH + "0800" + IPV4_TCP + tcp(143, 40000)));
    }

    @Test
    void ipv6SegmentFromSmtpServer_matches() {
        assertTrue(matches(ETH + "86dd" + IPV6_TCP + tcp(25, 40000)));
    }

    @Test
    void vlanTaggedIpv4SegmentToPop3_matches() {
        assertTrue(matches(ETH + "8100 0064 0800" + IPV4_TCP + tcp(40000, 110)));
    }

    @Test
    void vlanTaggedIpv6SegmentToSmtp_matches() {
        assertTrue(matches(ETH + "8100 0064 86dd" + IPV6_TCP + tcp(40000, 25)));
    }

    @Test
    void qinqTaggedIpv4SegmentToSmtp_matches() {
        assertTrue(matches(ETH + "88a8 00c8 8100 0064 0800" + IPV4_TCP + tcp(40000, 25)));
    }

    @Test
    void webSegment_doesNotMatch() {
        assertFalse(matches(ETH + "0800" + IPV4_TCP + tcp(40000, 443)));
    }

    @Test
    void vlanTaggedWebSegment_doesNotMatch() {
        assertFalse(matches(ETH + "8100 0064 0800" + IPV4_TCP + tcp(40000, 80)));
    }

    @Test
    void udpToPort25_doesNotMatch() {
        assertFalse(matches(ETH + "0800" + IPV4_UDP + udp(40000, 25)));
    }

    @Test
    void arp_doesNotMatch() {
        assertFalse(matches(ETH + "0806 0001 0800 0604 0001 020000000110 c6336401 000000000000 cb007146"));
    }

    @Test
    void filterText_namesEachPortOnceUntaggedAndOncePerTagDepth() {
        assertEquals("(tcp port 25 or tcp port 587) or (vlan and ((tcp port 25 or tcp port 587)"
                + " or (vlan and (tcp port 25 or tcp port 587))))", LiveFilter.forPorts(new int[] {25, 587}));
    }

    @Test
    void noPorts_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> LiveFilter.forPorts(new int[0]));
    }

    @Test
    void portZero_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> LiveFilter.forPorts(new int[] {0}));
    }

    @Test
    void defaultFilter_compilesWithoutAProblem() throws Exception {
        assertNull(LiveFilter.problem(LiveFilter.forPorts(new int[] {25})));
    }

    @Test
    void typoInUserFilter_isReportedByLibpcap() throws Exception {
        String problem = LiveFilter.problem("tcp prot 25");
        assertNotNull(problem);
        assertFalse(problem.contains("\n"));
    }

    @Test
    void cookedCaptureOfTheAnyDevice_getsTheUntaggedFilterWhichCompilesThere() {
        String filter = LiveFilter.forPorts(new int[] {25, 587}, LinkType.LINUX_SLL);
        assertEquals("(tcp port 25 or tcp port 587)", filter);
        Pointer cooked = pcap.pcap_open_dead(LinkType.LINUX_SLL, LiveSettings.DEFAULT_SNAPLEN);
        Pointer other = Memory.allocateDirect(Runtime.getRuntime(pcap), LiveInterface.BPF_PROGRAM_SIZE, true);
        try {
            assertEquals(0, pcap.pcap_compile(cooked, other, filter, 1, LiveInterface.NETMASK_UNKNOWN),
                    () -> pcap.pcap_geterr(cooked));
            pcap.pcap_freecode(other);
        } finally {
            pcap.pcap_close(cooked);
        }
    }

    @Test
    void ethernet_getsTheVlanBranches() {
        assertEquals(LiveFilter.forPorts(new int[] {25}), LiveFilter.forPorts(new int[] {25}, LinkType.EN10MB));
    }

    @Test
    void settingsWithoutAFilter_makeTheDefaultPerLinkType() {
        LiveSettings settings = LiveSettings.of(null, new int[] {25}, 1 << 20, false, true);
        assertEquals("(tcp port 25)", settings.filterFor(LinkType.RAW));
        assertEquals(LiveFilter.forPorts(new int[] {25}), settings.filterFor(LinkType.EN10MB));
        assertEquals("tcp", LiveSettings.of("tcp", new int[] {25}, 1 << 20, false, true).filterFor(LinkType.RAW));
    }
}
