package org.stripscope.mail.smtp;

import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.Greeting;

/**
 * Complete server replies within an {@link SmtpSession}: the greeting, then each reply matched to
 * the oldest pending command (RFC 2920 §3.1: replies come in command order) and handed to the
 * handler of that command's verb. Replies no visible command asked for are interpreted as far as
 * they can be.
 */
final class ReplyHandler {

    /** The mechanism of an exchange known only from its outcome. */
    static final String MECHANISM_NOT_SEEN = "UNKNOWN";

    private final SmtpSession session;
    private final SessionInfo info;
    private final ReplyAssembler reply;
    private final PendingCommands pending;
    private final TlsStartHandler tls;
    private final AuthHandler auth;
    private final MessageContentHandler content;

    private boolean greetingDecided;

    ReplyHandler(SmtpSession session, ReplyAssembler reply, PendingCommands pending,
                 TlsStartHandler tls, AuthHandler auth, MessageContentHandler content) {
        this.session = session;
        this.info = session.info();
        this.reply = reply;
        this.pending = pending;
        this.tls = tls;
        this.auth = auth;
        this.content = content;
    }

    /** The reply just completed in the {@link ReplyAssembler}. */
    void onReply() {
        if (reply.codeMismatch()) {
            session.anomaly("reply-code-mismatch", reply.frame(), reply.timeMicros(),
                    reply.evidence());
        }
        if (reply.linesDropped()) {
            session.anomaly("too-many-reply-lines", reply.frame(), reply.timeMicros(),
                    reply.lineCount() + " lines, " + reply.keptLines() + " kept");
        }
        if (!session.state().parsing()) {
            return;
        }
        if (!greetingDecided) {
            greetingDecided = true;
            // RFC 5321 §4.3.1: the greeting comes first, 220 or 554 (or 421, §3.8, a server
            // closing at once). With the PIPE_CONNECT extension (Exim) the client's EHLO may
            // precede it: the first reply is still the greeting. Without the handshake, only a
            // 220 that no pending STARTTLS awaits is taken for one.
            boolean greeting = info.handshakeSeen()
                    ? isGreetingCode(reply.code())
                    : reply.code() == SmtpReplyCode.READY && !pending.contains(SmtpVerb.STARTTLS);
            if (greeting) {
                session.emit(new Greeting(info, reply.frame(), reply.timeMicros(),
                        reply.codeText(), reply.text(0), reply.evidence()));
                return;
            }
        }
        if (session.takeDroppedCommand()) {
            // Replies come in command order (RFC 2920 §3): this one answers a command dropped
            // from the full queue, older than every command still pending.
            return;
        }
        PendingCommands.Entry entry = pending.oldest();
        if (entry == null) {
            onUnmatchedReply();
            return;
        }
        switch (entry.verb) {
            case EHLO -> onEhloReply();
            case STARTTLS -> tls.onStartTlsReply();
            case AUTH -> auth.onAuthReply(entry);
            case DATA -> content.onDataReply(entry);
            case BDAT -> content.onBdatReply(entry);
            default -> pending.removeOldest();
        }
    }

    /** RFC 5321 §4.1.1.1: a 250 EHLO reply lists one extension per line after the first. */
    private void onEhloReply() {
        pending.removeOldest();
        if (reply.code() == SmtpReplyCode.OK) {
            emitCapabilities("EHLO");
        }
    }

    private void emitCapabilities(String commandName) {
        session.emit(new CapabilitiesSeen(info, reply.frame(), reply.timeMicros(), commandName,
                reply.keywords(1), reply.texts(1), reply.lineStamps(1), reply.firstFrame(),
                tls.confirmed(), session.afterGap(), reply.evidence()));
    }

    /**
     * A reply no visible command asked for: normal when the client side is missing or the capture
     * began mid-session. A multi-line 250 is taken for capabilities, a 220 may be a go-ahead.
     */
    private void onUnmatchedReply() {
        if (session.clientSeen()) {
            session.anomaly("reply-without-command", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
            if (!session.state().parsing()) {
                return;
            }
        }
        if (reply.code() == SmtpReplyCode.OK && reply.lineCount() > 1) {
            emitCapabilities(null);
        } else if (reply.code() == SmtpReplyCode.READY) {
            tls.onUnmatchedReady();
        } else if (reply.code() == SmtpReplyCode.AUTH_OK) {
            // RFC 4954 §6: 235 only ends a successful AUTH exchange, whose client lines are not in
            // the capture; the reply alone shows that credentials crossed this connection.
            session.emit(new AuthAttempt(info, reply.frame(), reply.timeMicros(), MECHANISM_NOT_SEEN,
                    null, AuthAttempt.Credentials.NOT_CAPTURED, AuthAttempt.Outcome.ACCEPTED,
                    reply.codeText(), reply.frame(), tls.confirmed(), reply.firstLineEvidence()));
        }
    }

    private static boolean isGreetingCode(int code) {
        return code == SmtpReplyCode.READY || code == SmtpReplyCode.TRANSACTION_FAILED
                || code == SmtpReplyCode.CLOSING;
    }
}
