package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** pcap_activate's failures become one line for the user (texts of libpcap 1.10 pcap-linux.c). */
class LiveInterfaceErrorsTest {

    @Test
    void permissionDenied_namesTheCapabilityLine() {
        CaptureException e = LiveInterface.activationError("eth0", LibPcapLive.ERROR_PERM_DENIED,
                "socket: Operation not permitted");
        assertTrue(e.getMessage().startsWith("eth0: no permission to capture"), e.getMessage());
        assertEquals(CaptureException.Kind.PCAP_ERROR, e.kind());
    }

    @Test
    void genericErrorWithOperationNotPermitted_isAlsoAPermissionProblem() {
        CaptureException e = LiveInterface.activationError("eth0", LibPcapLive.ERROR,
                "You don't have permission to capture on that device (socket: Operation not permitted)");
        assertTrue(e.getMessage().startsWith("eth0: no permission to capture"), e.getMessage());
    }

    @Test
    void noSuchDevice_pointsAtTheInterfacesCommand() {
        CaptureException e = LiveInterface.activationError("eth9", LibPcapLive.ERROR_NO_SUCH_DEVICE,
                "SIOCGIFHWADDR: No such device");
        assertEquals("eth9: no such interface (scripts/stripscope interfaces lists them)", e.getMessage());
    }

    @Test
    void interfaceDown_saysSo() {
        CaptureException e = LiveInterface.activationError("eth0", LibPcapLive.ERROR_IFACE_NOT_UP, "eth0: That device is not up");
        assertEquals("eth0: the interface is down", e.getMessage());
    }

    @Test
    void otherError_keepsLibpcapsText() {
        CaptureException e = LiveInterface.activationError("nflog", LibPcapLive.ERROR, "Can't create raw socket");
        assertEquals("nflog: cannot start capturing (libpcap: Can't create raw socket)", e.getMessage());
    }

    @Test
    void netmaskPrefix_countsLeadingOnes() {
        assertEquals(24, LiveDevices.prefixLength(new byte[] {(byte) 255, (byte) 255, (byte) 255, 0}));
        assertEquals(26, LiveDevices.prefixLength(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 192}));
        assertEquals(0, LiveDevices.prefixLength(new byte[4]));
        byte[] v6 = new byte[16];
        java.util.Arrays.fill(v6, 0, 8, (byte) 255);
        assertEquals(64, LiveDevices.prefixLength(v6));
    }
}
