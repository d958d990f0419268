package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.event.AuthAttempt.Credentials;

class SaslMechanismTest {

    private static String user(SaslMechanism mechanism, String decoded) {
        return mechanism.username(decoded.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void mechanismNames_mapToTheirFamilies() {
        assertEquals(SaslMechanism.SCRAM, SaslMechanism.of("SCRAM-SHA-256-PLUS"));
        assertEquals(SaslMechanism.CRAM_MD5, SaslMechanism.of("CRAM-MD5"));
        assertEquals(SaslMechanism.GSSAPI, SaslMechanism.of("GSSAPI"));
        assertEquals(SaslMechanism.OTHER, SaslMechanism.of("X-CUSTOM"));
    }

    @Test
    void plain_readsAuthcidAndMentionsADifferentAuthzid() {
        assertEquals("alice", user(SaslMechanism.PLAIN, "\0alice\0pw"));
        assertEquals("alice", user(SaslMechanism.PLAIN, "alice\0alice\0pw"));
        assertEquals("alice (authzid admin)", user(SaslMechanism.PLAIN, "admin\0alice\0pw"));
        assertNull(user(SaslMechanism.PLAIN, "no separators"));
    }

    @Test
    void oauthMechanisms_readTheUserField() {
        assertEquals("u@example.com",
                user(SaslMechanism.XOAUTH2, "user=u@example.com\u0001auth=Bearer t\u0001\u0001"));
        assertEquals("u@example.com", user(SaslMechanism.OAUTHBEARER,
                "n,a=u@example.com,\u0001host=mx\u0001auth=Bearer t\u0001\u0001"));
    }

    @Test
    void scram_unescapesTheUserName() {
        assertEquals("us,er=x", user(SaslMechanism.SCRAM, "n,,n=us=2Cer=3Dx,r=fyko+d2lbbFgONRv9qkxdawL"));
        assertEquals("user", user(SaslMechanism.SCRAM, "y,a=admin,n=user,r=abc"));
    }

    @Test
    void digestMd5_readsTheQuotedUsername() {
        assertEquals("chris", user(SaslMechanism.DIGEST_MD5,
                "charset=utf-8,username=\"chris\",realm=\"elwood.innosoft.com\",nonce=\"x\""));
    }

    @Test
    void cramMd5_readsEverythingBeforeTheDigest() {
        assertEquals("tim", user(SaslMechanism.CRAM_MD5, "tim b913a602c7eda7a495b4e6e7334d3890"));
    }

    @Test
    void credentials_dependOnMechanismAndResponsesSent() {
        assertEquals(Credentials.NONE, SaslMechanism.PLAIN.credentials(0));
        assertEquals(Credentials.USERNAME_ONLY, SaslMechanism.LOGIN.credentials(1));
        assertEquals(Credentials.CLEARTEXT_SECRET, SaslMechanism.LOGIN.credentials(2));
        assertEquals(Credentials.CHALLENGE_RESPONSE, SaslMechanism.NTLM.credentials(2));
        assertEquals(Credentials.UNKNOWN, SaslMechanism.OTHER.credentials(1));
    }

    @Test
    void base64_rejectsBadAlphabetAndPaddingWithoutThrowing() {
        byte[] good = "YWxpY2U=".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals("alice".getBytes(StandardCharsets.US_ASCII),
                SaslBase64.decode(good, 0, good.length));
        for (String bad : new String[] {"YW=xpY2U", "YWxp!2U=", "Y", "YWx===", "YWxpY2U=="}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertNull(SaslBase64.decode(b, 0, b.length), bad);
        }
    }

    @Test
    void base64_acceptsUnpaddedInputOfPossibleLength() {
        // RFC 4648 §3.2 lets specifications omit padding; "YWxpY2U" is 7 characters, 5 bytes.
        byte[] unpadded = "YWxpY2U".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals("alice".getBytes(StandardCharsets.US_ASCII),
                SaslBase64.decode(unpadded, 0, unpadded.length));
    }
}
