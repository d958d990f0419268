package org.stripscope.mail;

import org.stripscope.mail.event.ProtocolAnomaly;

/**
 * The protocol anomalies of one session. Each is said as a {@link ProtocolAnomaly}; once a
 * session has said as many as its limit allows, it is not what its port says (or is hostile),
 * "parser-gave-up" is said and the session stops parsing. A resource limit of the parser (a
 * pipeline longer than the queue of pending commands) is said the same way but spends nothing:
 * a long pipeline must not make the parser give up before the AUTH or LOGIN after it.
 */
public final class AnomalyBudget {

    private final SessionInfo info;
    private final MailEventSink sink;
    private final int limit;
    private int spent;

    public AnomalyBudget(SessionInfo info, MailEventSink sink, int limit) {
        this.info = info;
        this.sink = sink;
        this.limit = limit;
    }

    /**
     * Says an anomaly.
     *
     * @return true when it used up the budget ("parser-gave-up" was said): the session stops parsing
     */
    public boolean spend(String reason, long frame, long timeMicros, String evidence) {
        spent++;
        sink.accept(new ProtocolAnomaly(info, frame, timeMicros, reason, evidence));
        if (spent >= limit) {
            sink.accept(new ProtocolAnomaly(info, frame, timeMicros, "parser-gave-up", spent + " anomalies"));
            return true;
        }
        return false;
    }

    /** Says that a resource limit of the parser was reached, without spending the budget. */
    public void limitReached(String reason, long frame, long timeMicros, String evidence) {
        sink.accept(new ProtocolAnomaly(info, frame, timeMicros, reason, evidence));
    }

    /**
     * A one-sided capture (asymmetric routing, a capture point that sees one way only) cannot be
     * judged on what the other side said: whether STARTTLS or STLS was offered, whether a login
     * was accepted. Said once, at the close, whatever the state, and spending nothing.
     */
    public void reportMissingDirection(long clientBytes, long serverBytes, long frame, long timeMicros) {
        if (clientBytes > 0 && serverBytes == 0) {
            sink.accept(new ProtocolAnomaly(info, frame, timeMicros, "server-direction-not-captured",
                    "client " + clientBytes + " bytes, server none"));
        } else if (serverBytes > 0 && clientBytes == 0) {
            sink.accept(new ProtocolAnomaly(info, frame, timeMicros, "client-direction-not-captured",
                    "server " + serverBytes + " bytes, client none"));
        }
    }
}
