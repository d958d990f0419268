package org.stripscope.detect;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.MailEvent;

/**
 * {@code plaintext-auth}: an authentication exchange took place while the session was not in
 * TLS, so everyone on the path could read it. The detail gives the mechanism, the user name and
 * what became of STARTTLS in the session; the secret itself never reaches a finding.
 *
 * <p>Severity by what was exposed: high for a password or bearer token (PLAIN, LOGIN, XOAUTH2,
 * OAUTHBEARER), medium for a user name alone or data of an unknown mechanism, low for a
 * challenge-response proof (CRAM-MD5, DIGEST-MD5, NTLM, SCRAM: no reusable password, though open
 * to offline guessing), info when the client named a mechanism but sent no credentials. An
 * exchange known only from the server's success reply (client side not captured) is medium.
 */
public final class PlaintextAuthDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof AuthAttempt auth) || auth.inTls()) {
            return;
        }
        findings.accept(new Finding(auth.session(), auth.frame(), auth.timeMicros(),
                FindingCode.PLAINTEXT_AUTH, severity(auth.credentials()), auth.evidence(), detail(auth, facts)));
    }

    static Severity severity(AuthAttempt.Credentials credentials) {
        return switch (credentials) {
            case CLEARTEXT_SECRET -> Severity.HIGH;
            case USERNAME_ONLY, UNKNOWN, NOT_CAPTURED -> Severity.MEDIUM;
            case CHALLENGE_RESPONSE -> Severity.LOW;
            case NONE -> Severity.INFO;
        };
    }

    private static String detail(AuthAttempt auth, SessionFacts facts) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(auth.mechanism()).append(" outside TLS");
        if (auth.username() != null) {
            sb.append(", user ").append(EvidenceText.escape(auth.username()));
        }
        sb.append(switch (auth.credentials()) {
            case CLEARTEXT_SECRET -> ", password or token sent readable";
            case USERNAME_ONLY -> ", only the user name sent";
            case CHALLENGE_RESPONSE -> ", challenge-response (no reusable password)";
            case UNKNOWN -> ", credentials of an unknown mechanism sent";
            case NONE -> ", no credentials sent";
            case NOT_CAPTURED -> ": the client's lines are not in the capture, the server's reply shows credentials were sent";
        });
        sb.append(switch (auth.outcome()) {
            case ACCEPTED -> "; accepted (" + auth.outcomeCode() + ")";
            case REJECTED -> "; rejected (" + auth.outcomeCode() + ")";
            case UNKNOWN -> "; server reply not seen";
        });
        if (auth.commandFrame() != auth.frame()) {
            sb.append("; exchange began in frame ").append(auth.commandFrame());
        }
        sb.append("; ").append(tlsStory(facts));
        return sb.toString();
    }

    private static String tlsStory(SessionFacts facts) {
        long f = facts.tlsStoryFrame();
        return switch (facts.tlsStory()) {
            case UNKNOWN -> "no capability list seen";
            case NOT_OFFERED -> "STARTTLS not offered (frame " + f + ")";
            case OFFERED -> "STARTTLS offered (frame " + f + ") but not used";
            case MANGLED -> "STARTTLS masked on the path (frame " + f + ")";
            case REFUSED -> "STARTTLS refused with " + facts.tlsStoryCode() + " (frame " + f + ")";
            case ACCEPTED_NO_HANDSHAKE -> "STARTTLS accepted but no TLS handshake followed (frame " + f + ")";
            case TLS -> "TLS had started (frame " + f + ")";
        };
    }
}
