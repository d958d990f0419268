package org.stripscope.mail.imap;

import java.util.Locale;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.event.AuthAttempt;

/**
 * Authentication within an {@link ImapSession}: LOGIN (RFC 9051 §6.2.3, a cleartext user name and
 * password) and AUTHENTICATE (§6.2.2, a SASL exchange of "+ challenge" continuations and base64
 * client lines, "*" to cancel, with the SASL-IR initial response of RFC 4959). Each attempt is
 * reported once, as an {@link AuthAttempt}, at its tagged completion (OK accepted, NO or BAD
 * rejected), or with an unknown outcome when it is dropped or the session ends first. A tagged
 * OK that says a login succeeded, for a command the capture does not hold, is reported as
 * credentials not captured.
 */
final class ImapAuthHandler {

    /** The mechanism of an exchange known only from its outcome. */
    static final String MECHANISM_NOT_SEEN = "UNKNOWN";

    private final ImapSession session;
    private final ImapLimits limits;
    private final ImapTokens tokens = new ImapTokens();

    /** The SASL exchange whose client responses are being read, or null. */
    private SaslExchange current;
    private long nextExchangeId;

    ImapAuthHandler(ImapSession session, ImapLimits limits) {
        this.session = session;
        this.limits = limits;
    }

    // ---- LOGIN ----

    /** "tag LOGIN user password": the attempt gathers the arguments, across literals too. */
    LoginAttempt onLogin(ImapCommand cmd, PendingTags.Entry entry) {
        Line line = cmd.line();
        LoginAttempt login = new LoginAttempt(line.frame(), line.timeMicros(),
                session.tlsConfirmed(), limits.maxLoginArgumentBytes());
        login.addLine(line, cmd.argsStart(), cmd.argsEnd(),
                cmd.literal().present() ? cmd.literal().start() : -1);
        if (entry != null) {
            entry.login = login;
        } else {
            report(login, null);
        }
        return login;
    }

    // ---- AUTHENTICATE ----

    /** "tag AUTHENTICATE mechanism [initial-response]" (RFC 9051 §6.2.2, RFC 4959). */
    void onAuthenticate(ImapCommand cmd, PendingTags.Entry entry) {
        Line line = cmd.line();
        byte[] b = line.bytes();
        tokens.wrap(b, cmd.argsStart(), line.length());
        if (tokens.next() != ImapTokens.Kind.ATOM) {
            return;
        }
        String mechanism = tokens.value().toUpperCase(Locale.ROOT);
        int responseStart = tokens.stop();
        while (responseStart < line.length() && b[responseStart] == ' ') {
            responseStart++;
        }
        int responseEnd = line.length();
        SaslExchange exchange = new SaslExchange(nextExchangeId++, mechanism, line.frame(),
                line.timeMicros(), session.tlsConfirmed(), limits.maxAuthResponseBytes());
        exchange.appendEvidence(SaslExchange.redactedLine(b, responseStart, responseEnd,
                line.rawLength()));
        if (responseEnd > responseStart) {
            check(exchange, exchange.addInitialResponse(b, responseStart, responseEnd,
                    line.truncated(), line.frame(), line.timeMicros()), line,
                    responseEnd - responseStart);
        }
        current = exchange;
        session.enter(ImapState.AUTHENTICATE);
        if (entry != null) {
            entry.exchange = exchange;
        } else {
            finish(exchange, null);
        }
    }

    /** A client line in {@link ImapState#AUTHENTICATE}: one base64 response, or "*". */
    void onResponseLine(Line line) {
        if (current == null) {
            session.enter(ImapState.COMMAND);
            return;
        }
        int end = line.length();
        current.appendEvidence(SaslExchange.redactedLine(line.bytes(), 0, end, line.rawLength()));
        check(current, current.addResponse(line.bytes(), 0, end, line.truncated(), line.frame(),
                line.timeMicros()), line, line.truncated() ? line.wireLength() : end);
        if (current.cancelled()) {
            // RFC 9051 §6.2.2: after "*" only the server's BAD completion follows.
            session.enter(ImapState.COMMAND);
        }
    }

    /** The client moved on to another command: the exchange's client side is over. */
    void leaveResponses() {
        current = null;
        if (session.state() == ImapState.AUTHENTICATE) {
            session.enter(ImapState.COMMAND);
        }
    }

    /** Lost client bytes: which challenge any later response answers is no longer known. */
    void onClientGap() {
        if (current != null) {
            current.lostPositions();
        }
    }

    // ---- completions ----

    /** The tagged completion of a LOGIN or AUTHENTICATE. */
    void onCompletion(PendingTags.Entry entry, ImapResponse response) {
        if (entry.login != null) {
            report(entry.login, response.status());
        }
        if (entry.exchange != null) {
            if (entry.exchange == current) {
                leaveResponses();
            }
            finish(entry.exchange, response);
        }
    }

    /** A pending LOGIN or AUTHENTICATE that will get no completion (dropped, or session end). */
    void onAbandoned(PendingTags.Entry entry) {
        if (entry.login != null) {
            report(entry.login, null);
        }
        if (entry.exchange != null) {
            if (entry.exchange == current) {
                current = null;
            }
            finish(entry.exchange, null);
        }
    }

    /**
     * A tagged OK for a command the capture does not hold (one-sided or mid-session capture):
     * when its text says a login succeeded ("LOGIN completed", RFC 9051 §6.2.3's example, or
     * "Logged in", Dovecot's), credentials crossed this connection.
     */
    void onUnmatchedOk(ImapResponse response) {
        Line line = response.line();
        byte[] b = line.bytes();
        int from = response.textStart();
        int to = line.length();
        boolean login = Ascii.startsWithIgnoreCase(b, from, to, "LOGIN ")
                || Ascii.equalsIgnoreCase(b, from, to, "LOGIN");
        boolean success = Ascii.containsIgnoreCase(b, from, to, "LOGIN COMPLETED")
                || Ascii.containsIgnoreCase(b, from, to, "LOGIN OK")
                || Ascii.containsIgnoreCase(b, from, to, "LOGGED IN")
                || Ascii.containsIgnoreCase(b, from, to, "AUTHENTICATE COMPLETED")
                || Ascii.containsIgnoreCase(b, from, to, "AUTHENTICATION SUCCESSFUL");
        if (!success) {
            return;
        }
        session.emit(new AuthAttempt(session.info(), line.frame(), line.timeMicros(),
                login ? "LOGIN" : MECHANISM_NOT_SEEN, null,
                AuthAttempt.Credentials.NOT_CAPTURED, AuthAttempt.Outcome.ACCEPTED,
                response.status().name(), line.frame(), session.tlsConfirmed(),
                EvidenceText.escape(b, 0, line.rawLength())));
    }

    /** A command line as evidence, with any secret redacted. */
    String commandEvidence(ImapCommand cmd) {
        Line line = cmd.line();
        return switch (cmd.verb()) {
            case LOGIN -> LoginAttempt.evidenceOf(cmd);
            case AUTHENTICATE -> {
                int mechEnd = cmd.argsStart();
                while (mechEnd < line.length() && line.bytes()[mechEnd] != ' ') {
                    mechEnd++;
                }
                int start = Math.min(mechEnd + 1, line.length());
                yield SaslExchange.redactedLine(line.bytes(), start, line.length(),
                        line.rawLength());
            }
            default -> EvidenceText.escape(line.bytes(), 0, line.rawLength());
        };
    }

    // ---- internals ----

    private void report(LoginAttempt login, ImapResponse.Status status) {
        AuthAttempt.Outcome outcome = outcomeOf(status);
        session.emit(new AuthAttempt(session.info(), login.credentialFrame(),
                login.credentialTimeMicros(), "LOGIN", login.username(), login.credentials(),
                outcome, status == null ? null : status.name(), login.commandFrame(),
                login.inTls(), login.evidence()));
    }

    private void finish(SaslExchange exchange, ImapResponse response) {
        ImapResponse.Status status = response == null ? null : response.status();
        session.emit(new AuthAttempt(session.info(), exchange.credentialFrame(),
                exchange.credentialTimeMicros(), exchange.mechanismName(), exchange.username(),
                exchange.credentials(), outcomeOf(status), status == null ? null : status.name(),
                exchange.commandFrame(), exchange.inTls(), exchange.evidence()));
    }

    private static AuthAttempt.Outcome outcomeOf(ImapResponse.Status status) {
        if (status == null) {
            return AuthAttempt.Outcome.UNKNOWN;
        }
        return switch (status) {
            case OK -> AuthAttempt.Outcome.ACCEPTED;
            case NO, BAD -> AuthAttempt.Outcome.REJECTED;
            default -> AuthAttempt.Outcome.UNKNOWN;
        };
    }

    private void check(SaslExchange exchange, SaslExchange.Decoding decoding, Line line,
                       long dataLength) {
        String what = exchange.mechanismName() + " response " + EvidenceText.redacted(dataLength);
        switch (decoding) {
            case NOT_BASE64 -> session.anomaly("bad-sasl-base64", line.frame(), line.timeMicros(),
                    what);
            case TOO_LONG -> session.anomaly("sasl-response-too-long", line.frame(),
                    line.timeMicros(), what);
            default -> {
            }
        }
    }
}
