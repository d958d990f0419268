package org.stripscope.detect;

import java.util.List;
import org.stripscope.mail.Protocol;

/**
 * What the run saw of one server: one mail service at one address and port, under one greeting
 * host name (empty where the protocol's greeting names none or it was masked).
 *
 * @param capabilitySets each distinct capability list (keywords upper-cased, in order, joined by
 *     spaces) with the number of sessions that showed it, most frequent first
 */
public record ServerProfile(String serverIp, int port, Protocol protocol, String greetingHost,
                           long sessions, long sessionsOfferingStartTls, long sessionsMasked,
                           long firstSeenMicros, long lastSeenMicros,
                           List<CapabilitySet> capabilitySets) {

    public ServerProfile {
        capabilitySets = List.copyOf(capabilitySets);
    }

    /** One distinct capability list and how many sessions showed it. */
    public record CapabilitySet(String keywords, long sessions) {
    }
}
