package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.MailEvent;

class ServerProfilesTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(Detection.allDetectors(), findings::add);

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    private void smtpSession(SessionInfo s, long frame, String banner, String... keywords) {
        feed(Events.opened(s, frame), Events.greeting(s, frame + 1, "220", banner),
                Events.caps(s, frame + 3, "EHLO", keywords), Events.closed(s, frame + 9));
    }

    @Test
    void sessionsOfOneServer_areCountedWithTheirCapabilityLists() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net ESMTP", "PIPELINING", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "MX.example.net ESMTP", "pipelining", "XXXXXXXA");
        smtpSession(Events.smtp(3, "192.0.2.11"), 40, "mx.example.net ESMTP", "PIPELINING", "XXXXXXXA");
        List<ServerProfile> profiles = detection.serverProfiles();
        assertEquals(1, profiles.size());
        ServerProfile p = profiles.get(0);
        assertEquals("198.51.100.25", p.serverIp());
        assertEquals(25, p.port());
        assertEquals(Protocol.SMTP, p.protocol());
        assertEquals("mx.example.net", p.greetingHost());
        assertEquals(3, p.sessions());
        assertEquals(1, p.sessionsOfferingStartTls());
        assertEquals(2, p.sessionsMasked());
        assertEquals(1_000_000L, p.firstSeenMicros());
        assertEquals(49_000_000L, p.lastSeenMicros());
        assertEquals(List.of(new ServerProfile.CapabilitySet("PIPELINING XXXXXXXA", 2),
                new ServerProfile.CapabilitySet("PIPELINING STARTTLS", 1)), p.capabilitySets());
    }

    @Test
    void sessionWithoutACapabilityList_countsAsASessionWithoutASet() {
        SessionInfo s = Events.pop3(1);
        feed(Events.opened(s, 1), Events.greeting(s, 2, "+OK", "ready"), Events.closed(s, 5));
        ServerProfile p = detection.serverProfiles().get(0);
        assertEquals("", p.greetingHost());
        assertEquals(1, p.sessions());
        assertEquals(List.of(), p.capabilitySets());
    }

    @Test
    void profiles_areOrderedByNumericAddressThenPortProtocolAndHost() {
        smtpSession(Events.session(1, Protocol.SMTP, "192.0.2.10", "198.51.100.25", 587), 1, "b.example", "SIZE");
        smtpSession(Events.session(2, Protocol.SMTP, "192.0.2.10", "198.51.100.25", 25), 20, "b.example", "SIZE");
        smtpSession(Events.session(3, Protocol.SMTP, "192.0.2.10", "198.51.100.25", 25), 40, "a.example", "SIZE");
        smtpSession(Events.session(4, Protocol.SMTP, "192.0.2.10", "198.51.100.3", 25), 60, "z.example", "SIZE");
        smtpSession(Events.session(5, Protocol.SMTP, "192.0.2.10", "2001:db8::1", 25), 80, "a.example", "SIZE");
        List<String> order = detection.serverProfiles().stream()
                .map(p -> p.serverIp() + " " + p.port() + " " + p.greetingHost()).toList();
        assertEquals(List.of("198.51.100.3 25 z.example", "198.51.100.25 25 a.example",
                "198.51.100.25 25 b.example", "198.51.100.25 587 b.example", "2001:db8::1 25 a.example"), order);
    }

    @Test
    void distinctListsBeyondTheLimit_areCountedTogether() {
        for (int i = 1; i <= ServerProfiles.MAX_CAPABILITY_SETS + 2; i++) {
            smtpSession(Events.smtp(i, "192.0.2.10"), 10L * i, "mx.example.net", "SIZE " + i, "X-" + i);
        }
        List<ServerProfile.CapabilitySet> sets = detection.serverProfiles().get(0).capabilitySets();
        assertEquals(ServerProfiles.MAX_CAPABILITY_SETS + 1, sets.size());
        assertEquals(new ServerProfile.CapabilitySet(ServerProfiles.OTHER_LISTS, 2), sets.get(sets.size() - 1));
    }

    @Test
    void addressSortKeys_areNumeric() {
        assertTrue(AddressOrder.sortKey("198.51.100.3").compareTo(AddressOrder.sortKey("198.51.100.25")) < 0);
        assertTrue(AddressOrder.sortKey("2001:db8::2").compareTo(AddressOrder.sortKey("2001:db8::10")) < 0);
        assertEquals("6" + "20010db8" + "0".repeat(23) + "1", AddressOrder.sortKey("2001:db8::1"));
        assertTrue(AddressOrder.sortKey("not-an-address").startsWith("9"));
    }
}
