package org.stripscope.detect;

/**
 * The documented finding codes. They are API: scripts filter on them, so a code is never renamed
 * or reused. README.md has a paragraph for each.
 */
public enum FindingCode {
    /**
     * The server's capability list carries a STARTTLS keyword that was altered on the path, such
     * as the Cisco ASA/PIX ESMTP-inspection mask {@code XXXXXXXA}.
     */
    STARTTLS_MANGLED("starttls-mangled"),
    /** Credentials were sent while the session was not protected by TLS. */
    PLAINTEXT_AUTH("plaintext-auth");

    private final String code;

    FindingCode(String code) {
        this.code = code;
    }

    /** The code as written in the CSV's finding column. */
    public String code() {
        return code;
    }
}
