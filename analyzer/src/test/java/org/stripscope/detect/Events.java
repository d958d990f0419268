package org.stripscope.detect;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.Greeting;
import org.stripscope.mail.event.LineStamp;
import org.stripscope.mail.event.PacketTraits;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.SessionOpened;
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

    // Events of any session, for the cross-session detectors and the other protocols.

    static SessionInfo session(long id, Protocol protocol, String clientIp, String serverIp, int port) {
        return new SessionInfo("t.pcap", id, protocol, clientIp, 40000 + (int) id, serverIp, port, true);
    }

    static SessionInfo smtp(long id, String clientIp) {
        return session(id, Protocol.SMTP, clientIp, "198.51.100.25", 25);
    }

    static SessionInfo imap(long id) {
        return session(id, Protocol.IMAP, "192.0.2.10", "198.51.100.143", 143);
    }

    static SessionInfo pop3(long id) {
        return session(id, Protocol.POP3, "192.0.2.10", "198.51.100.110", 110);
    }

    static SessionOpened opened(SessionInfo s, long frame) {
        return new SessionOpened(s, frame, 1_000_000L * frame);
    }

    static Greeting greeting(SessionInfo s, long frame, String code, String text) {
        return new Greeting(s, frame, 1_000_000L * frame, code, text, code + " " + text + "\\r\\n");
    }

    /** A capability list of any session; command null for an IMAP greeting or response code. */
    static CapabilitiesSeen caps(SessionInfo s, long frame, String command, String... keywords) {
        return caps(s, frame, command, false, keywords);
    }

    static CapabilitiesSeen caps(SessionInfo s, long frame, String command, boolean afterGap, String... keywords) {
        List<String> k = Arrays.asList(keywords);
        return new CapabilitiesSeen(s, frame, 1_000_000L * frame, command, k, k,
                Collections.nCopies(k.size(), new LineStamp(frame, 1_000_000L * frame)), frame, false, afterGap,
                String.join(" ", k));
    }

    static AuthAttempt auth(SessionInfo s, long frame, String mech, AuthAttempt.Credentials creds,
                            AuthAttempt.Outcome outcome, String evidence) {
        return new AuthAttempt(s, frame, 1_000_000L * frame, mech, "alice", creds, outcome,
                outcome == AuthAttempt.Outcome.ACCEPTED ? "OK" : outcome == AuthAttempt.Outcome.REJECTED ? "NO" : "",
                frame, false, evidence);
    }

    static StartTlsReplied replied(SessionInfo s, long frame, boolean accepted, String code, String evidence) {
        return new StartTlsReplied(s, frame, 1_000_000L * frame, accepted, code, evidence);
    }

    static StartTlsReplied replied(SessionInfo s, long frame, boolean accepted, String code, String evidence,
                                   PacketTraits reply, PacketTraits... earlier) {
        return new StartTlsReplied(s, frame, 1_000_000L * frame, accepted, code, evidence, reply, List.of(earlier));
    }

    static PacketTraits traits(long frame, int ttl, int ipId, String options) {
        return new PacketTraits(frame, ttl, ipId, options);
    }

    static SessionClosed closed(SessionInfo s, long frame) {
        return new SessionClosed(s, frame, 1_000_000L * frame, "fin", "COMMAND");
    }
}
