package org.stripscope.mail.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.SaslBase64;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.event.AuthAttempt;

/**
 * The AUTH command and its SASL exchange (RFC 5034 §4) within a {@link Pop3Session}: the AUTH
 * line with its optional initial response, the "+" continuations, the client's responses ("*"
 * cancels), and one {@link AuthAttempt} per exchange when it ends. A bare AUTH asks for the
 * mechanism list and carries no credentials. With the server not visible, how many responses
 * follow is inferred from the mechanism. Responses are redacted wherever they would appear.
 *
 * <p>Lost bytes: each response answers one challenge in order, so while the client stream is
 * whole the n-th response answers the n-th challenge; after lost client bytes nothing more is
 * decoded (see {@link SaslExchange#lostPositions}). After lost server bytes challenges may be
 * missing: the client's unknown lines are still taken as responses, not commands.
 */
final class SaslHandler {

    private final Pop3Session session;
    private final int maxResponseBytes;

    /** The open exchange, or null. */
    private SaslExchange exchange;
    private long nextExchangeId;
    /** With the server not visible: responses still expected, -1 when unknown. */
    private int responsesExpected;
    /** Responses taken before the challenge they answer was seen. */
    private int responsesAhead;
    /** Server bytes were lost while the exchange was open: a challenge may be among them. */
    private boolean serverGapInExchange;

    SaslHandler(Pop3Session session, int maxResponseBytes) {
        this.session = session;
        this.maxResponseBytes = maxResponseBytes;
    }

    boolean exchangeOpen() {
        return exchange != null;
    }

    /** RFC 5034 §4: "AUTH mechanism [initial-response]"; a bare AUTH lists the mechanisms. */
    void onAuthCommand(Pop3Command cmd) {
        Line line = cmd.line();
        int mechanismStart = cmd.argumentStart();
        int mechanismEnd = cmd.wordEnd(mechanismStart);
        if (mechanismEnd == mechanismStart) {
            session.enqueue(cmd, -1);
            return;
        }
        if (exchange != null) {
            finish(null, null);
        }
        String mechanism = new String(line.bytes(), mechanismStart, mechanismEnd - mechanismStart,
                StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        exchange = new SaslExchange(nextExchangeId++, mechanism, line.frame(), line.timeMicros(),
                session.tlsConfirmed(), maxResponseBytes);
        responsesAhead = 0;
        serverGapInExchange = false;
        exchange.appendEvidence(session.commandEvidence(cmd));
        int responseStart = cmd.skipBlanks(mechanismEnd);
        int responseEnd = cmd.argumentEnd();
        boolean initial = responseEnd > responseStart;
        if (initial) {
            report(exchange.addInitialResponse(line.bytes(), responseStart, responseEnd,
                    line.truncated(), line.frame(), line.timeMicros()),
                    line, responseEnd - responseStart);
        }
        session.enqueue(cmd, exchange.id());
        if (!session.serverSeen()) {
            int expected = exchange.mechanism().clientResponses();
            responsesExpected = expected < 0 ? -1 : Math.max(0, expected - (initial ? 1 : 0));
            if (responsesExpected != 0) {
                session.enter(Pop3State.SASL_RESPONSE);
            }
        }
    }

    /** A client line in {@link Pop3State#SASL_RESPONSE}: a response, or a command ending it. */
    void onResponseLine(Line line, Pop3Command command) {
        if (exchange == null) {
            session.enter(Pop3State.COMMAND);
            session.onCommand(command.wrap(line));
            return;
        }
        if (!session.serverSeen() && responsesExpected < 0
                && command.wrap(line).verb() != Pop3Verb.UNKNOWN) {
            // Server not visible, mechanism of unknown length: a command ends the exchange.
            session.enter(Pop3State.COMMAND);
            session.onCommand(command);
            return;
        }
        addResponse(line);
        if (session.serverSeen() || exchange.cancelled()) {
            session.enter(Pop3State.COMMAND);
        } else {
            if (responsesExpected > 0) {
                responsesExpected--;
            }
            session.enter(responsesExpected == 0 ? Pop3State.COMMAND : Pop3State.SASL_RESPONSE);
        }
    }

    /**
     * A client line read as a command while the server is visible and an exchange awaits its
     * final answer: a response whose "+" challenge has not been seen (lost in a server gap, or
     * not captured yet) rather than a command, when it is no known verb and reads as base64 or
     * "*" (after a server gap in the exchange: any unknown line).
     *
     * @return true when the line was taken as a response
     */
    boolean takeUnchallengedResponse(Pop3Command cmd) {
        if (exchange == null || !session.serverSeen() || cmd.verb() != Pop3Verb.UNKNOWN) {
            return false;
        }
        Line line = cmd.line();
        if (!serverGapInExchange && !SaslBase64.isResponse(line.bytes(), 0, cmd.argumentEnd())) {
            return false;
        }
        addResponse(line);
        if (responsesAhead < Integer.MAX_VALUE) {
            responsesAhead++;
        }
        return true;
    }

    /** RFC 5034 §4: a "+" continuation asks for the next response. */
    void onChallenge(long exchangeId) {
        if (exchange == null || exchangeId != exchange.id()) {
            return;
        }
        if (responsesAhead > 0) {
            responsesAhead--;
        } else if (session.state() == Pop3State.COMMAND) {
            session.enter(Pop3State.SASL_RESPONSE);
        }
    }

    /** The final +OK or -ERR of an AUTH; the caller has taken its entry off the queue. */
    void onFinalReply(long exchangeId, Pop3Status status, Line line) {
        if (exchange != null && exchangeId == exchange.id()) {
            finish(status, line);
        }
    }

    void onClientGap() {
        if (exchange == null) {
            return;
        }
        exchange.lostPositions();
        if (!session.serverSeen() && responsesExpected > 0) {
            responsesExpected = -1;
        }
    }

    void onServerGap() {
        if (exchange != null) {
            serverGapInExchange = true;
        }
    }

    /** Any client command other than AUTH, before it is handled. */
    void beforeOtherCommand() {
        if (exchange != null && !session.serverSeen()) {
            // The client moved on and no server answer is visible to end the exchange.
            finish(null, null);
        }
    }

    void onPendingDropped(PendingCommands.Entry entry) {
        if (entry.verb == Pop3Verb.AUTH && exchange != null && entry.exchange == exchange.id()) {
            finish(null, null);
        }
    }

    void onClose() {
        if (exchange != null) {
            finish(null, null);
        }
    }

    private void addResponse(Line line) {
        int end = Pop3Command.contentEnd(line);
        exchange.appendEvidence(SaslExchange.redactedLine(line.bytes(), 0, end, line.rawLength()));
        report(exchange.addResponse(line.bytes(), 0, end, line.truncated(), line.frame(),
                line.timeMicros()), line, line.truncated() ? line.wireLength() : end);
    }

    private void report(SaslExchange.Decoding decoding, Line line, long dataLength) {
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

    /** @param status the final answer, or null when none was seen */
    private void finish(Pop3Status status, Line line) {
        SaslExchange done = exchange;
        exchange = null;
        if (session.state() == Pop3State.SASL_RESPONSE) {
            session.enter(Pop3State.COMMAND);
        }
        AuthAttempt.Outcome outcome = AuthAttempt.Outcome.UNKNOWN;
        String code = null;
        if (status != null) {
            code = status.code(line);
            outcome = status == Pop3Status.OK
                    ? AuthAttempt.Outcome.ACCEPTED : AuthAttempt.Outcome.REJECTED;
        }
        if (outcome == AuthAttempt.Outcome.ACCEPTED) {
            session.markLoggedIn();
        }
        session.emit(new AuthAttempt(session.info(), done.credentialFrame(),
                done.credentialTimeMicros(), done.mechanismName(), done.username(),
                done.credentials(), outcome, code, done.commandFrame(), done.inTls(),
                done.evidence()));
    }
}
