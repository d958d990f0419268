package org.stripscope.detect;

import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsNotFollowed;

/**
 * What the detectors know so far about one session, folded from its events: what the server
 * offered, what happened to STARTTLS. Detectors read it to explain a finding ("STARTTLS was
 * offered in frame 8 but not used").
 */
public final class SessionFacts {

    /** What became of STARTTLS in this session, as far as the capture shows. */
    public enum TlsStory {
        /** No capability list and no STARTTLS exchange seen. */
        UNKNOWN,
        /** The capability list did not offer STARTTLS. */
        NOT_OFFERED,
        /** The capability list offered STARTTLS; the client has not used it (yet). */
        OFFERED,
        /** The capability list held STARTTLS in an altered form. */
        MANGLED,
        /** The client asked for STARTTLS and the server (or something on the path) refused. */
        REFUSED,
        /** STARTTLS was accepted but the client went on in plaintext. */
        ACCEPTED_NO_HANDSHAKE,
        /** TLS started. */
        TLS
    }

    private final SessionInfo session;
    private TlsStory tlsStory = TlsStory.UNKNOWN;
    private long tlsStoryFrame;
    private String tlsStoryCode = "";

    SessionFacts(SessionInfo session) {
        this.session = session;
    }

    public SessionInfo session() {
        return session;
    }

    public TlsStory tlsStory() {
        return tlsStory;
    }

    /** The frame of the event that set {@link #tlsStory()}, 0 when unknown. */
    public long tlsStoryFrame() {
        return tlsStoryFrame;
    }

    /** The reply code of a refusal, when {@link #tlsStory()} is REFUSED. */
    public String tlsStoryCode() {
        return tlsStoryCode;
    }

    /**
     * Marks the capability list as mangled; called by the detector that recognised the mask,
     * after {@link #update} saw the list.
     */
    void markMangled(long frame) {
        story(TlsStory.MANGLED, frame, "");
    }

    void update(MailEvent event) {
        if (event instanceof CapabilitiesSeen caps && !caps.inTls()) {
            // A later EHLO reply (clients repeat EHLO after a refused STARTTLS) must not hide
            // that STARTTLS was refused, masked or accepted without a handshake before.
            if (!downgradeSeen()) {
                story(offersStartTls(caps) ? TlsStory.OFFERED : TlsStory.NOT_OFFERED, caps.frame(), "");
            }
        } else if (event instanceof StartTlsReplied reply && !reply.accepted()) {
            story(TlsStory.REFUSED, reply.frame(), reply.code());
        } else if (event instanceof TlsNotFollowed notFollowed) {
            story(TlsStory.ACCEPTED_NO_HANDSHAKE, notFollowed.frame(), "");
        } else if (event instanceof TlsConfirmed confirmed) {
            story(TlsStory.TLS, confirmed.frame(), "");
        }
    }

    private boolean downgradeSeen() {
        return tlsStory == TlsStory.MANGLED || tlsStory == TlsStory.REFUSED
                || tlsStory == TlsStory.ACCEPTED_NO_HANDSHAKE;
    }

    /** Whether a capability list offers the protocol's STARTTLS keyword (STLS for POP3). */
    static boolean offersStartTls(CapabilitiesSeen caps) {
        String keyword = StartTlsKeyword.of(caps.session().protocol());
        for (String k : caps.keywords()) {
            if (k.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }

    private void story(TlsStory story, long frame, String code) {
        this.tlsStory = story;
        this.tlsStoryFrame = frame;
        this.tlsStoryCode = code;
    }
}
