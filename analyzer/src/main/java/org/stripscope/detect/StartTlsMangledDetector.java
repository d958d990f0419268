package org.stripscope.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.LineStamp;
import org.stripscope.mail.event.MailEvent;

/**
 * {@code starttls-mangled}: a plaintext capability list lacks the STARTTLS keyword and holds, in
 * its place, a keyword of the same length that was overwritten (see {@link MaskedKeyword}). One
 * finding per such keyword.
 *
 * <p>Severity: high when the alteration points at STARTTLS: a partly masked or misspelt STARTTLS,
 * the reply's only mask (ASA masking STARTTLS alone), or a mask where no other keyword of that
 * length is missing. Medium when the middlebox masked several keywords and another keyword of the
 * same length is absent too, so the mask may hide that one instead (the detail names the
 * candidates), and for same-length garbage.
 */
public final class StartTlsMangledDetector implements Detector {

    /** Standard SMTP keywords with the length of STARTTLS: a mask of 8 could hide them too. */
    private static final List<String> SMTP_SAME_LENGTH = List.of("CHUNKING", "8BITMIME", "SMTPUTF8");

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof CapabilitiesSeen caps) || caps.inTls() || SessionFacts.offersStartTls(caps)) {
            return;
        }
        String target = StartTlsKeyword.of(caps.session().protocol());
        List<String> allMasks = MaskedKeyword.asaMasks(caps.keywords());
        for (int i = 0; i < caps.keywords().size(); i++) {
            String keyword = caps.keywords().get(i);
            MaskedKeyword.Kind kind = MaskedKeyword.classify(keyword, target);
            if (kind == null) {
                continue;
            }
            // The packet holding the altered line, which may precede the reply's last one.
            LineStamp stamp = caps.lineStamps().get(i);
            List<String> alternatives = alternatives(caps, kind);
            Severity severity = kind == MaskedKeyword.Kind.GARBAGE
                    || (!alternatives.isEmpty() && allMasks.size() > 1) ? Severity.MEDIUM : Severity.HIGH;
            facts.markMangled(caps.frame());
            findings.accept(new Finding(caps.session(), stamp.frame(), stamp.timeMicros(),
                    FindingCode.STARTTLS_MANGLED, severity, caps.evidence(),
                    detail(keyword, kind, target, allMasks, alternatives, caps)));
        }
    }

    /** Keywords of the target's length that a blanket mask could hide instead, absent from the list. */
    private static List<String> alternatives(CapabilitiesSeen caps, MaskedKeyword.Kind kind) {
        if (caps.session().protocol() != Protocol.SMTP
                || (kind != MaskedKeyword.Kind.ASA_MASK && kind != MaskedKeyword.Kind.ALL_X)) {
            return List.of();
        }
        List<String> absent = new ArrayList<>();
        for (String candidate : SMTP_SAME_LENGTH) {
            boolean listed = caps.keywords().stream().anyMatch(candidate::equalsIgnoreCase);
            if (!listed) {
                absent.add(candidate);
            }
        }
        return absent;
    }

    private static String detail(String keyword, MaskedKeyword.Kind kind, String target,
                                 List<String> allMasks, List<String> alternatives, CapabilitiesSeen caps) {
        String shown = org.stripscope.mail.EvidenceText.escape(keyword);
        StringBuilder sb = new StringBuilder();
        String reply = caps.command() == null ? "capability list" : caps.command().toUpperCase(Locale.ROOT) + " reply";
        switch (kind) {
            case ASA_MASK -> sb.append(reply).append(" keyword ").append(shown)
                    .append(" is the Cisco ASA/PIX ESMTP-inspection mask (X-filled, sequence letter ")
                    .append(keyword.charAt(keyword.length() - 1)).append(": masked keyword #")
                    .append(MaskedKeyword.sequence(keyword)).append(" in this reply)");
            case ALL_X -> sb.append(reply).append(" keyword ").append(shown)
                    .append(" is an all-X mask as written by some Cisco ASA/PIX versions");
            case ALTERED -> sb.append(reply).append(" keyword ").append(shown)
                    .append(" is ").append(target).append(" with characters overwritten");
            case GARBAGE -> sb.append(reply).append(" keyword ").append(shown)
                    .append(" is not a keyword (no letters or digits, or control bytes)");
        }
        sb.append("; it has the ").append(target.length()).append(" characters of ").append(target)
                .append(", which the list lacks");
        if (allMasks.size() > 1) {
            sb.append("; the reply holds ").append(allMasks.size()).append(" masked keywords");
        }
        if (!alternatives.isEmpty()) {
            sb.append(allMasks.size() > 1 ? ", so it may instead hide " : "; it may instead hide ")
                    .append(String.join(" or ", alternatives)).append(", also absent");
        }
        if (caps.afterGap()) {
            sb.append("; bytes were lost before this reply");
        }
        if (caps.firstFrame() != caps.frame()) {
            sb.append("; reply spans frames ").append(caps.firstFrame()).append('-').append(caps.frame());
        }
        return sb.toString();
    }
}
