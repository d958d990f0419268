package org.stripscope.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;

/**
 * The detect stage: receives every mail event, keeps the per-session facts, runs each detector
 * and hands findings on the moment they are made. Per-session state is dropped when the session
 * closes, so memory follows the number of open sessions.
 */
public final class Detection implements MailEventSink {

    private final List<Detector> detectors;
    private final FindingSink findings;
    private final Map<Long, SessionFacts> facts = new HashMap<>();

    public Detection(List<Detector> detectors, FindingSink findings) {
        this.detectors = List.copyOf(detectors);
        this.findings = findings;
    }

    /** The default window of tls-fallback: a client retrying in plaintext does so within minutes. */
    public static final long DEFAULT_FALLBACK_WINDOW_MICROS = 300_000_000L;

    /** Every detector this version has, in the order they run, with default settings. */
    public static List<Detector> allDetectors() {
        return allDetectors(DEFAULT_FALLBACK_WINDOW_MICROS);
    }

    /**
     * Every detector this version has, in the order they run.
     *
     * @param fallbackWindowMicros how long after a failed TLS handshake a plaintext session of the
     *     same client to the same server counts as tls-fallback
     */
    public static List<Detector> allDetectors(long fallbackWindowMicros) {
        ServerProfiles servers = new ServerProfiles();
        return List.of(servers, new BannerMaskedDetector(), new StartTlsMangledDetector(),
                new StartTlsStrippedDetector(servers), new StartTlsCommandMangledDetector(),
                new StartTlsRejectedDetector(), new StartTlsNoHandshakeDetector(),
                new StartTlsInjectionDetector(), new ImplicitTlsPlaintextDetector(),
                new PlaintextAuthDetector(), new TlsFallbackDetector(fallbackWindowMicros));
    }

    @Override
    public void accept(MailEvent event) {
        SessionFacts sessionFacts = facts.computeIfAbsent(event.session().id(), id -> new SessionFacts(event.session()));
        sessionFacts.update(event);
        for (Detector detector : detectors) {
            detector.onEvent(event, sessionFacts, findings);
        }
        if (event instanceof SessionClosed) {
            facts.remove(event.session().id());
        }
    }

    /**
     * The whole input has been read (or a live capture stopped): detectors that compare sessions
     * make their remaining findings.
     */
    public void finish() {
        for (Detector detector : detectors) {
            detector.onEndOfInput(findings);
        }
    }

    /**
     * The servers seen so far, ordered by address, port, protocol and greeting host; empty when
     * the detectors include no {@link ServerProfiles}.
     */
    public List<ServerProfile> serverProfiles() {
        for (Detector detector : detectors) {
            if (detector instanceof ServerProfiles servers) {
                return servers.profiles();
            }
        }
        return List.of();
    }

    /** Sessions whose facts are still held (open sessions). */
    public int openSessions() {
        return facts.size();
    }
}
