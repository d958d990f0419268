package org.stripscope.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.event.AuthAttempt;

/**
 * The AUTH command and its SASL exchange (RFC 4954 §4) within an {@link SmtpSession}: the AUTH
 * line, the 334 continuations, the client's responses, and one {@link AuthAttempt} per exchange
 * when it ends. With the server not visible, how many responses follow is inferred from the
 * mechanism. Responses are redacted wherever they would appear as evidence.
 */
final class AuthHandler {

    private static final int CODE_AUTH_OK = 235;
    private static final int CODE_AUTH_CONTINUE = 334;

    private final SmtpSession session;
    private final ReplyAssembler reply;
    private final PendingCommands pending;
    private final int maxResponseBytes;

    /** The open exchange, or null. */
    private SaslExchange exchange;
    private long nextExchangeId;
    /**
     * With the server not visible: responses the mechanism still expects, -1 when unknown
     * (multi-round mechanisms).
     */
    private int saslResponsesExpected;

    AuthHandler(SmtpSession session, ReplyAssembler reply, PendingCommands pending,
                int maxResponseBytes) {
        this.session = session;
        this.reply = reply;
        this.pending = pending;
        this.maxResponseBytes = maxResponseBytes;
    }

    boolean exchangeOpen() {
        return exchange != null;
    }

    /** RFC 4954 §4: "AUTH mechanism [initial-response]"; a bare AUTH is no exchange. */
    void onAuthCommand(CommandLine cmd) {
        Line line = cmd.line();
        int mechanismStart = cmd.argumentStart();
        int mechanismEnd = cmd.wordEnd(mechanismStart);
        if (mechanismEnd == mechanismStart) {
            session.enqueue(SmtpVerb.AUTH, line, -1);
            return;
        }
        if (exchange != null) {
            // An earlier exchange never got its final reply.
            finish(false);
        }
        String mechanism = new String(line.bytes(), mechanismStart, mechanismEnd - mechanismStart,
                StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        exchange = new SaslExchange(nextExchangeId++, mechanism, line.frame(), line.timeMicros(),
                session.tlsConfirmed(), maxResponseBytes);
        int responseStart = cmd.skipBlanks(mechanismEnd);
        int responseEnd = cmd.argumentEnd();
        exchange.appendEvidence(commandEvidence(cmd));
        boolean initial = responseEnd > responseStart;
        if (initial) {
            addResponse(line.bytes(), responseStart, responseEnd, line, true);
        }
        session.enqueue(SmtpVerb.AUTH, line, exchange.id());
        if (!session.serverSeen()) {
            int expected = exchange.mechanism().clientResponses();
            saslResponsesExpected = expected < 0 ? -1 : Math.max(0, expected - (initial ? 1 : 0));
            session.enter(saslResponsesExpected == 0
                    ? SmtpState.COMMAND : SmtpState.SASL_RESPONSE);
        }
    }

    /** A client line in {@link SmtpState#SASL_RESPONSE}: a response, or a command ending it. */
    void onResponseLine(Line line, CommandLine command) {
        if (exchange == null) {
            session.enter(SmtpState.COMMAND);
            session.onCommand(command.wrap(line));
            return;
        }
        if (!session.serverSeen() && saslResponsesExpected < 0
                && command.wrap(line).verb() != SmtpVerb.UNKNOWN) {
            // Server not visible, mechanism of unknown length: a command ends the exchange.
            session.enter(SmtpState.COMMAND);
            session.onCommand(command);
            return;
        }
        int end = dataEnd(line);
        exchange.appendEvidence(SaslExchange.redactedLine(line.bytes(), 0, end, line.rawLength()));
        addResponse(line.bytes(), 0, end, line, false);
        if (session.serverSeen() || exchange.cancelled()) {
            session.enter(SmtpState.COMMAND);
        } else {
            if (saslResponsesExpected > 0) {
                saslResponsesExpected--;
            }
            session.enter(saslResponsesExpected == 0
                    ? SmtpState.COMMAND : SmtpState.SASL_RESPONSE);
        }
    }

    /** Any client command other than AUTH, before it is handled. */
    void beforeOtherCommand() {
        if (exchange != null && !session.serverSeen()) {
            // The client moved on and no server reply is visible to end the exchange.
            finish(false);
        }
    }

    /** RFC 4954 §4: 334 asks for a response; any other reply ends the exchange. */
    void onAuthReply(PendingCommands.Entry entry) {
        boolean current = exchange != null && entry.exchange == exchange.id();
        if (reply.code() == CODE_AUTH_CONTINUE) {
            if (current && session.state() == SmtpState.COMMAND) {
                session.enter(SmtpState.SASL_RESPONSE);
            }
            return;
        }
        pending.removeOldest();
        if (current) {
            finish(true);
        }
    }

    /** A pending command is dropped unanswered: if it opened the current exchange, that ends. */
    void onPendingDropped(PendingCommands.Entry entry) {
        if (entry.verb == SmtpVerb.AUTH && exchange != null && entry.exchange == exchange.id()) {
            finish(false);
        }
    }

    void onClose() {
        if (exchange != null) {
            finish(false);
        }
    }

    /** A command line as evidence, with any SASL data redacted. */
    String commandEvidence(CommandLine cmd) {
        Line line = cmd.line();
        if (cmd.verb() == SmtpVerb.UNKNOWN && exchange != null) {
            // While an exchange is open, an unknown "command" may be a SASL response whose 334
            // challenge was not seen: shown redacted, like one.
            return SaslExchange.redactedLine(line.bytes(), 0, cmd.argumentEnd(), line.rawLength());
        }
        if (cmd.verb() != SmtpVerb.AUTH) {
            return EvidenceText.escape(line.bytes(), 0, line.rawLength());
        }
        int responseStart = cmd.skipBlanks(cmd.wordEnd(cmd.argumentStart()));
        return SaslExchange.redactedLine(line.bytes(), responseStart, cmd.argumentEnd(),
                line.rawLength());
    }

    /** A SASL response line as evidence: its data redacted. */
    static String responseEvidence(Line line) {
        return SaslExchange.redactedLine(line.bytes(), 0, line.length(), line.rawLength());
    }

    private void addResponse(byte[] bytes, int from, int to, Line line, boolean initial) {
        switch (exchange.addResponse(bytes, from, to, line.frame(), line.timeMicros(), initial)) {
            case NOT_BASE64 -> session.anomaly("bad-sasl-base64", line.frame(), line.timeMicros(),
                    exchange.mechanismName() + " response " + EvidenceText.redacted(to - from));
            case TOO_LONG -> session.anomaly("sasl-response-too-long", line.frame(),
                    line.timeMicros(),
                    exchange.mechanismName() + " response " + EvidenceText.redacted(to - from));
            default -> {
            }
        }
    }

    private void finish(boolean withReply) {
        SaslExchange done = exchange;
        exchange = null;
        if (session.state() == SmtpState.SASL_RESPONSE) {
            session.enter(SmtpState.COMMAND);
        }
        AuthAttempt.Outcome outcome = AuthAttempt.Outcome.UNKNOWN;
        String code = null;
        if (withReply) {
            code = reply.codeText();
            if (reply.code() == CODE_AUTH_OK) {
                outcome = AuthAttempt.Outcome.ACCEPTED;
            } else if (reply.code() >= 400 && reply.code() < 600) {
                outcome = AuthAttempt.Outcome.REJECTED;
            }
        }
        session.emit(new AuthAttempt(session.info(), done.credentialFrame(),
                done.credentialTimeMicros(), done.mechanismName(), done.username(),
                done.mechanism().credentials(done.dataResponses()), outcome, code,
                done.commandFrame(), done.inTls(), done.evidence()));
    }

    /** The end of a SASL response's data: trailing blanks are not base64. */
    private static int dataEnd(Line line) {
        int end = line.length();
        while (end > 0 && CommandLine.isBlank(line.byteAt(end - 1))) {
            end--;
        }
        return end;
    }
}
