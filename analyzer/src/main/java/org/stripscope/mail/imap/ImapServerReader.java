package org.stripscope.mail.imap;

import java.util.ArrayList;
import java.util.List;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.Greeting;
import org.stripscope.mail.event.LineStamp;
import org.stripscope.mail.event.MessageTransfer;

/**
 * The server direction of an {@link ImapSession}: the greeting (RFC 9051 §7.1.1, §7.1.4,
 * §7.1.5: "* OK", "* PREAUTH" or "* BYE"), untagged responses, "+" continuation requests and
 * tagged completions, matched to their commands by tag. Literals inside responses (§4.3, e.g. a
 * FETCH body) are skipped raw, so message text that looks like a completion is never read as
 * one.
 */
final class ImapServerReader {

    private final ImapSession session;
    private final SessionInfo info;
    private final LineFramer framer;
    private final PendingTags pending;
    private final ImapTlsHandler tls;
    private final ImapAuthHandler auth;
    private final ImapClientReader client;
    private final ImapLimits limits;
    private final ImapResponse response = new ImapResponse();
    private final LiteralMarker marker = new LiteralMarker();

    private boolean greetingDecided;
    /**
     * A well-formed response was seen since the start of a mid-session capture or the last lost
     * bytes: before that, lines may be the tail of a literal (message text), not responses.
     */
    private boolean synced;
    /** The next line continues the current response after its literal. */
    private boolean continuing;
    /** The current response is "* n FETCH"; whether its message transfer was reported. */
    private boolean fetchResponse;
    private boolean fetchReported;
    /** Bytes of the literal still to come, or -1 when none is announced. */
    private long literalRemaining = -1;

    ImapServerReader(ImapSession session, LineFramer framer, PendingTags pending,
                     ImapTlsHandler tls, ImapAuthHandler auth, ImapClientReader client,
                     ImapLimits limits) {
        this.session = session;
        this.info = session.info();
        this.framer = framer;
        this.pending = pending;
        this.tls = tls;
        this.auth = auth;
        this.client = client;
        this.limits = limits;
        this.synced = info.handshakeSeen();
    }

    boolean inLiteral() {
        return literalRemaining >= 0;
    }

    /** @return false when the chunk is used up */
    boolean skipLiteral() {
        if (literalRemaining > 0 && framer.remaining() == 0) {
            return false;
        }
        int n = framer.skipRaw(literalRemaining);
        literalRemaining -= n;
        tls.onServerLiteralBytes(n);
        if (literalRemaining == 0) {
            literalRemaining = -1;
            continuing = true;
        }
        return true;
    }

    /** Lost server bytes: inside a literal they shorten it; else the line is lost. */
    void onGap(long length) {
        if (literalRemaining > length) {
            literalRemaining -= length;
            return;
        }
        literalRemaining = -1;
        continuing = false;
        fetchResponse = false;
        synced = false;
        framer.gap();
    }

    void onLine(Line line) {
        if (line.truncated()) {
            session.anomaly("line-too-long", line.frame(), line.timeMicros(),
                    line.wireLength() + " bytes, " + line.length() + " kept");
            if (!session.state().parsing()) {
                return;
            }
        }
        tls.onServerLine(line);
        if (continuing) {
            continuing = false;
            onDataPart(line);
            return;
        }
        response.wrap(line);
        if (response.kind() == ImapResponse.Kind.MALFORMED) {
            if (synced) {
                session.anomaly("bad-response-line", line.frame(), line.timeMicros(),
                        EvidenceText.escape(line.bytes(), 0, line.rawLength()));
            }
            return;
        }
        synced = true;
        if (!greetingDecided) {
            greetingDecided = true;
            if (isGreeting()) {
                onGreeting(line);
                return;
            }
        }
        switch (response.kind()) {
            case CONTINUATION -> {
                // A go-ahead for a literal, a SASL challenge, or IDLE's "+ idling": the client's
                // side says which, nothing to read here.
            }
            case UNTAGGED -> onUntagged(line);
            case TAGGED -> onTagged(line);
            default -> {
            }
        }
    }

    /**
     * RFC 9051 §7.1: the greeting is the first response, untagged OK, PREAUTH or BYE. Without
     * the TCP handshake, only while no command awaits a completion, and not an OK whose code
     * belongs to a mailbox ("* OK [UIDVALIDITY 3857529045]" answers SELECT, §7.1).
     */
    private boolean isGreeting() {
        ImapResponse.Status s = response.status();
        boolean shape = response.kind() == ImapResponse.Kind.UNTAGGED
                && (s == ImapResponse.Status.OK || s == ImapResponse.Status.PREAUTH
                    || s == ImapResponse.Status.BYE);
        if (!shape || info.handshakeSeen()) {
            return shape;
        }
        return pending.isEmpty() && (response.codeStart() < 0 || response.codeIs("CAPABILITY"));
    }

    private void onGreeting(Line line) {
        session.emit(new Greeting(info, line.frame(), line.timeMicros(), response.status().name(),
                response.textAfterWord(), EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        capabilitiesInCode(line);
    }

    private void onUntagged(Line line) {
        if (response.isStatus()) {
            // Status responses carry text, never literals (RFC 9051 §7.1).
            capabilitiesInCode(line);
            return;
        }
        if (!response.numbered() && response.wordIs("CAPABILITY")) {
            // RFC 9051 §7.2.2: "* CAPABILITY" then the capability atoms.
            emitCapabilities(line, "CAPABILITY", response.wordEnd(), line.length());
            return;
        }
        fetchResponse = response.numbered() && response.wordIs("FETCH");
        fetchReported = false;
        onDataPart(line);
    }

    private void onTagged(Line line) {
        capabilitiesInCode(line);
        byte[] b = line.bytes();
        PendingTags.Entry entry = pending.find(b, 0, response.tagEnd());
        if (entry == null) {
            onUnmatchedCompletion(line);
            return;
        }
        client.onCompletion(entry);
        switch (entry.verb) {
            case STARTTLS -> tls.onStartTlsCompletion(response, entry);
            case LOGIN, AUTHENTICATE -> auth.onCompletion(entry, response);
            case IDLE -> {
                if (session.state() == ImapState.IDLE) {
                    session.enter(ImapState.COMMAND);
                }
            }
            case COMPRESS -> {
                if (response.status() == ImapResponse.Status.OK) {
                    session.enter(ImapState.COMPRESSED);
                }
            }
            default -> {
            }
        }
        pending.remove(entry);
    }

    /**
     * A completion whose command is not in the capture: normal when the client side is missing,
     * was cut by a gap, or the capture began mid-session; then a successful login is inferred
     * from its text.
     */
    private void onUnmatchedCompletion(Line line) {
        boolean clientWhole = session.clientSeen() && !session.clientGapSeen()
                && info.handshakeSeen();
        if (clientWhole) {
            session.anomaly("reply-without-command", line.frame(), line.timeMicros(),
                    EvidenceText.escape(line.bytes(), 0, line.rawLength()));
            return;
        }
        if (response.status() == ImapResponse.Status.OK) {
            auth.onUnmatchedOk(response);
            tls.onUnmatchedOk();
        }
    }

    /** A part of a data response: one ending with a literal announces raw bytes to skip. */
    private void onDataPart(Line line) {
        byte[] b = line.bytes();
        // A line too long kept only its head: the marker, at its end, is lost with the tail.
        if (line.truncated() || !marker.parse(b, 0, line.length())) {
            fetchResponse = false;
            return;
        }
        if (marker.tooLarge() || marker.size() > limits.maxLiteralBytes()) {
            session.anomaly("literal-too-large", line.frame(), line.timeMicros(),
                    EvidenceText.escape(b, marker.start(), line.length() - marker.start()));
            fetchResponse = false;
            return;
        }
        if (fetchResponse && !fetchReported && marker.size() > 0
                && isBodySection(b, marker.start())) {
            fetchReported = true;
            session.emit(new MessageTransfer(info, line.frame(), line.timeMicros(), "FETCH",
                    session.tlsConfirmed(), EvidenceText.escape(b, 0, line.rawLength())));
        }
        literalRemaining = marker.size();
        if (literalRemaining == 0) {
            literalRemaining = -1;
            continuing = true;
        }
    }

    /**
     * Whether the FETCH item before a literal at {@code end} is message content (RFC 9051 §7.5.2):
     * BODY[section]&lt;origin&gt;, BINARY[section] (RFC 3516), RFC822 or RFC822.TEXT (RFC 3501).
     */
    static boolean isBodySection(byte[] b, int end) {
        int i = end - 1;
        while (i >= 0 && b[i] == ' ') {
            i--;
        }
        if (i >= 0 && b[i] == '>') {
            while (i >= 0 && b[i] != '<') {
                i--;
            }
            i--;
        }
        if (i >= 0 && b[i] == ']') {
            int depth = 0;
            while (i >= 0) {
                if (b[i] == ']') {
                    depth++;
                } else if (b[i] == '[' && --depth == 0) {
                    break;
                }
                i--;
            }
            int nameEnd = i;
            int nameStart = nameStart(b, nameEnd);
            return (Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "BODY")
                    || Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "BINARY"))
                    && !headerOnly(b, nameEnd + 1, end);
        }
        int nameEnd = i + 1;
        int nameStart = nameStart(b, nameEnd);
        return Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "RFC822")
                || Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "RFC822.TEXT");
    }

    /**
     * Whether the section starting at {@code from} names header fields only (RFC 9051 §6.4.5:
     * [HEADER], [HEADER.FIELDS (...)], [HEADER.FIELDS.NOT (...)], [part.MIME]): what a client
     * fetches to list a mailbox, not the message.
     */
    private static boolean headerOnly(byte[] b, int from, int end) {
        int i = from;
        while (i < end && ((b[i] >= '0' && b[i] <= '9') || b[i] == '.')) {
            i++;
        }
        return Ascii.startsWithIgnoreCase(b, i, end, "HEADER")
                || Ascii.startsWithIgnoreCase(b, i, end, "MIME");
    }

    private static int nameStart(byte[] b, int nameEnd) {
        int i = nameEnd;
        while (i > 0 && b[i - 1] != ' ' && b[i - 1] != '(') {
            i--;
        }
        return Math.max(0, i);
    }

    /** A status response's [CAPABILITY ...] code (RFC 9051 §7.1). */
    private void capabilitiesInCode(Line line) {
        if (response.codeIs("CAPABILITY")) {
            emitCapabilities(line, null, response.codeStart() + "CAPABILITY".length(),
                    response.codeEnd());
        }
    }

    private void emitCapabilities(Line line, String command, int from, int to) {
        byte[] b = line.bytes();
        List<String> atoms = new ArrayList<>();
        int i = from;
        int dropped = 0;
        while (i < to) {
            while (i < to && b[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < to && b[i] != ' ') {
                i++;
            }
            if (i > start) {
                if (atoms.size() < limits.maxCapabilities()) {
                    atoms.add(Ascii.text(b, start, i));
                } else {
                    dropped++;
                }
            }
        }
        if (dropped > 0) {
            session.anomaly("too-many-capabilities", line.frame(), line.timeMicros(),
                    (atoms.size() + dropped) + " capabilities, " + atoms.size() + " kept");
            if (!session.state().parsing()) {
                return;
            }
        }
        List<LineStamp> stamps = new ArrayList<>(atoms.size());
        LineStamp stamp = new LineStamp(line.frame(), line.timeMicros());
        for (int k = 0; k < atoms.size(); k++) {
            stamps.add(stamp);
        }
        session.emit(new CapabilitiesSeen(info, line.frame(), line.timeMicros(), command, atoms,
                atoms, stamps, line.firstFrame(), session.tlsConfirmed(), session.afterGap(),
                EvidenceText.escape(b, 0, line.rawLength())));
    }
}
