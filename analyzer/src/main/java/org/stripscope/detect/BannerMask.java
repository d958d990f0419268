package org.stripscope.detect;

/**
 * Recognises a greeting rewritten by a firewall. Cisco ASA/PIX ESMTP inspection obfuscates the
 * server's banner ("banner obfuscation", on by default in older versions): every character
 * except the digits 2 and 0 and spaces becomes an asterisk, so that "220 mx.example.net ESMTP
 * Postfix" reaches the client as "220 *****************************2*0*0*****".
 */
final class BannerMask {

    /** The shortest run of asterisks taken as a mask: shorter runs occur in real banners. */
    static final int MIN_RUN = 8;

    private BannerMask() {
    }

    /** Whether the greeting text has a run of at least {@link #MIN_RUN} asterisks and no letters. */
    static boolean isMasked(String text) {
        int run = 0;
        int longest = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                return false;
            }
            run = c == '*' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest >= MIN_RUN;
    }
}
