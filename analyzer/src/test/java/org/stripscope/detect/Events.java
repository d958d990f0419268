package org.stripscope.detect;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.LineStamp;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.StartTlsReplied;

/** Hand-written events for detector tests: no pcap, no parser. */
final class Events {

    static final SessionInfo SMTP = new SessionInfo("t.pcap", 7, Protocol.SMTP,
            "192.0.2.10", 40000, "198.51.100.25", 25, true);

    private Events() {
    }

    /** An EHLO reply whose capability lines are the given keywords. */
    static CapabilitiesSeen ehloReply(long frame, String... keywords) {
        List<String> k = Arrays.asList(keywords);
        return new CapabilitiesSeen(SMTP, frame, 1_000_000L * frame, "EHLO", k, k,
                Collections.nCopies(k.size(), new LineStamp(frame, 1_000_000L * frame)), frame, false, false,
                "250-mx.example.net\\r\\n" + String.join("\\r\\n", k));
    }

    /** An EHLO reply whose capability lines came in the given frames, one per keyword. */
    static CapabilitiesSeen ehloReplyOverFrames(List<String> keywords, long... frames) {
        List<LineStamp> stamps = new java.util.ArrayList<>();
        for (long f : frames) {
            stamps.add(new LineStamp(f, 1_000_000L * f));
        }
        long last = frames[frames.length - 1];
        return new CapabilitiesSeen(SMTP, last, 1_000_000L * last, "EHLO", keywords, keywords, stamps, frames[0],
                false, false, "250-mx.example.net\\r\\n...");
    }

    static CapabilitiesSeen ehloReplyInTls(long frame, String... keywords) {
        List<String> k = Arrays.asList(keywords);
        return new CapabilitiesSeen(SMTP, frame, 0, "EHLO", k, k,
                Collections.nCopies(k.size(), new LineStamp(frame, 0)), frame, true, false, "x");
    }

    static AuthAttempt auth(long frame, String mech, String user, AuthAttempt.Credentials creds,
                            AuthAttempt.Outcome outcome, boolean inTls) {
        return new AuthAttempt(SMTP, frame, 0, mech, user, creds, outcome,
                outcome == AuthAttempt.Outcome.ACCEPTED ? "235" : outcome == AuthAttempt.Outcome.REJECTED ? "535" : "",
                frame - 2, inTls, "AUTH " + mech + " <redacted 20 bytes>\\r\\n");
    }

    static StartTlsReplied startTlsRefused(long frame) {
        return new StartTlsReplied(SMTP, frame, 0, false, "454", "454 4.7.0 TLS not available\\r\\n");
    }

    static SessionClosed closed(long frame) {
        return new SessionClosed(SMTP, frame, 0, "fin", "COMMAND");
    }
}
