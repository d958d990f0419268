package org.stripscope.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognises capability keywords that were overwritten on the path.
 *
 * <p>Cisco ASA/PIX ESMTP inspection ("inspect esmtp", "match ehlo-reply-parameter ... mask")
 * overwrites a keyword in place, keeping its length so the TCP segment stays the same size: every
 * character becomes {@code X} except the last, which is a sequence letter counting up per masked
 * keyword in the reply ({@code XXXXXXXA}, then {@code XXXXXXXB}, ...). Some versions leave all
 * {@code X} ({@code XXXXXXXX}). The letter therefore says how many keywords were masked before
 * this one, and the length says which keywords it can have been.
 */
public final class MaskedKeyword {

    /** How a keyword was recognised as altered. */
    public enum Kind {
        /** {@code X...X} plus a sequence letter: the ASA/PIX mask. */
        ASA_MASK,
        /** Only {@code X}: the ASA/PIX mask of versions without the sequence letter. */
        ALL_X,
        /** The target keyword with some characters replaced by mask characters or changed. */
        ALTERED,
        /** Same length as the target, but no letters or digits at all, or control bytes. */
        GARBAGE
    }

    private MaskedKeyword() {
    }

    /** Mask characters seen from middleboxes besides X: asterisks, hashes, NUL, question marks. */
    private static final String MASK_CHARS = "Xx*#?\0";

    /**
     * Every keyword of a capability list that carries the ASA mask pattern, of any length, in
     * list order: they show a masking middlebox even where STARTTLS is not concerned.
     */
    public static List<String> asaMasks(List<String> keywords) {
        List<String> masks = new ArrayList<>();
        for (String k : keywords) {
            Kind kind = asaKind(k);
            if (kind != null) {
                masks.add(k);
            }
        }
        return masks;
    }

    /**
     * Classifies a keyword that stands where {@code target} could be: same length, not the target
     * itself (case-insensitive), and altered in a recognisable way.
     *
     * @return the kind, or null when the keyword is an ordinary keyword
     */
    public static Kind classify(String keyword, String target) {
        if (keyword.length() != target.length() || keyword.equalsIgnoreCase(target)) {
            return null;
        }
        Kind asa = asaKind(keyword);
        if (asa != null) {
            return asa;
        }
        int changed = 0;
        int masked = 0;
        boolean anyAlnum = false;
        boolean anyControl = false;
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            anyAlnum |= (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            anyControl |= c < 0x20 || c >= 0x7f;
            if (Character.toUpperCase(c) == target.charAt(i)) {
                continue;
            }
            changed++;
            if (MASK_CHARS.indexOf(c) >= 0) {
                masked++;
            }
        }
        // Partly masked ("STARTXXX", "****TTLS") or one or two characters changed ("STARTTLZ").
        if (changed == masked || changed <= 2) {
            return Kind.ALTERED;
        }
        if (!anyAlnum || anyControl) {
            return Kind.GARBAGE;
        }
        return null;
    }

    /** The 1-based position of an ASA mask among the reply's masked keywords (A = 1), or 0. */
    public static int sequence(String token) {
        if (asaKind(token) != Kind.ASA_MASK) {
            return 0;
        }
        return token.charAt(token.length() - 1) - 'A' + 1;
    }

    private static Kind asaKind(String k) {
        if (k.length() < 2) {
            return null;
        }
        for (int i = 0; i < k.length() - 1; i++) {
            if (k.charAt(i) != 'X') {
                return null;
            }
        }
        char last = k.charAt(k.length() - 1);
        if (last == 'X') {
            return Kind.ALL_X;
        }
        return last >= 'A' && last <= 'Z' ? Kind.ASA_MASK : null;
    }
}
