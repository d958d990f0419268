package org.stripscope.detect;

/**
 * The documented finding codes. They are API: scripts filter on them, so a code is never renamed
 * or reused. docs/findings.md has a paragraph for each: what it means, how it looks on the wire,
 * what else can cause it and how its severity is chosen.
 */
public enum FindingCode {
    /**
     * The server's capability list carries a STARTTLS keyword that was altered on the path, such
     * as the Cisco ASA/PIX ESMTP-inspection mask {@code XXXXXXXA}.
     */
    STARTTLS_MANGLED("starttls-mangled"),
    /** Credentials were sent while the session was not protected by TLS. */
    PLAINTEXT_AUTH("plaintext-auth"),
    /**
     * A capability list lacks STARTTLS/STLS although the same server offered it in another
     * session of the same run.
     */
    STARTTLS_STRIPPED("starttls-stripped"),
    /**
     * The client's STARTTLS/STLS reached the server altered (e.g. {@code XXXXXXXX}), or the
     * server answered it as an unknown command although it offered STARTTLS.
     */
    STARTTLS_COMMAND_MANGLED("starttls-command-mangled"),
    /** STARTTLS/STLS was answered with an error. */
    STARTTLS_REJECTED("starttls-rejected"),
    /** STARTTLS/STLS was accepted but the next client bytes were not a TLS handshake. */
    STARTTLS_NO_HANDSHAKE("starttls-no-handshake"),
    /** Plaintext bytes crossed the STARTTLS exchange before TLS began (CVE-2011-0411 class). */
    STARTTLS_INJECTION("starttls-injection"),
    /** The greeting was obfuscated with asterisks, as inspecting firewalls do. */
    BANNER_MASKED("banner-masked"),
    /** A mail protocol was spoken in plaintext on an implicit-TLS port (465, 993, 995). */
    IMPLICIT_TLS_PLAINTEXT("implicit-tls-plaintext"),
    /**
     * A TLS handshake failed and the same client then reached the same server in plaintext,
     * with mail or credentials.
     */
    TLS_FALLBACK("tls-fallback");

    private final String code;

    FindingCode(String code) {
        this.code = code;
    }

    /** The code as written in the CSV's finding column. */
    public String code() {
        return code;
    }
}
