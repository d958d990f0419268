package org.stripscope.report;

import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.ProtocolAnomaly;

/** Counts the anomalies and gaps that sessions report, by protocol and reason, then passes events on. */
public final class AnomalyCounter implements MailEventSink {

    private final RunSummary summary;
    private final MailEventSink next;

    public AnomalyCounter(RunSummary summary, MailEventSink next) {
        this.summary = summary;
        this.next = next;
    }

    @Override
    public void accept(MailEvent event) {
        if (event instanceof ProtocolAnomaly anomaly) {
            summary.anomaly(anomaly.session().protocol().label(), anomaly.reason(), 1);
        } else if (event instanceof Gap gap) {
            summary.anomaly(gap.session().protocol().label(), gap.fromClient() ? "gap-client" : "gap-server", 1);
        }
        next.accept(event);
    }
}
