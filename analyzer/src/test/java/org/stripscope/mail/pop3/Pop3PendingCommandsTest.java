package org.stripscope.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Pop3PendingCommandsTest {

    @Test
    void ring_startsSmallGrowsUpToItsCapacityAndKeepsCommandOrder() {
        PendingCommands pending = new PendingCommands(10);
        assertEquals(4, pending.slots());
        // Move the head off slot 0 so growing must unwrap the ring.
        pending.add(Pop3Verb.CAPA, true, -1, null);
        pending.add(Pop3Verb.STAT, false, -1, null);
        pending.removeOldest();
        pending.removeOldest();
        for (int i = 0; i < 10; i++) {
            pending.add(i % 2 == 0 ? Pop3Verb.RETR : Pop3Verb.NOOP, i % 2 == 0, i, "c" + i);
        }
        assertTrue(pending.isFull());
        assertEquals(10, pending.slots());
        assertTrue(pending.contains(Pop3Verb.NOOP));
        for (int i = 0; i < 10; i++) {
            PendingCommands.Entry oldest = pending.oldest();
            assertEquals(i % 2 == 0 ? Pop3Verb.RETR : Pop3Verb.NOOP, oldest.verb);
            assertEquals(i % 2 == 0, oldest.multiLine);
            assertEquals(i, oldest.exchange);
            assertEquals("c" + i, oldest.evidence);
            pending.removeOldest();
        }
        assertTrue(pending.isEmpty());
        assertFalse(pending.contains(Pop3Verb.RETR));
    }

    @Test
    void multiLineAnswers_dependOnTheCommandAndItsArgument() {
        assertTrue(Pop3Verb.RETR.multiLine(true));
        assertTrue(Pop3Verb.TOP.multiLine(true));
        assertTrue(Pop3Verb.CAPA.multiLine(false));
        assertTrue(Pop3Verb.LIST.multiLine(false));
        assertFalse(Pop3Verb.LIST.multiLine(true));
        assertTrue(Pop3Verb.UIDL.multiLine(false));
        assertFalse(Pop3Verb.UIDL.multiLine(true));
        assertTrue(Pop3Verb.AUTH.multiLine(false));
        assertFalse(Pop3Verb.AUTH.multiLine(true));
        assertFalse(Pop3Verb.STAT.multiLine(false));
        assertFalse(Pop3Verb.STLS.multiLine(false));
    }
}
