package org.stripscope.detect;

import java.util.Locale;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.Greeting;
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

    /** Longest greeting host name kept (RFC 1035 §2.3.4: a domain name has at most 255 octets). */
    static final int MAX_HOST_CHARS = 255;

    private final SessionInfo session;
    private TlsStory tlsStory = TlsStory.UNKNOWN;
    private long tlsStoryFrame;
    private String tlsStoryCode = "";

    private long firstMicros = Long.MIN_VALUE;
    private long lastMicros;
    private boolean greetingSeen;
    private long greetingFrame;
    private String greetingHost = "";
    private boolean preauthGreeting;
    private boolean authenticated;
    private boolean inTls;
    private boolean gapAfterGoAhead;
    private boolean firstListSeen;
    private CapabilitiesSeen profileList;
    private boolean profileListOffers;
    private boolean profileListMasked;
    private long offeredFrame;
    private long maskedFrame;
    private long loginDisabledFrame;
    private StartTlsReplied acceptedReply;

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

    /** The time of the session's first event: when the detect stage first heard of it. */
    public long firstMicros() {
        return firstMicros;
    }

    /** The time of the session's latest event. */
    public long lastMicros() {
        return lastMicros;
    }

    /**
     * The host name the greeting gives, lower-cased and escaped: the first word of an SMTP banner
     * after the code (RFC 5321 §4.2: "220 domain ..."). Empty for IMAP and POP3, whose greetings
     * name no host by rule, and when the greeting was not seen or was masked.
     */
    public String greetingHost() {
        return greetingHost;
    }

    /** Whether the session's greeting was seen. */
    public boolean greetingSeen() {
        return greetingSeen;
    }

    /** Whether an authentication exchange of this session succeeded (or the greeting was PREAUTH). */
    public boolean authenticated() {
        return authenticated || preauthGreeting;
    }

    /** Whether TLS was confirmed in this session. */
    public boolean inTls() {
        return inTls;
    }

    /**
     * The capability list that speaks for the server in its profile, or null: the session's first
     * list, if it came in plaintext, with no bytes lost before it, at the start of the session
     * (greeting or TCP handshake seen) and before any successful authentication. IMAP and POP3
     * servers legitimately drop STARTTLS/STLS from the lists they show after login (RFC 9051
     * §6.2.1 allows STARTTLS only before authentication; RFC 2595 §4 likewise for STLS), so a
     * list seen after login says nothing about what the server offers.
     */
    public CapabilitiesSeen profileList() {
        return profileList;
    }

    /** Whether {@link #profileList()} offers STARTTLS/STLS. */
    public boolean profileListOffers() {
        return profileListOffers;
    }

    /** Whether {@link #profileList()} lacks STARTTLS/STLS but holds an altered form of it. */
    public boolean profileListMasked() {
        return profileListMasked;
    }

    /** Whether any plaintext capability list of the session offered STARTTLS/STLS. */
    public boolean offeredStartTls() {
        return offeredFrame != 0;
    }

    /** The frame of the first plaintext list that offered STARTTLS/STLS, 0 when none did. */
    public long offeredFrame() {
        return offeredFrame;
    }

    /** Whether a plaintext list held an altered STARTTLS/STLS in its place. */
    public boolean maskedStartTls() {
        return maskedFrame != 0;
    }

    /** The frame of the first list holding an altered STARTTLS/STLS, 0 when none. */
    public long maskedFrame() {
        return maskedFrame;
    }

    /**
     * The frame of a plaintext IMAP capability list with LOGINDISABLED (RFC 9051 §6.2.3: the
     * client must not send LOGIN), 0 when none was seen.
     */
    public long loginDisabledFrame() {
        return loginDisabledFrame;
    }

    /** The latest positive reply to STARTTLS/STLS, or null. */
    /** Whether bytes were lost after the last accepted STARTTLS reply. */
    public boolean gapAfterGoAhead() {
        return gapAfterGoAhead;
    }

    public StartTlsReplied acceptedReply() {
        return acceptedReply;
    }

    /**
     * Marks the capability list as mangled; called by the detector that recognised the mask,
     * after {@link #update} saw the list.
     */
    void markMangled(long frame) {
        story(TlsStory.MANGLED, frame, "");
    }

    void update(MailEvent event) {
        if (firstMicros == Long.MIN_VALUE) {
            firstMicros = event.timeMicros();
        }
        lastMicros = event.timeMicros();
        if (event instanceof CapabilitiesSeen caps) {
            capabilities(caps);
        } else if (event instanceof Greeting greeting) {
            greeting(greeting);
        } else if (event instanceof AuthAttempt auth && auth.outcome() == AuthAttempt.Outcome.ACCEPTED) {
            authenticated = true;
        } else if (event instanceof Gap gap) {
            if (acceptedReply != null) {
                gapAfterGoAhead = true;
            }
        } else if (event instanceof StartTlsReplied reply) {
            if (reply.accepted()) {
                acceptedReply = reply;
                gapAfterGoAhead = false;
            } else {
                story(TlsStory.REFUSED, reply.frame(), reply.code());
            }
        } else if (event instanceof TlsNotFollowed notFollowed) {
            story(TlsStory.ACCEPTED_NO_HANDSHAKE, notFollowed.frame(), "");
        } else if (event instanceof TlsConfirmed confirmed) {
            inTls = true;
            story(TlsStory.TLS, confirmed.frame(), "");
        }
    }

    private void greeting(Greeting greeting) {
        if (greetingSeen) {
            return;
        }
        greetingSeen = true;
        greetingFrame = greeting.frame();
        // RFC 9051 §7.1.4: PREAUTH opens the session already authenticated.
        preauthGreeting = session.protocol() == Protocol.IMAP && "PREAUTH".equalsIgnoreCase(greeting.code());
        if (session.protocol() == Protocol.SMTP && !BannerMask.isMasked(greeting.text())) {
            greetingHost = hostOf(greeting.text());
        }
    }

    /** The first word of an SMTP greeting text, lower-cased and escaped; "" when absent or masked. */
    static String hostOf(String text) {
        int start = 0;
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '-')) {
            start++;
        }
        int end = start;
        while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != '\t'
                && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        String host = text.substring(start, Math.min(end, start + MAX_HOST_CHARS));
        if (host.indexOf('*') >= 0) {
            return "";
        }
        // Escaped first: the escape is ASCII, so lower-casing it cannot leave the one-byte range.
        return EvidenceText.escape(host).toLowerCase(Locale.ROOT);
    }

    private void capabilities(CapabilitiesSeen caps) {
        if (caps.inTls()) {
            return;
        }
        boolean offers = offersStartTls(caps);
        boolean masked = !offers && holdsAlteredStartTls(caps);
        if (offers && offeredFrame == 0) {
            offeredFrame = caps.frame();
        }
        if (masked && maskedFrame == 0) {
            maskedFrame = caps.frame();
        }
        if (loginDisabledFrame == 0 && session.protocol() == Protocol.IMAP && lists(caps, "LOGINDISABLED")) {
            loginDisabledFrame = caps.frame();
        }
        if (!firstListSeen) {
            firstListSeen = true;
            if (speaksForServer(caps)) {
                profileList = caps;
                profileListOffers = offers;
                profileListMasked = masked;
            }
        }
        // A later EHLO reply (clients repeat EHLO after a refused STARTTLS) must not hide
        // that STARTTLS was refused, masked or accepted without a handshake before. Nor may a
        // later list without it hide that it was offered: IMAP and POP3 servers drop STARTTLS
        // from the capability list they send after a login (RFC 9051 §6.2.3).
        if (downgradeSeen() || tlsStory == TlsStory.OFFERED) {
            return;
        }
        if (offers) {
            story(TlsStory.OFFERED, caps.frame(), "");
        } else if (tlsStory != TlsStory.NOT_OFFERED) {
            story(TlsStory.NOT_OFFERED, caps.frame(), "");
        }
    }

    private boolean speaksForServer(CapabilitiesSeen caps) {
        if (caps.afterGap() || authenticated || preauthGreeting) {
            return false;
        }
        if (!session.handshakeSeen() && !greetingSeen) {
            // The capture began mid-session: this need not be the session's first list.
            return false;
        }
        // An IMAP list in a response code outside the greeting line is the tagged OK of LOGIN or
        // AUTHENTICATE (RFC 9051 §6.2.2, §6.2.3), which may be reported before the exchange. One
        // that comes before the greeting event can only be the greeting's own.
        return session.protocol() != Protocol.IMAP || caps.command() != null
                || !greetingSeen || caps.frame() == greetingFrame;
    }

    private boolean downgradeSeen() {
        return tlsStory == TlsStory.MANGLED || tlsStory == TlsStory.REFUSED
                || tlsStory == TlsStory.ACCEPTED_NO_HANDSHAKE;
    }

    /** Whether a capability list offers the protocol's STARTTLS keyword (STLS for POP3). */
    static boolean offersStartTls(CapabilitiesSeen caps) {
        return lists(caps, StartTlsKeyword.of(caps.session().protocol()));
    }

    /** Whether a capability list holds a keyword that is an altered STARTTLS/STLS. */
    static boolean holdsAlteredStartTls(CapabilitiesSeen caps) {
        String target = StartTlsKeyword.of(caps.session().protocol());
        for (String k : caps.keywords()) {
            if (MaskedKeyword.classify(k, target) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean lists(CapabilitiesSeen caps, String keyword) {
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
