package org.stripscope.mail.pop3;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.Greeting;
import org.stripscope.mail.event.MessageTransfer;

/**
 * Server lines within a {@link Pop3Session}: the greeting, then each status line matched to the
 * oldest pending command and handed to the handler of that command's verb, and the lines of
 * multi-line responses (RFC 1939 §3: after +OK, up to the line ".", lines starting with "."
 * dot-stuffed), which are content and never read as responses. Whether a +OK opens a multi-line
 * response is decided by the command it answers ({@link Pop3Verb#multiLine}).
 */
final class ResponseHandler {

    /** The mechanism of an exchange known only from its outcome. */
    static final String MECHANISM_NOT_SEEN = "UNKNOWN";

    /** How server lines are read now. */
    private enum Mode {
        /** Entered at the start and after each response: the next line is a status line. */
        STATUS,
        /** Entered on +OK to a command with a multi-line answer: body lines up to ".". */
        BODY,
        /**
         * Entered on a +OK no visible command asked for, when commands may be missing (client
         * side not captured, lost or not yet synchronised): the next line may be a status line
         * or the start of a multi-line body nobody can name.
         */
        MAYBE_BODY,
        /** Entered when an unnamed body began, or after a server gap: lines skipped up to ".". */
        SKIP_BODY
    }

    private final Pop3Session session;
    private final SessionInfo info;
    private final PendingCommands pending;
    private final TlsStartHandler tls;
    private final LoginHandler logins;
    private final SaslHandler sasl;
    private final CapabilityList capabilities;

    private Mode mode = Mode.STATUS;
    /** The body being read is a CAPA list. */
    private boolean readingCapabilities;
    private boolean greetingDecided;
    /** A "+" continuation answered no visible AUTH: an exchange whose client lines are missing. */
    private boolean unseenExchange;

    ResponseHandler(Pop3Session session, PendingCommands pending, TlsStartHandler tls,
                    LoginHandler logins, SaslHandler sasl, CapabilityList capabilities) {
        this.session = session;
        this.info = session.info();
        this.pending = pending;
        this.tls = tls;
        this.logins = logins;
        this.sasl = sasl;
        this.capabilities = capabilities;
    }

    void onLine(Line line) {
        switch (mode) {
            case BODY -> {
                onBodyLine(line);
                return;
            }
            case SKIP_BODY -> {
                if (isTerminator(line)) {
                    mode = Mode.STATUS;
                }
                return;
            }
            default -> {
            }
        }
        Pop3Status status = Pop3Status.of(line);
        if (mode == Mode.MAYBE_BODY) {
            mode = Mode.STATUS;
            if (status == Pop3Status.OTHER) {
                mode = isTerminator(line) ? Mode.STATUS : Mode.SKIP_BODY;
                return;
            }
        }
        if (line.truncated()) {
            session.anomaly("line-too-long", line.frame(), line.timeMicros(),
                    Pop3Session.lengthEvidence(line));
            if (!session.state().parsing()) {
                return;
            }
        }
        if (status == Pop3Status.OTHER) {
            onOtherLine(line);
            return;
        }
        if (!greetingDecided) {
            greetingDecided = true;
            if (isGreeting(status)) {
                session.emit(new Greeting(info, line.frame(), line.timeMicros(), status.code(line),
                        status.text(line), evidence(line)));
                return;
            }
        }
        if (status == Pop3Status.CONTINUATION) {
            onContinuation(line);
            return;
        }
        if (session.droppedCommands() > 0) {
            // RFC 2449 §6.6: responses come in command order, so this one answers the oldest
            // command, dropped when the pipeline outgrew the queue; a +OK may open its body.
            session.droppedCommandAnswered();
            unseenExchange = false;
            if (status == Pop3Status.OK) {
                mode = Mode.MAYBE_BODY;
                tls.onUnmatchedOk();
            }
            return;
        }
        PendingCommands.Entry entry = pending.oldest();
        if (entry == null) {
            onUnmatched(status, line);
            return;
        }
        unseenExchange = false;
        Pop3Verb verb = entry.verb;
        boolean multiLine = entry.multiLine;
        long exchange = entry.exchange;
        String commandEvidence = entry.evidence;
        pending.removeOldest();
        switch (verb) {
            case STLS -> tls.onStlsReply(status, line);
            case USER, PASS, APOP -> logins.onReply(verb, exchange, status, line);
            case AUTH -> sasl.onFinalReply(exchange, status, line);
            case RETR, TOP -> {
                if (status == Pop3Status.OK) {
                    session.emit(new MessageTransfer(info, line.frame(), line.timeMicros(),
                            verb.name(), session.tlsConfirmed(), commandEvidence));
                }
            }
            default -> {
            }
        }
        if (status == Pop3Status.OK && verb.transactionOnly() && !session.loggedIn()
                && commandsMayBeMissing()) {
            // RFC 1939 §5: the server accepts these only after a login, and none was seen
            // accepted: it happened where the capture does not show it (before a mid-session
            // capture began, or in lost client bytes), on this plaintext connection. In a whole
            // capture nothing can hide a login: there the server just broke the rule.
            loginNotCaptured(status, line);
        }
        if (status == Pop3Status.OK && verb == Pop3Verb.UNKNOWN) {
            // An extension command this parser does not know may answer with a body (RFC 2449
            // §6: the command defines it): lines that are no status line are skipped to ".".
            mode = Mode.MAYBE_BODY;
        } else if (status == Pop3Status.OK && multiLine && session.state().parsing()) {
            mode = Mode.BODY;
            readingCapabilities = verb == Pop3Verb.CAPA;
            if (readingCapabilities) {
                capabilities.begin(line);
            }
        }
    }

    /**
     * RFC 1939 §4: the greeting is the server's first line. Without the TCP handshake, only a +OK
     * that comes before any client byte and answers nothing is taken for one (a POP3 client waits
     * for the greeting; replies to commands sent before the capture began come otherwise).
     */
    private boolean isGreeting(Pop3Status status) {
        if (status == Pop3Status.CONTINUATION) {
            return false;
        }
        if (info.handshakeSeen()) {
            return true;
        }
        return status == Pop3Status.OK && pending.isEmpty() && !session.clientSeen();
    }

    /** RFC 5034 §4: "+ " carries a challenge of the open AUTH exchange. */
    private void onContinuation(Line line) {
        PendingCommands.Entry entry = pending.oldest();
        if (entry != null && entry.verb == Pop3Verb.AUTH && entry.exchange >= 0) {
            sasl.onChallenge(entry.exchange);
            return;
        }
        if (!commandsMayBeMissing()) {
            session.anomaly("continuation-without-auth", line.frame(), line.timeMicros(),
                    evidence(line));
        }
        unseenExchange = true;
    }

    /**
     * A status line no visible command asked for: normal when the client side is missing, lost
     * or the capture began mid-session. A +OK after a continuation of an unseen exchange shows
     * credentials were accepted; a +OK may open a body nobody can name.
     */
    private void onUnmatched(Pop3Status status, Line line) {
        boolean missing = commandsMayBeMissing();
        if (!missing) {
            session.anomaly("response-without-command", line.frame(), line.timeMicros(),
                    evidence(line));
            if (!session.state().parsing()) {
                return;
            }
        }
        if (status == Pop3Status.OK && unseenExchange) {
            // RFC 5034 §4: "+OK" after a "+" challenge ends a SASL exchange with success; the
            // client answered the challenge, so credentials crossed this connection.
            loginNotCaptured(status, line);
        }
        unseenExchange = false;
        if (status == Pop3Status.OK && missing) {
            mode = Mode.MAYBE_BODY;
            tls.onUnmatchedOk();
        }
    }

    /** A login whose client lines are not in the capture, known from the server's answers. */
    private void loginNotCaptured(Pop3Status status, Line line) {
        session.markLoggedIn();
        session.emit(new AuthAttempt(info, line.frame(), line.timeMicros(), MECHANISM_NOT_SEEN,
                null, AuthAttempt.Credentials.NOT_CAPTURED, AuthAttempt.Outcome.ACCEPTED,
                status.code(line), line.frame(), session.tlsConfirmed(), evidence(line)));
    }

    private void onOtherLine(Line line) {
        if (commandsMayBeMissing()) {
            // The body of a response to a command not seen: skipped up to its ".".
            mode = isTerminator(line) ? Mode.STATUS : Mode.SKIP_BODY;
            return;
        }
        session.anomaly("bad-response-line", line.frame(), line.timeMicros(), evidence(line));
    }

    /** Whether commands may be missing from view, so that responses may answer unseen ones. */
    private boolean commandsMayBeMissing() {
        return !session.clientSeen() || session.clientGapSeen() || !info.handshakeSeen();
    }

    private void onBodyLine(Line line) {
        if (isTerminator(line)) {
            mode = Mode.STATUS;
            if (readingCapabilities) {
                readingCapabilities = false;
                capabilities.end(line);
                emitCapabilities(line);
            }
            return;
        }
        if (!readingCapabilities) {
            return;
        }
        if (line.truncated()) {
            session.anomaly("line-too-long", line.frame(), line.timeMicros(),
                    Pop3Session.lengthEvidence(line));
        }
        // RFC 1939 §3: a line beginning with "." has had one more "." put in front.
        int from = line.length() > 0 && line.byteAt(0) == '.' ? 1 : 0;
        capabilities.add(line, from);
    }

    /** RFC 2449 §5: one capability per line, a keyword then its arguments. */
    private void emitCapabilities(Line last) {
        if (capabilities.dropped() > 0) {
            session.anomaly("too-many-capability-lines", last.frame(), last.timeMicros(),
                    (capabilities.lines().size() + capabilities.dropped()) + " lines, "
                            + capabilities.lines().size() + " kept");
        }
        session.emit(new CapabilitiesSeen(info, last.frame(), last.timeMicros(), "CAPA",
                capabilities.keywords(), capabilities.lines(), capabilities.stamps(),
                capabilities.firstFrame(), session.tlsConfirmed(), session.afterGap(),
                capabilities.evidence()));
    }

    /** Lost server bytes: a body's "." may be among them, so the reader resyncs. */
    void onServerGap() {
        if (mode == Mode.BODY || mode == Mode.MAYBE_BODY) {
            mode = Mode.SKIP_BODY;
        }
        readingCapabilities = false;
        unseenExchange = false;
    }

    /** At the close: a multi-line response never ended. */
    void onClose(long frame, long timeMicros) {
        if (mode == Mode.BODY && readingCapabilities) {
            session.anomaly("response-incomplete", frame, timeMicros,
                    "CAPA list without its \".\" line");
        }
    }

    /** RFC 1939 §3: the line "." alone ends a multi-line response. */
    private static boolean isTerminator(Line line) {
        return line.length() == 1 && line.byteAt(0) == '.';
    }

    private static String evidence(Line line) {
        return EvidenceText.escape(line.bytes(), 0, line.rawLength());
    }
}
