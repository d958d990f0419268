package org.stripscope.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingCommandsTest {

    @Test
    void ring_startsSmallGrowsUpToItsCapacityAndKeepsCommandOrder() {
        PendingCommands pending = new PendingCommands(10);
        assertEquals(4, pending.slots());
        // Move the head off slot 0 so growing must unwrap the ring.
        pending.add(SmtpVerb.EHLO, -1);
        pending.add(SmtpVerb.MAIL, -1);
        pending.removeOldest();
        pending.removeOldest();
        for (int i = 0; i < 10; i++) {
            pending.add(i % 2 == 0 ? SmtpVerb.RCPT : SmtpVerb.NOOP, -1);
        }
        assertTrue(pending.isFull());
        assertEquals(10, pending.slots());
        for (int i = 0; i < 10; i++) {
            PendingCommands.Entry oldest = pending.oldest();
            assertEquals(i + 2, oldest.seq);
            assertEquals(i % 2 == 0 ? SmtpVerb.RCPT : SmtpVerb.NOOP, oldest.verb);
            pending.removeOldest();
        }
        assertTrue(pending.isEmpty());
        assertFalse(pending.contains(SmtpVerb.RCPT));
    }
}
