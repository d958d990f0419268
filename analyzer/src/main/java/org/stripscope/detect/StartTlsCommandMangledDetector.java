package org.stripscope.detect;

import org.stripscope.mail.Protocol;
import org.stripscope.mail.event.CommandMasked;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.StartTlsReplied;

/**
 * {@code starttls-command-mangled}: the client's STARTTLS/STLS did not reach the server as sent.
 * Two shapes:
 * <ul>
 *   <li>a masked command ({@link CommandMasked}) whose verb has the length of the protocol's
 *   STARTTLS keyword (8, or 4 for POP3 STLS): Cisco ASA ESMTP inspection overwrites commands it
 *   suppresses with X characters;</li>
 *   <li>STARTTLS answered as an unknown command ({@link UnknownCommandReply}) in a session whose
 *   capability list offered it (or showed it masked, which proves the server has it): the server
 *   cannot have failed to know a command it just announced, so the command was altered on the way.
 *   Such a reply is reported here instead of as starttls-rejected.</li>
 * </ul>
 *
 * <p>Severity high, except a masked verb that only has the right length in IMAP or POP3 (where
 * other commands share it: UNSELECT, GETQUOTA; USER, PASS, CAPA...) in a session whose list was
 * seen without STARTTLS/STLS or its mask: medium.
 */
public final class StartTlsCommandMangledDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (event instanceof CommandMasked masked) {
            masked(masked, facts, findings);
        } else if (event instanceof StartTlsReplied reply && answeredAsUnknown(reply, facts)) {
            unknown(reply, facts, findings);
        }
    }

    /**
     * Whether this reply is a command-mangled finding rather than a rejection. After login the
     * command is out of place (RFC 9051 §6.2.1, RFC 2595 §4: STARTTLS/STLS only before
     * authentication), so an error then is an ordinary refusal.
     */
    static boolean answeredAsUnknown(StartTlsReplied reply, SessionFacts facts) {
        return UnknownCommandReply.is(reply) && (facts.offeredStartTls() || facts.maskedStartTls())
                && !facts.authenticated();
    }

    private static void masked(CommandMasked masked, SessionFacts facts, FindingSink findings) {
        Protocol protocol = masked.session().protocol();
        String keyword = StartTlsKeyword.of(protocol);
        if (masked.verb().length() != keyword.length()) {
            return;
        }
        boolean serverHasIt = facts.offeredStartTls() || facts.maskedStartTls();
        boolean ambiguous = protocol != Protocol.SMTP && !serverHasIt && facts.tlsStory() == SessionFacts.TlsStory.NOT_OFFERED;
        StringBuilder sb = new StringBuilder(200);
        sb.append("client command ").append(masked.verb()).append(" has the ").append(keyword.length())
                .append(" letters of ").append(keyword)
                .append(", overwritten with X on the way to the server (as Cisco ASA inspection suppresses a command)");
        if (facts.offeredStartTls()) {
            sb.append("; the server offered ").append(keyword).append(" (frame ").append(facts.offeredFrame()).append(')');
        } else if (facts.maskedStartTls()) {
            sb.append("; ").append(keyword).append(" was masked in the capability list too (frame ")
                    .append(facts.maskedFrame()).append(')');
        } else if (ambiguous) {
            sb.append("; the capability list did not offer ").append(keyword)
                    .append(", so it may be another command of that length");
        }
        findings.accept(new Finding(masked.session(), masked.frame(), masked.timeMicros(),
                FindingCode.STARTTLS_COMMAND_MANGLED, ambiguous ? Severity.MEDIUM : Severity.HIGH,
                masked.evidence(), sb.toString()));
    }

    private static void unknown(StartTlsReplied reply, SessionFacts facts, FindingSink findings) {
        String keyword = StartTlsKeyword.of(reply.session().protocol());
        StringBuilder sb = new StringBuilder(200);
        sb.append(keyword).append(" answered ").append(reply.code()).append(" as an unknown command, although ");
        if (facts.offeredStartTls()) {
            sb.append("the server offered it (frame ").append(facts.offeredFrame()).append(')');
        } else {
            sb.append("the capability list showed it masked (frame ").append(facts.maskedFrame()).append(')');
        }
        sb.append(": the command was probably altered on the way to the server");
        String traits = ReplyTraits.differences(reply);
        if (!traits.isEmpty()) {
            sb.append("; the reply looks injected: ").append(traits);
        }
        findings.accept(new Finding(reply.session(), reply.frame(), reply.timeMicros(),
                FindingCode.STARTTLS_COMMAND_MANGLED, Severity.HIGH, reply.evidence(), sb.toString()));
    }
}
