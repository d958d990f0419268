package org.stripscope.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;

/**
 * {@code starttls-stripped}: a session's capability list (its {@link SessionFacts#profileList()})
 * lacks STARTTLS/STLS, holds no altered form of it (that is starttls-mangled), and the same
 * server (see {@link ServerKey}) offered it in another session of the run. A server never seen
 * offering it gives no finding: it may simply not support TLS.
 *
 * <p>Decided when the session closes if the server has already been seen offering STARTTLS (so a
 * live capture reports at once); otherwise the session waits until the end of the input, when
 * every session is known. At most {@link #MAX_PENDING_PER_SERVER} sessions wait per server and
 * {@link #MAX_PENDING} in all; further ones are counted in {@link #pendingDropped()} and never
 * reported.
 *
 * <p>Severity: high when the same client saw the server offer STARTTLS in another session; medium
 * when only other clients did, since servers may offer it per client address (e.g. receive
 * connectors bound to remote address ranges).
 */
public final class StartTlsStrippedDetector implements Detector {

    static final int MAX_PENDING_PER_SERVER = 1000;
    static final int MAX_PENDING = 100_000;

    private final ServerProfiles servers;
    private final Map<ServerKey, List<CapabilitiesSeen>> pending = new HashMap<>();
    private int pendingCount;
    private long pendingDropped;

    /** @param servers the profiles that know which servers offered STARTTLS, fed in the same run */
    public StartTlsStrippedDetector(ServerProfiles servers) {
        this.servers = servers;
    }

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof SessionClosed)) {
            return;
        }
        CapabilitiesSeen list = facts.profileList();
        if (list == null || facts.profileListOffers() || facts.profileListMasked()) {
            return;
        }
        ServerKey key = ServerKey.of(facts);
        ServerProfiles.Witness witness = servers.offering(key, list.session().clientIp());
        if (witness != null) {
            findings.accept(finding(list, key, witness));
            return;
        }
        List<CapabilitiesSeen> waiting = pending.computeIfAbsent(key, k -> new ArrayList<>());
        if (waiting.size() >= MAX_PENDING_PER_SERVER || pendingCount >= MAX_PENDING) {
            pendingDropped++;
            return;
        }
        waiting.add(list);
        pendingCount++;
    }

    @Override
    public void onEndOfInput(FindingSink findings) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<ServerKey, List<CapabilitiesSeen>> e : pending.entrySet()) {
            for (CapabilitiesSeen list : e.getValue()) {
                ServerProfiles.Witness witness = servers.offering(e.getKey(), list.session().clientIp());
                if (witness != null) {
                    out.add(finding(list, e.getKey(), witness));
                }
            }
        }
        pending.clear();
        pendingCount = 0;
        out.sort(Comparator.comparingLong((Finding f) -> f.session().id()).thenComparingLong(Finding::frame));
        out.forEach(findings::accept);
    }

    /** Sessions never judged because {@link #MAX_PENDING_PER_SERVER} or {@link #MAX_PENDING} were waiting. */
    public long pendingDropped() {
        return pendingDropped;
    }

    private static Finding finding(CapabilitiesSeen list, ServerKey key, ServerProfiles.Witness witness) {
        SessionInfo self = list.session();
        SessionInfo other = witness.session();
        boolean sameClient = other.clientIp().equals(self.clientIp());
        String keyword = StartTlsKeyword.of(self.protocol());
        StringBuilder sb = new StringBuilder(200);
        sb.append(listName(list)).append(" lacks ").append(keyword).append(", but the same server (")
                .append(key.describe()).append(") offered it to ")
                .append(sameClient ? "the same client" : "client " + other.clientIp())
                .append(" in the session from port ").append(other.clientPort()).append(" (capture ").append(other.capture())
                .append(", frame ").append(witness.frame()).append(')');
        sb.append(sameClient
                ? ": something on the path probably removed it"
                : ": something on the path probably removed it, unless the server offers "
                        + keyword + " per client address");
        if (list.firstFrame() != list.frame()) {
            sb.append("; reply spans frames ").append(list.firstFrame()).append('-').append(list.frame());
        }
        return new Finding(self, list.frame(), list.timeMicros(), FindingCode.STARTTLS_STRIPPED,
                sameClient ? Severity.HIGH : Severity.MEDIUM, list.evidence(), sb.toString());
    }

    private static String listName(CapabilitiesSeen list) {
        if (list.command() != null) {
            return list.command().toUpperCase(java.util.Locale.ROOT) + " reply";
        }
        return list.session().protocol() == Protocol.IMAP ? "greeting capability list" : "capability list";
    }
}
