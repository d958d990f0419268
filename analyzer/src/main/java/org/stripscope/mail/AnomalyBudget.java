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
}
