package org.stripscope.report;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.stripscope.decode.IpAddress;
import org.stripscope.detect.Finding;
import org.stripscope.detect.FindingSink;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;

/**
 * Makes findings publishable: client addresses become Crypto-PAn pseudonyms (prefix-preserving,
 * so a /24 stays one /24) and user names become keyed hashes ({@code user-} and the first 12 hex
 * digits of HMAC-SHA256). The same key gives the same pseudonyms in every run, so datasets
 * anonymised separately can still be joined. Server addresses are kept: they are the mail
 * services under study, not the people using them.
 *
 * <p>User names are replaced where they enter: in each {@link AuthAttempt} (its user name field,
 * and the name where the evidence shows it as a whole word) before detectors see it, so every
 * detail built from it carries the pseudonym. Client addresses are replaced in each finding: the
 * session's address, and every address literal in evidence and detail except the server's.
 */
public final class Anonymizer {

    /** Pseudonyms held for reuse; findings name few distinct clients, but the memory is bounded. */
    private static final int CACHE_LIMIT = 4096;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /**
     * An address literal standing alone in text: dotted IPv4, or IPv6 groups with colons (checked
     * further by {@link #isLiteral} before anything resolves it).
     */
    private static final Pattern ADDRESS_TOKEN = Pattern.compile(
            "(?<![0-9A-Za-z.:_@\\\\-])(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![0-9A-Za-z_@-]|[.:][0-9A-Za-z])");
    /** Domain separation: the user-name key is derived from, not equal to, the Crypto-PAn key. */
    private static final byte[] USER_KEY_LABEL = "stripscope user-name pseudonyms v1".getBytes(StandardCharsets.US_ASCII);

    private final CryptoPan cryptoPan;
    private final Mac userMac;
    private final Map<String, String> addresses = lru();
    private final Map<String, String> users = lru();

    public Anonymizer(AnonymizationKey key) {
        byte[] bytes = key.bytes();
        this.cryptoPan = new CryptoPan(bytes);
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(bytes, "HmacSHA256"));
            byte[] userKey = derive.doFinal(USER_KEY_LABEL);
            userMac = Mac.getInstance("HmacSHA256");
            userMac.init(new SecretKeySpec(userKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is one of the algorithms every Java platform must provide.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The pseudonym of an address in text form (dotted IPv4 or RFC 5952 IPv6); text that is not
     * an address is returned as is.
     */
    public String address(String address) {
        return addresses.computeIfAbsent(address, this::pseudonymOfAddress);
    }

    /** The pseudonym of a user name (raw, ISO-8859-1), e.g. {@code user-3fa1c29b07de}. */
    public String user(String raw) {
        return users.computeIfAbsent(raw, r -> "user-"
                + HexFormat.of().formatHex(userMac.doFinal(r.getBytes(StandardCharsets.ISO_8859_1)), 0, 6));
    }

    /**
     * The finding with its client address replaced, in the session and wherever the text shows
     * it, and so is every other address the text shows except the server's (a detail may name
     * another client, e.g. the one that saw STARTTLS offered; evidence may quote one).
     */
    public Finding finding(Finding f) {
        SessionInfo s = f.session();
        String pseudonym = address(s.clientIp());
        SessionInfo anonymous = new SessionInfo(s.capture(), s.id(), s.protocol(), pseudonym, s.clientPort(),
                s.serverIp(), s.serverPort(), s.handshakeSeen());
        return new Finding(anonymous, f.frame(), f.timeMicros(), f.code(), f.severity(),
                addressesIn(f.evidence(), s.serverIp()), addressesIn(f.detail(), s.serverIp()));
    }

    /** Every address literal in {@code text} but {@code keep} replaced by its pseudonym, in one pass. */
    String addressesIn(String text, String keep) {
        java.util.regex.Matcher m = ADDRESS_TOKEN.matcher(text);
        StringBuilder sb = null;
        int from = 0;
        while (m.find()) {
            String token = m.group(1);
            if (token.equals(keep) || !isLiteral(token)) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 16);
            }
            sb.append(text, from, m.start(1)).append(address(token));
            from = m.end(1);
        }
        return sb == null ? text : sb.append(text, from, text.length()).toString();
    }

    /**
     * Whether a token is an address literal that InetAddress parses without a name lookup: four
     * decimal octets up to 255, or IPv6 with eight groups or one "::".
     */
    static boolean isLiteral(String token) {
        if (token.indexOf(':') < 0) {
            for (String octet : token.split("\\.")) {
                if (octet.length() > 3 || Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        int doubleColon = token.indexOf("::");
        if (doubleColon >= 0 && token.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = token.split(":", -1);
        if (doubleColon < 0 && groups.length != 8) {
            return false;
        }
        for (String g : groups) {
            if (g.length() > 4) {
                return false;
            }
        }
        return doubleColon >= 0 || java.util.Arrays.stream(groups).noneMatch(String::isEmpty);
    }

    /** A sink that anonymises each finding before passing it on. */
    public FindingSink findings(FindingSink next) {
        return f -> next.accept(finding(f));
    }

    /** A sink that replaces the user names of authentication exchanges before passing events on. */
    public MailEventSink events(MailEventSink next) {
        return event -> {
            if (event instanceof AuthAttempt a && a.username() != null && !a.username().isEmpty()) {
                String pseudonym = user(a.username());
                String evidence = replaceWord(a.evidence(), EvidenceText.escape(a.username()), pseudonym);
                next.accept(new AuthAttempt(a.session(), a.frame(), a.timeMicros(), a.mechanism(), pseudonym,
                        a.credentials(), a.outcome(), a.outcomeCode(), a.commandFrame(), a.inTls(), evidence));
            } else {
                next.accept(event);
            }
        };
    }

    private String pseudonymOfAddress(String address) {
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return address;
        }
        byte[] raw;
        try {
            // Only literals reach here (checked above), so no name is ever looked up.
            raw = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return address;
        }
        byte[] anon = cryptoPan.anonymize(raw);
        if (anon.length == 4) {
            return (anon[0] & 0xff) + "." + (anon[1] & 0xff) + "." + (anon[2] & 0xff) + "." + (anon[3] & 0xff);
        }
        return IpAddress.format(longAt(anon, 0), longAt(anon, 8));
    }

    private static long longAt(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xff);
        }
        return v;
    }

    /**
     * Replaces every occurrence of {@code word} that stands alone: not preceded or followed by a
     * letter, digit or one of {@code . : _ @ -} (so 192.0.2.1 is not replaced inside 192.0.2.10,
     * nor a user name inside a longer one), and not right after a backslash. A '.' or ':' that
     * ends a clause does not join the word.
     */
    static String replaceWord(String text, String word, String replacement) {
        if (word.isEmpty() || text.indexOf(word) < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int from = 0;
        int at;
        while ((at = text.indexOf(word, from)) >= 0) {
            int end = at + word.length();
            // After a backslash the text is an escape (\r, \x0a), not the start of a word.
            boolean alone = (at == 0 || !isWordChar(text.charAt(at - 1)) && text.charAt(at - 1) != '\\')
                    && (end == text.length() || !isWordChar(text.charAt(end)) || isPunctuationEnd(text, end));
            sb.append(text, from, at).append(alone ? replacement : word);
            from = end;
        }
        return sb.append(text, from, text.length()).toString();
    }

    /** A '.' or ':' that ends a sentence or clause ("from 192.0.2.10: retried") is not part of the word. */
    private static boolean isPunctuationEnd(String text, int at) {
        char c = text.charAt(at);
        return (c == '.' || c == ':') && (at + 1 == text.length() || !isWordChar(text.charAt(at + 1)));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '_' || c == '@' || c == '-';
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHE_LIMIT;
            }
        };
    }
}
