package org.stripscope.mail;

import java.nio.charset.StandardCharsets;
import org.stripscope.mail.event.AuthAttempt.Credentials;

/**
 * What stripscope knows about each SASL mechanism: what its client responses reveal, how many a
 * client sends when the server's side is not visible, and where the user name sits in them.
 */
public enum SaslMechanism {
    /** RFC 4616: one response "authzid NUL authcid NUL passwd". */
    PLAIN(Credentials.CLEARTEXT_SECRET, 1) {
        @Override
        public String username(byte[] m) {
            int first = indexOf(m, 0, (byte) 0);
            int second = first < 0 ? -1 : indexOf(m, first + 1, (byte) 0);
            if (second < 0) {
                return null;
            }
            String authzid = latin1(m, 0, first);
            String authcid = latin1(m, first + 1, second - first - 1);
            return authzid.isEmpty() || authzid.equals(authcid)
                    ? authcid : authcid + " (authzid " + authzid + ")";
        }
    },
    /**
     * draft-murchison-sasl-login: the user name, then the password, each after a server challenge
     * (a 334 reply in SMTP, a "+" continuation in IMAP and POP3).
     */
    LOGIN(Credentials.CLEARTEXT_SECRET, 2) {
        @Override
        public String username(byte[] m) {
            return latin1(m, 0, m.length);
        }
    },
    /** Google's XOAUTH2: "user=U\x01auth=Bearer T\x01\x01"; the token is a reusable secret. */
    XOAUTH2(Credentials.CLEARTEXT_SECRET, 1) {
        @Override
        public String username(byte[] m) {
            return keyValue(m, "user=", (byte) 0x01);
        }
    },
    /** RFC 7628: GS2 header "n,a=U," then "\x01auth=Bearer T\x01\x01". */
    OAUTHBEARER(Credentials.CLEARTEXT_SECRET, 1) {
        @Override
        public String username(byte[] m) {
            return keyValue(m, "a=", (byte) ',');
        }
    },
    /** RFC 2195: one response "user hexdigest". */
    CRAM_MD5(Credentials.CHALLENGE_RESPONSE, 1) {
        @Override
        public String username(byte[] m) {
            int space = lastIndexOf(m, (byte) ' ');
            return space <= 0 ? null : latin1(m, 0, space);
        }
    },
    /** RFC 2831: the digest-response carries username="...". */
    DIGEST_MD5(Credentials.CHALLENGE_RESPONSE, -1) {
        @Override
        public String username(byte[] m) {
            return digestUsername(m);
        }
    },
    /** RFC 5802: client-first-message "gs2-header n=user,r=nonce" with =2C and =3D escapes. */
    SCRAM(Credentials.CHALLENGE_RESPONSE, -1) {
        @Override
        public String username(byte[] m) {
            return scramUsername(m);
        }
    },
    /** [MS-NLMP]: negotiate, then authenticate (type 3) holding domain and user. */
    NTLM(Credentials.CHALLENGE_RESPONSE, -1) {
        @Override
        public String username(byte[] m) {
            return NtlmMessage.authenticateUser(m);
        }
    },
    /** RFC 4752 Kerberos tokens: the principal is inside encrypted data. */
    GSSAPI(Credentials.CHALLENGE_RESPONSE, -1),
    /** Anything else: what the responses hold is unknown. */
    OTHER(Credentials.UNKNOWN, -1);

    private final Credentials revealed;
    private final int clientResponses;

    SaslMechanism(Credentials revealed, int clientResponses) {
        this.revealed = revealed;
        this.clientResponses = clientResponses;
    }

    /** @param name the mechanism name as upper-cased from the wire */
    public static SaslMechanism of(String name) {
        return switch (name) {
            case "PLAIN" -> PLAIN;
            case "LOGIN" -> LOGIN;
            case "XOAUTH2" -> XOAUTH2;
            case "OAUTHBEARER" -> OAUTHBEARER;
            case "CRAM-MD5" -> CRAM_MD5;
            case "DIGEST-MD5" -> DIGEST_MD5;
            case "NTLM" -> NTLM;
            case "GSSAPI", "GS2-KRB5" -> GSSAPI;
            default -> name.startsWith("SCRAM-") ? SCRAM : OTHER;
        };
    }

    /**
     * How many responses a client sends, counting an initial response, when the server is not
     * visible; -1 when unknown (multi-round mechanisms).
     */
    public int clientResponses() {
        return clientResponses;
    }

    /**
     * What a client revealed after sending {@code dataResponses} non-empty responses (the initial
     * response counts).
     */
    public Credentials credentials(int dataResponses) {
        if (dataResponses == 0) {
            return Credentials.NONE;
        }
        if (this == LOGIN && dataResponses == 1) {
            return Credentials.USERNAME_ONLY;
        }
        return revealed;
    }

    /**
     * What the mechanism's responses reveal once all were sent: the reading when which responses
     * were sent is uncertain (bytes lost), taken as the worst case.
     */
    public Credentials worstCase() {
        return revealed;
    }

    /** Whether response number {@code index} (0-based, data responses only) may hold the user. */
    public boolean mayHoldUsername(int index) {
        return this == NTLM || index == 0;
    }

    /** The user name in one decoded client response, raw ISO-8859-1, or null when not in it. */
    public String username(byte[] decoded) {
        return null;
    }

    static String latin1(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }

    static int indexOf(byte[] b, int from, byte value) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, byte value) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The value after {@code key} (at the start or after a separator), up to the separator. */
    static String keyValue(byte[] m, String key, byte separator) {
        String text = latin1(m, 0, m.length);
        int at = text.startsWith(key) ? 0 : -1;
        if (at < 0) {
            int found = text.indexOf((char) separator + key);
            if (found < 0) {
                return null;
            }
            at = found + 1;
        }
        int start = at + key.length();
        int stop = text.indexOf((char) separator, start);
        return text.substring(start, stop < 0 ? text.length() : stop);
    }

    static String scramUsername(byte[] m) {
        String text = latin1(m, 0, m.length);
        // gs2-header = cbind-flag "," [authzid] "," (RFC 5802 §7); the bare message follows.
        int first = text.indexOf(',');
        int second = first < 0 ? -1 : text.indexOf(',', first + 1);
        if (second < 0) {
            return null;
        }
        String bare = text.substring(second + 1);
        if (bare.startsWith("m=")) {
            int comma = bare.indexOf(',');
            bare = comma < 0 ? "" : bare.substring(comma + 1);
        }
        if (!bare.startsWith("n=")) {
            return null;
        }
        int stop = bare.indexOf(',');
        String name = bare.substring(2, stop < 0 ? bare.length() : stop);
        return name.replace("=2C", ",").replace("=3D", "=");
    }

    static String digestUsername(byte[] m) {
        String text = latin1(m, 0, m.length);
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("username=");
        if (at < 0) {
            return null;
        }
        int i = at + "username=".length();
        if (i < text.length() && text.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            for (i++; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    sb.append(text.charAt(++i));
                } else if (c == '"') {
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            return null;
        }
        int stop = text.indexOf(',', i);
        return text.substring(i, stop < 0 ? text.length() : stop);
    }
}
