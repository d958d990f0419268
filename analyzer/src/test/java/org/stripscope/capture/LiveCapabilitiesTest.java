package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which capability a refused capture lacks, read from /proc/PID/status text, and the line that says so. */
class LiveCapabilitiesTest {

    private static String status(String capEff) {
        return "Name:\tjava\nUmask:\t0022\nCapInh:\t0000000000000000\nCapPrm:\t" + capEff
                + "\nCapEff:\t" + capEff + "\nCapBnd:\t000001ffffffffff\n";
    }

    @Test
    void rootCapabilitySet_hasBoth() {
        LiveCapabilities caps = LiveCapabilities.parse(status("000001ffffffffff"));
        assertTrue(caps.hasNetRaw());
        assertTrue(caps.hasNetAdmin());
        assertEquals("", caps.missing());
    }

    @Test
    void emptySet_missesBoth() {
        assertEquals("CAP_NET_RAW and CAP_NET_ADMIN", LiveCapabilities.parse(status("0000000000000000")).missing());
    }

    @Test
    void onlyNetRaw_missesNetAdmin() {
        // CAP_NET_RAW is bit 13: 0x2000.
        assertEquals("CAP_NET_ADMIN", LiveCapabilities.parse(status("0000000000002000")).missing());
    }

    @Test
    void onlyNetAdmin_missesNetRaw() {
        // CAP_NET_ADMIN is bit 12: 0x1000.
        assertEquals("CAP_NET_RAW", LiveCapabilities.parse(status("0000000000001000")).missing());
    }

    @Test
    void noCapEffLine_isUnknownAndNamesBoth() {
        LiveCapabilities caps = LiveCapabilities.parse("Name:\tjava\n");
        assertFalse(caps.known());
        assertEquals("CAP_NET_RAW and CAP_NET_ADMIN", caps.missing());
    }

    @Test
    void permissionMessage_isOneLineNamingDeviceCapabilityAndSetcap() {
        String line = LiveCapabilities.parse(status("0000000000000000")).permissionMessage("eth0");
        assertTrue(line.startsWith("eth0: no permission to capture (missing CAP_NET_RAW and CAP_NET_ADMIN)"), line);
        assertTrue(line.contains("setcap cap_net_raw,cap_net_admin=eip"), line);
        assertTrue(line.contains("root"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void permissionMessageWithBothPresent_pointsAtASecurityModule() {
        String line = LiveCapabilities.parse(status("000001ffffffffff")).permissionMessage("eth0");
        assertTrue(line.contains("security module"), line);
        assertFalse(line.contains("setcap"), line);
    }
}
