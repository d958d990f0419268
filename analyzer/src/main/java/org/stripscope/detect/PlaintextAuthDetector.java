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
 * The protocols' own commands follow the same rule: IMAP LOGIN and POP3 USER/PASS send the
 * password readable (high; USER alone is medium), POP3 APOP sends an MD5 digest over the
 * server's timestamp (RFC 1939 §7: challenge-response, low).
 *
 * <p>The detail names what became of STARTTLS (STLS for POP3) in the session and, for IMAP,
 * whether the server had advertised LOGINDISABLED, which the client ignored.
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
        // The mechanism is raw protocol text (ISO-8859-1): escaped like evidence.
        sb.append(EvidenceText.escape(auth.mechanism())).append(" outside TLS");
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
        if (facts.loginDisabledFrame() != 0) {
            // RFC 9051 §6.2.3: with LOGINDISABLED advertised the client must not send LOGIN.
            sb.append("; the server advertised LOGINDISABLED (frame ").append(facts.loginDisabledFrame())
                    .append(auth.mechanism().equals("LOGIN") && !isSasl(auth)
                            ? "), the client sent LOGIN anyway" : "), the client authenticated in plaintext anyway");
        }
        return sb.toString();
    }

    /** Whether an IMAP exchange was AUTHENTICATE (SASL) rather than the LOGIN command. */
    private static boolean isSasl(AuthAttempt auth) {
        return auth.evidence().toUpperCase(java.util.Locale.ROOT).contains("AUTHENTICATE");
    }

    private static String tlsStory(SessionFacts facts) {
        long f = facts.tlsStoryFrame();
        String k = StartTlsKeyword.of(facts.session().protocol());
        return switch (facts.tlsStory()) {
            case UNKNOWN -> "no capability list seen";
            case NOT_OFFERED -> k + " not offered (frame " + f + ")";
            case OFFERED -> k + " offered (frame " + f + ") but not used";
            case MANGLED -> k + " masked on the path (frame " + f + ")";
            case REFUSED -> k + " refused with " + facts.tlsStoryCode() + " (frame " + f + ")";
            case ACCEPTED_NO_HANDSHAKE -> k + " accepted but no TLS handshake followed (frame " + f + ")";
            case TLS -> "TLS had started (frame " + f + ")";
        };
    }
}
