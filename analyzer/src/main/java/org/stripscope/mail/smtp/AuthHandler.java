package org.stripscope.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.SaslBase64;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.event.AuthAttempt;

/**
 * The AUTH command and its SASL exchange (RFC 4954 §4) within an {@link SmtpSession}: the AUTH
 * line, the 334 continuations, the client's responses, and one {@link AuthAttempt} per exchange
 * when it ends. With the server not visible, how many responses follow is inferred from the
 * mechanism. Responses are redacted wherever they would appear as evidence.
 *
 * <p>Lost bytes: each response answers one challenge in order, so while the client stream is
 * whole the n-th response seen answers the n-th 334, and only the one known to answer the first
 * (or the initial response) is decoded for a user name. After lost client bytes nothing more is
 * decoded, and any later response counts as the mechanism's secret (a LOGIN password would
 * otherwise be read as the user). After lost server bytes, 334s may be missing: the client's
 * lines are still taken as responses, not commands.
 */
final class AuthHandler {

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
    /** Responses taken before the 334 they answer was seen: that many 334s are already answered. */
    private int responsesAhead;
    /** Server bytes were lost while the exchange was open: a 334 may be among them. */
    private boolean serverGapInExchange;

    AuthHandler(SmtpSession session, ReplyAssembler reply, PendingCommands pending,
                int maxResponseBytes) {
        this.session = session;
        this.reply = reply;
        this.pending = pending;
        this.maxResponseBytes = maxResponseBytes;
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
        responsesAhead = 0;
        serverGapInExchange = false;
        int responseStart = cmd.skipBlanks(mechanismEnd);
        int responseEnd = cmd.argumentEnd();
        exchange.appendEvidence(commandEvidence(cmd));
        boolean initial = responseEnd > responseStart;
        if (initial) {
            report(exchange.addInitialResponse(line.bytes(), responseStart, responseEnd,
                    line.truncated(), line.frame(), line.timeMicros()),
                    line, responseEnd - responseStart);
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
        addResponse(line);
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

    /**
     * A client line in {@link SmtpState#COMMAND} while the server is visible and an exchange
     * awaits its final reply: a response whose 334 challenge has not been seen (lost in a server
     * gap, or not captured yet) rather than a command. After AUTH a client sends nothing but
     * responses until the final reply (RFC 4954 §4), so a line that is no known verb and reads as
     * base64 or "*" is one; after a server gap in the exchange, any line that is no known verb
     * is. Taken as a response, it is redacted and counted, and not queued for a reply it will
     * never get.
     *
     * @return true when the line was taken as a response
     */
    boolean takeUnchallengedResponse(CommandLine cmd) {
        if (exchange == null || !session.serverSeen() || cmd.verb() != SmtpVerb.UNKNOWN) {
            return false;
        }
        Line line = cmd.line();
        int end = cmd.argumentEnd();
        if (!serverGapInExchange && !SaslBase64.isResponse(line.bytes(), 0, end)) {
            return false;
        }
        addResponse(line);
        if (responsesAhead < Integer.MAX_VALUE) {
            responsesAhead++;
        }
        return true;
    }

    /** Lost client bytes: which challenge any later response answers is no longer known. */
    void onClientGap() {
        if (exchange == null) {
            return;
        }
        exchange.lostPositions();
        if (!session.serverSeen() && saslResponsesExpected > 0) {
            // Responses may have been lost with the bytes: a known verb ends the exchange.
            saslResponsesExpected = -1;
        }
    }

    /** Lost server bytes: a 334 may be among them, so the client's next lines may be responses. */
    void onServerGap() {
        if (exchange != null) {
            serverGapInExchange = true;
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
        if (reply.code() == SmtpReplyCode.AUTH_CONTINUE) {
            if (current && responsesAhead > 0) {
                // The response to this challenge came before it.
                responsesAhead--;
            } else if (current && session.state() == SmtpState.COMMAND) {
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

    /** A whole client line as one response: its data redacted in the evidence. */
    private void addResponse(Line line) {
        int end = CommandLine.contentEnd(line);
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
            if (reply.code() == SmtpReplyCode.AUTH_OK) {
                outcome = AuthAttempt.Outcome.ACCEPTED;
            } else if (reply.code() >= 400 && reply.code() < 600) {
                outcome = AuthAttempt.Outcome.REJECTED;
            }
        }
        session.emit(new AuthAttempt(session.info(), done.credentialFrame(),
                done.credentialTimeMicros(), done.mechanismName(), done.username(),
                done.credentials(), outcome, code,
                done.commandFrame(), done.inTls(), done.evidence()));
    }
}
