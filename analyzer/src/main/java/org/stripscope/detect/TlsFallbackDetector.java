package org.stripscope.detect;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.MessageTransfer;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.TlsHandshakeFailed;

/**
 * {@code tls-fallback}: a TLS handshake failed, and a session of the same client address to the
 * same server address and protocol (any port: implicit TLS 465 failing, then 587 in plaintext)
 * that began within the window after the failure carried mail or credentials without TLS. This is
 * the shape of a client that retries in plaintext when TLS fails, which an attacker can force by
 * breaking the handshake. One finding per such session, at its first plaintext mail or
 * credentials. High.
 *
 * <p>The latest failure per (client address, server address, protocol) is remembered, at most
 * {@link #MAX_FAILURES} of them; the oldest is dropped beyond that and counted in
 * {@link #failuresEvicted()}. A session says its handshake failed when its connection ends, which
 * can be after the fallback session sent its mail (an RST is believed only once its grace has
 * passed without the connection going on; a FIN may come late): so the first plaintext mail or
 * credentials of each session that no failure explained yet is kept too, at most
 * {@link #MAX_UNEXPLAINED}, and a failure reported later in the same capture is matched against
 * them.
 */
public final class TlsFallbackDetector implements Detector {

    static final int MAX_FAILURES = 4096;
    static final int MAX_UNEXPLAINED = 4096;

    private record Pair(String clientIp, String serverIp, Protocol protocol) {
    }

    private record Failure(SessionInfo session, long frame, long timeMicros, String how, String evidence) {
    }

    /** A session's first plaintext mail or credentials, and when the session began. */
    private record Plaintext(MailEvent event, String evidence, long sessionStartMicros) {
    }

    private final long windowMicros;
    private final Map<Pair, Failure> failures = new LinkedHashMap<>();
    /** Open sessions already reported, so that each gives one finding. */
    private final Set<Long> reported = new HashSet<>();
    /** Plaintext no failure explained yet, by session id, oldest first. */
    private final Map<Long, Plaintext> unexplained = new LinkedHashMap<>();
    private long failuresEvicted;

    /** @param windowMicros how long after a failure a new plaintext session counts as fallback */
    public TlsFallbackDetector(long windowMicros) {
        if (windowMicros < 0) {
            throw new IllegalArgumentException("negative fallback window: " + windowMicros);
        }
        this.windowMicros = windowMicros;
    }

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (event instanceof TlsHandshakeFailed failed) {
            explainEarlier(remember(failed), findings);
        } else if (event instanceof SessionClosed) {
            reported.remove(event.session().id());
        } else if (event instanceof MessageTransfer transfer && !transfer.inTls()) {
            check(event, transfer.evidence(), facts, findings);
        } else if (event instanceof AuthAttempt auth && !auth.inTls()
                && auth.credentials() != AuthAttempt.Credentials.NONE) {
            check(event, auth.evidence(), facts, findings);
        }
    }

    /** Failures forgotten because {@link #MAX_FAILURES} newer ones were held. */
    public long failuresEvicted() {
        return failuresEvicted;
    }

    private Failure remember(TlsHandshakeFailed failed) {
        SessionInfo s = failed.session();
        Pair pair = new Pair(s.clientIp(), s.serverIp(), s.protocol());
        // Re-inserted so that the map's order stays oldest-first.
        failures.remove(pair);
        Failure failure = new Failure(s, failed.frame(), failed.timeMicros(), failed.how(), failed.evidence());
        failures.put(pair, failure);
        if (failures.size() > MAX_FAILURES) {
            Iterator<Pair> oldest = failures.keySet().iterator();
            oldest.next();
            oldest.remove();
            failuresEvicted++;
        }
        return failure;
    }

    /** A failure reported after plaintext of sessions that began within the window after it. */
    private void explainEarlier(Failure failure, FindingSink findings) {
        SessionInfo f = failure.session();
        Iterator<Plaintext> it = unexplained.values().iterator();
        while (it.hasNext()) {
            Plaintext p = it.next();
            SessionInfo s = p.event().session();
            long after = p.sessionStartMicros() - failure.timeMicros();
            // Only within the capture that reported the failure: a run over several captures
            // must give each the rows it gives alone, whatever comes after it.
            if (s.id() != f.id() && s.capture().equals(f.capture()) && s.clientIp().equals(f.clientIp())
                    && s.serverIp().equals(f.serverIp())
                    && s.protocol() == f.protocol() && after >= 0 && after <= windowMicros) {
                it.remove();
                report(p.event(), p.evidence(), failure, after, findings);
            }
        }
    }

    /** What the session did in plaintext, for the detail: said only when a finding is made. */
    private static String what(MailEvent event) {
        return event instanceof MessageTransfer transfer
                ? "sent a message (" + transfer.command() + ") in plaintext"
                : "sent credentials (" + ((AuthAttempt) event).mechanism() + ") in plaintext";
    }

    private void check(MailEvent event, String evidence, SessionFacts facts, FindingSink findings) {
        SessionInfo s = event.session();
        if (facts.inTls() || reported.contains(s.id())) {
            return;
        }
        Failure failure = failures.isEmpty() ? null : failures.get(new Pair(s.clientIp(), s.serverIp(), s.protocol()));
        if (failure != null && failure.session().id() != s.id()) {
            long after = facts.firstMicros() - failure.timeMicros();
            if (after >= 0 && after <= windowMicros) {
                unexplained.remove(s.id());
                report(event, evidence, failure, after, findings);
                return;
            }
        }
        if (!unexplained.containsKey(s.id())) {
            unexplained.put(s.id(), new Plaintext(event, evidence, facts.firstMicros()));
            if (unexplained.size() > MAX_UNEXPLAINED) {
                Iterator<Long> oldest = unexplained.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private void report(MailEvent event, String evidence, Failure failure, long after, FindingSink findings) {
        SessionInfo s = event.session();
        reported.add(s.id());
        SessionInfo f = failure.session();
        // Sessions are named by what the CSV shows (client port, capture), not by run-wide ids.
        String detail = "the same client's session from port " + f.clientPort() + " to port " + f.serverPort()
                + " of the same server (capture " + f.capture() + ") failed its TLS handshake in frame " + failure.frame()
                + " (" + failure.how() + (failure.evidence().isEmpty() ? "" : ": " + failure.evidence()) + "); "
                + seconds(after) + " s later this session began on port " + s.serverPort() + " and " + what(event);
        findings.accept(new Finding(s, event.frame(), event.timeMicros(), FindingCode.TLS_FALLBACK,
                Severity.HIGH, evidence, detail));
    }

    /** Microseconds as seconds with three decimals. */
    private static String seconds(long micros) {
        long millis = (micros % 1_000_000) / 1000;
        return micros / 1_000_000 + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + millis;
    }
}
