package org.stripscope.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;

/**
 * What the run saw of each server (see {@link ServerKey}): how many sessions, which capability
 * lists, how many offered STARTTLS/STLS or showed it masked, and which session first showed it
 * offered. Fed from each session's {@link SessionFacts#profileList()}; it makes no findings
 * itself, {@link StartTlsStrippedDetector} asks it whether a server offered STARTTLS elsewhere.
 *
 * <p>Limits: at most {@link #MAX_SERVERS} servers (sessions of further servers are counted in
 * {@link #sessionsNotProfiled()}), {@link #MAX_CAPABILITY_SETS} distinct lists per server (the
 * rest are counted under "(other lists)"), and {@link #MAX_WITNESS_CLIENTS} client addresses
 * per server remembered with the session in which they saw STARTTLS offered.
 */
public final class ServerProfiles implements Detector {

    static final int MAX_SERVERS = 65_536;
    static final int MAX_CAPABILITY_SETS = 16;
    static final int MAX_WITNESS_CLIENTS = 64;
    static final String OTHER_LISTS = "(other lists)";

    /** A session whose list offered STARTTLS/STLS, named in starttls-stripped findings. */
    record Witness(SessionInfo session, long frame, long timeMicros) {
    }

    private final Map<ServerKey, Server> servers = new HashMap<>();
    /** For each address, port and protocol, the servers (greeting hosts) seen there. */
    private final Map<ServerKey, List<ServerKey>> hostsAt = new HashMap<>();
    private long sessionsNotProfiled;

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (event instanceof CapabilitiesSeen caps && caps == facts.profileList()) {
            Server server = server(ServerKey.of(facts));
            if (server != null) {
                server.list(caps, facts);
            }
        } else if (event instanceof SessionClosed) {
            Server server = server(ServerKey.of(facts));
            if (server != null) {
                server.closed(facts);
            } else {
                sessionsNotProfiled++;
            }
        }
    }

    /**
     * A session in which this server offered STARTTLS/STLS: preferably one of the same client
     * (which rules out a server that offers it per client address), else any client's; the most
     * recent one, so that a capture holding both sessions cites its own (the same finding then
     * reads the same whether the capture is analysed alone or with others).
     *
     * @return null when the server was never seen offering it
     */
    Witness offering(ServerKey key, String clientIp) {
        Witness exact = offeringAt(servers.get(key), clientIp);
        if (exact != null) {
            return exact;
        }
        // A greeting with no host name (masked by a firewall, or none in the protocol) can't
        // tell servers apart: such a session and a named one at the same address and port are
        // compared as one server.
        List<ServerKey> named = hostsAt.get(endpoint(key));
        if (named == null) {
            return null;
        }
        Witness best = null;
        for (ServerKey other : named) {
            if (other.equals(key) || !(key.host().isEmpty() || other.host().isEmpty())) {
                continue;
            }
            Witness w = offeringAt(servers.get(other), clientIp);
            if (w != null && (best == null || better(w, best, clientIp))) {
                best = w;
            }
        }
        return best;
    }

    private static Witness offeringAt(Server server, String clientIp) {
        if (server == null || server.latestWitness == null) {
            return null;
        }
        Witness sameClient = server.witnessByClient.get(clientIp);
        return sameClient != null ? sameClient : server.latestWitness;
    }

    /** The same client's witness first, then the more recent one. */
    private static boolean better(Witness a, Witness b, String clientIp) {
        boolean aSame = a.session().clientIp().equals(clientIp);
        boolean bSame = b.session().clientIp().equals(clientIp);
        if (aSame != bSame) {
            return aSame;
        }
        return a.timeMicros() > b.timeMicros();
    }

    private static ServerKey endpoint(ServerKey key) {
        return new ServerKey(key.serverIp(), key.port(), key.protocol(), "");
    }

    /** Sessions not profiled because {@link #MAX_SERVERS} servers were already known. */
    public long sessionsNotProfiled() {
        return sessionsNotProfiled;
    }

    /** Every server seen, ordered by address, port, protocol and greeting host. */
    public List<ServerProfile> profiles() {
        List<ServerKey> keys = new ArrayList<>(servers.keySet());
        keys.sort(ServerKey.ORDER);
        List<ServerProfile> out = new ArrayList<>(keys.size());
        for (ServerKey key : keys) {
            out.add(servers.get(key).profile(key));
        }
        return out;
    }

    private Server server(ServerKey key) {
        Server server = servers.get(key);
        if (server == null && servers.size() < MAX_SERVERS) {
            server = new Server();
            servers.put(key, server);
            hostsAt.computeIfAbsent(endpoint(key), k -> new ArrayList<>(2)).add(key);
        }
        return server;
    }

    /** The counts of one server. */
    private static final class Server {
        private long sessions;
        private long offering;
        private long masked;
        private long firstSeen = Long.MAX_VALUE;
        private long lastSeen = Long.MIN_VALUE;
        /** Distinct lists in order of first appearance, with their session counts. */
        private final Map<String, long[]> capabilitySets = new LinkedHashMap<>();
        private long otherLists;
        private Witness latestWitness;
        private final Map<String, Witness> witnessByClient = new HashMap<>();

        void list(CapabilitiesSeen caps, SessionFacts facts) {
            String keywords = keywords(caps);
            long[] count = capabilitySets.get(keywords);
            if (count == null && capabilitySets.size() < MAX_CAPABILITY_SETS) {
                count = new long[1];
                capabilitySets.put(keywords, count);
            }
            if (count != null) {
                count[0]++;
            } else {
                otherLists++;
            }
            if (facts.profileListMasked()) {
                masked++;
            }
            if (facts.profileListOffers()) {
                offering++;
                Witness w = new Witness(caps.session(), caps.frame(), caps.timeMicros());
                latestWitness = w;
                if (witnessByClient.size() < MAX_WITNESS_CLIENTS || witnessByClient.containsKey(caps.session().clientIp())) {
                    witnessByClient.put(caps.session().clientIp(), w);
                }
            }
        }

        void closed(SessionFacts facts) {
            sessions++;
            firstSeen = Math.min(firstSeen, facts.firstMicros());
            lastSeen = Math.max(lastSeen, facts.lastMicros());
        }

        ServerProfile profile(ServerKey key) {
            List<ServerProfile.CapabilitySet> sets = new ArrayList<>();
            for (Map.Entry<String, long[]> e : capabilitySets.entrySet()) {
                sets.add(new ServerProfile.CapabilitySet(e.getKey(), e.getValue()[0]));
            }
            // Stable: lists with equal counts keep their order of first appearance.
            sets.sort(Comparator.comparingLong(ServerProfile.CapabilitySet::sessions).reversed());
            if (otherLists > 0) {
                sets.add(new ServerProfile.CapabilitySet(OTHER_LISTS, otherLists));
            }
            long first = sessions == 0 ? 0 : firstSeen;
            long last = sessions == 0 ? 0 : lastSeen;
            return new ServerProfile(key.serverIp(), key.port(), key.protocol(), key.host(), sessions,
                    offering, masked, first, last, sets);
        }

        /** The list's keywords upper-cased, escaped, in order, joined by spaces. */
        private static String keywords(CapabilitiesSeen caps) {
            StringBuilder sb = new StringBuilder();
            for (String k : caps.keywords()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(EvidenceText.escape(asciiUpper(k)));
            }
            return sb.toString();
        }

        /** Upper-cases a-z only: other ISO-8859-1 letters would leave the one-byte range. */
        private static String asciiUpper(String raw) {
            char[] c = raw.toCharArray();
            for (int i = 0; i < c.length; i++) {
                if (c[i] >= 'a' && c[i] <= 'z') {
                    c[i] -= 'a' - 'A';
                }
            }
            return new String(c);
        }
    }
}
