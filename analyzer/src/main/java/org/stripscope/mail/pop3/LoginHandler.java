package org.stripscope.mail.pop3;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.AuthAttempt.Credentials;
import org.stripscope.mail.event.AuthAttempt.Outcome;

/**
 * POP3's own logins within a {@link Pop3Session}: USER then PASS (RFC 1939 §7, mechanism "USER",
 * the password in clear) and APOP (RFC 1939 §7, mechanism "APOP", an MD5 digest of the greeting's
 * timestamp and the secret: challenge-response). One {@link AuthAttempt} per login, when the
 * server answers PASS or APOP, when the client moves on after USER, or at the close. Only the
 * user name is ever shown; the password and the digest are redacted.
 */
final class LoginHandler {

    static final String USER = "USER";
    static final String APOP = "APOP";

    private final Pop3Session session;
    private long nextId;

    /** The open login, or null. */
    private String mechanism;
    private long id = -1;
    private String username;
    private long commandFrame;
    private long credentialFrame;
    private long credentialTimeMicros;
    private boolean inTls;
    private boolean secretSent;
    /** USER was answered -ERR (RFC 1939 §7: no such mailbox); the login ends unless PASS was sent. */
    private boolean userRejected;
    private String userRejectCode;
    private final StringBuilder evidence = new StringBuilder(64);

    LoginHandler(Pop3Session session) {
        this.session = session;
    }

    /** RFC 1939 §7: "USER name" opens a login. */
    void onUser(Pop3Command cmd) {
        finishIfOpen();
        Line line = cmd.line();
        open(USER, line);
        username = cmd.hasArguments() ? cmd.text(cmd.argumentStart(), cmd.argumentEnd()) : null;
        evidence.append(EvidenceText.escape(line.bytes(), 0, line.rawLength()));
        session.enqueue(cmd, id);
    }

    /** RFC 1939 §7: "PASS string", after USER; the whole argument is the secret. */
    void onPass(Pop3Command cmd) {
        Line line = cmd.line();
        if (!USER.equals(mechanism) || secretSent) {
            // The USER line is not in the capture (or this is a second PASS).
            finishIfOpen();
            open(USER, line);
        }
        secretSent = cmd.hasArguments();
        credentialFrame = line.frame();
        credentialTimeMicros = line.timeMicros();
        evidence.append(session.commandEvidence(cmd));
        session.enqueue(cmd, id);
    }

    /** RFC 1939 §7: "APOP name digest", the digest an MD5 of the greeting's timestamp and secret. */
    void onApop(Pop3Command cmd) {
        finishIfOpen();
        Line line = cmd.line();
        open(APOP, line);
        int nameEnd = cmd.wordEnd(cmd.argumentStart());
        username = nameEnd > cmd.argumentStart() ? cmd.text(cmd.argumentStart(), nameEnd) : null;
        int digest = cmd.skipBlanks(nameEnd);
        secretSent = cmd.argumentEnd() > digest;
        evidence.append(session.commandEvidence(cmd));
        session.enqueue(cmd, id);
    }

    /**
     * Any client command before it is handled: after USER, only PASS continues the login; after
     * the secret, with no server bytes seen, no answer is coming (a client-only capture, or one
     * whose server side begins later) and the client moved on.
     */
    void beforeCommand(Pop3Command cmd) {
        if (mechanism != null && secretSent && !session.serverSeen()) {
            finish(Outcome.UNKNOWN, null);
            return;
        }
        if (USER.equals(mechanism) && !secretSent && cmd.verb() != Pop3Verb.PASS
                && cmd.verb() != Pop3Verb.USER) {
            // The exchange stopped after USER.
            finishAfterUser();
        }
    }

    /** The answer to USER, PASS or APOP; the caller has taken its entry off the queue. */
    void onReply(Pop3Verb verb, long exchange, Pop3Status status, Line line) {
        if (exchange != id || mechanism == null) {
            return;
        }
        if (verb == Pop3Verb.USER) {
            if (status == Pop3Status.ERR) {
                userRejected = true;
                userRejectCode = status.code(line);
                if (!secretSent) {
                    finishAfterUser();
                }
            }
            return;
        }
        finish(status == Pop3Status.OK ? Outcome.ACCEPTED : Outcome.REJECTED, status.code(line));
    }

    /** A pending command is dropped unanswered: if it was the login's last, the login ends. */
    void onPendingDropped(PendingCommands.Entry entry) {
        if (mechanism != null && entry.exchange == id
                && (entry.verb == Pop3Verb.PASS || entry.verb == Pop3Verb.APOP)) {
            finish(Outcome.UNKNOWN, null);
        }
    }

    /** Lost client bytes: a PASS may be among them; what the capture shows is reported. */
    void onClientGap() {
        if (USER.equals(mechanism) && !secretSent) {
            finishAfterUser();
        }
    }

    void onClose() {
        if (USER.equals(mechanism) && !secretSent) {
            finishAfterUser();
        } else {
            finishIfOpen();
        }
    }

    private void open(String name, Line line) {
        mechanism = name;
        id = nextId++;
        username = null;
        commandFrame = line.frame();
        credentialFrame = line.frame();
        credentialTimeMicros = line.timeMicros();
        inTls = session.tlsConfirmed();
        secretSent = false;
        userRejected = false;
        userRejectCode = null;
        evidence.setLength(0);
    }

    private void finishIfOpen() {
        if (mechanism != null) {
            finish(Outcome.UNKNOWN, null);
        }
    }

    /** USER without PASS: only the name was sent; a -ERR to USER is the outcome. */
    private void finishAfterUser() {
        if (userRejected) {
            finish(Outcome.REJECTED, userRejectCode);
        } else {
            finish(Outcome.UNKNOWN, null);
        }
    }

    private void finish(Outcome outcome, String code) {
        String name = mechanism;
        mechanism = null;
        Credentials credentials;
        if (APOP.equals(name)) {
            credentials = secretSent ? Credentials.CHALLENGE_RESPONSE : Credentials.NONE;
        } else if (secretSent) {
            credentials = Credentials.CLEARTEXT_SECRET;
        } else {
            credentials = username != null ? Credentials.USERNAME_ONLY : Credentials.NONE;
        }
        if (outcome == Outcome.ACCEPTED) {
            session.markLoggedIn();
        }
        session.emit(new AuthAttempt(session.info(), credentialFrame, credentialTimeMicros, name,
                username, credentials, outcome, code, commandFrame, inTls, evidence.toString()));
        evidence.setLength(0);
    }
}
