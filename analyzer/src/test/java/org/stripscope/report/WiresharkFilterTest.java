package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;

class WiresharkFilterTest {

    @Test
    void ipv4Session_isIsolatedByBothAddressesAndBothPorts() {
        SessionInfo s = new SessionInfo("a.pcap", 1, Protocol.SMTP, "192.0.2.10", 49152, "198.51.100.25", 25, true);
        assertEquals("ip.addr==192.0.2.10 && ip.addr==198.51.100.25 && tcp.port==49152 && tcp.port==25",
                WiresharkFilter.of(s));
    }

    @Test
    void ipv6Session_usesTheIpv6AddressField() {
        assertEquals("ipv6.addr==2001:db8:1::10 && ipv6.addr==2001:db8:2::25 && tcp.port==56832 && tcp.port==587",
                WiresharkFilter.of("2001:db8:1::10", 56832, "2001:db8:2::25", 587));
    }

    @Test
    void clientOnTheServersPort_namesThePortOnce() {
        assertEquals("ip.addr==192.0.2.10 && ip.addr==198.51.100.25 && tcp.port==25",
                WiresharkFilter.of("192.0.2.10", 25, "198.51.100.25", 25));
    }
}
