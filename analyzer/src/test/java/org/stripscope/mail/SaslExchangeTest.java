package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.SaslExchange.Decoding;
import org.stripscope.mail.event.AuthAttempt.Credentials;

/** The protocol-neutral SASL exchange: what SMTP, IMAP and POP3 sessions share. */
class SaslExchangeTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Decoding respond(SaslExchange exchange, String response, long frame) {
        byte[] b = ascii(response);
        return exchange.addResponse(b, 0, b.length, false, frame, frame * 1000);
    }

    @Test
    void loginResponses_giveTheUserFromTheFirstAndTheFrameOfTheLast() {
        SaslExchange exchange = new SaslExchange(7, "LOGIN", 3, 3000, false, 4096);
        // "Ym9i" is "bob"; the second response is the password, never decoded.
        assertEquals(Decoding.FOUND, respond(exchange, "Ym9i", 5));
        assertEquals(Decoding.NOT_TRIED, respond(exchange, "c2VjcmV0", 7));
        assertEquals("bob", exchange.username());
        assertEquals(2, exchange.dataResponses());
        assertEquals(7, exchange.credentialFrame());
        assertEquals(3, exchange.commandFrame());
        assertEquals(7, exchange.id());
    }

    @Test
    void aLoneStar_cancelsAndHoldsNoCredential() {
        SaslExchange exchange = new SaslExchange(0, "PLAIN", 3, 3000, true, 4096);
        assertEquals(Decoding.NOT_TRIED, respond(exchange, "*", 5));
        assertTrue(exchange.cancelled());
        assertEquals(0, exchange.dataResponses());
        assertEquals(3, exchange.credentialFrame());
        assertTrue(exchange.inTls());
    }

    @Test
    void responseNotBase64_isSaidSoWithoutAUser() {
        SaslExchange exchange = new SaslExchange(0, "PLAIN", 1, 1000, false, 4096);
        assertEquals(Decoding.NOT_BASE64, respond(exchange, "not base64!", 2));
        assertNull(exchange.username());
        assertFalse(exchange.cancelled());
    }

    @Test
    void responseLongerThanTheLimit_isNotDecoded() {
        SaslExchange exchange = new SaslExchange(0, "PLAIN", 1, 1000, false, 8);
        assertEquals(Decoding.TOO_LONG, respond(exchange, "AGFsaWNlAHB3", 2));
        assertNull(exchange.username());
    }

    @Test
    void redactedLine_hidesTheDataAndKeepsTheRest() {
        byte[] line = ascii("AUTH PLAIN AGFsaWNlAHB3\r\n");
        assertEquals("AUTH PLAIN <redacted 12 bytes>\\r\\n",
                SaslExchange.redactedLine(line, 11, 23, line.length));
        byte[] cancel = ascii("*\r\n");
        assertEquals("*\\r\\n", SaslExchange.redactedLine(cancel, 0, 1, cancel.length));
    }

    @Test
    void afterLostClientBytes_nothingIsDecodedAndAnyResponseIsTheSecret() {
        SaslExchange exchange = new SaslExchange(0, "LOGIN", 1, 1000, false, 4096);
        exchange.lostPositions();
        // "c2VjcmV0" is "secret": the password, since the user line was lost.
        assertEquals(Decoding.NOT_TRIED, respond(exchange, "c2VjcmV0", 4));
        assertNull(exchange.username());
        assertEquals(Credentials.CLEARTEXT_SECRET, exchange.credentials());
    }

    @Test
    void truncatedResponse_isTooLongAndStillCounted() {
        SaslExchange exchange = new SaslExchange(0, "LOGIN", 1, 1000, false, 4096);
        byte[] b = ascii("Ym9i");
        assertEquals(Decoding.TOO_LONG, exchange.addResponse(b, 0, b.length, true, 2, 2000));
        assertNull(exchange.username());
        assertEquals(1, exchange.dataResponses());
        assertEquals(Credentials.USERNAME_ONLY, exchange.credentials());
    }

    @Test
    void evidencePastTheCap_endsWithTheCountOfCharsLeftOut() {
        SaslExchange exchange = new SaslExchange(0, "PLAIN", 1, 1000, false, 4096);
        String piece = "x".repeat(1000);
        exchange.appendEvidence(piece);
        exchange.appendEvidence(piece);
        exchange.appendEvidence(piece);
        exchange.appendEvidence("abc");
        assertEquals(piece + piece + "...[1003 more chars]", exchange.evidence());
    }
}
