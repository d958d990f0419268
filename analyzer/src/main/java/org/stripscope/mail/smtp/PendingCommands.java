package org.stripscope.mail.smtp;

/**
 * Commands sent and not yet fully answered, oldest first: a bounded ring of reusable entries.
 * Replies come in command order even when commands are pipelined (RFC 2920 §3.1), so the oldest
 * entry is the one a reply answers.
 *
 * <p>The ring starts small and doubles when full, up to the capacity; entries are made when a slot
 * is first used and reused after. Most sessions never have more than a few commands in flight.
 */
final class PendingCommands {

    /** One command awaiting its reply. DATA and AUTH take intermediate replies (354, 334) first. */
    static final class Entry {
        /** Numbers the commands of the session in order, to tell two entries of one verb apart. */
        long seq;
        SmtpVerb verb;
        /** For DATA: a 354 was seen; the next reply is the final one for the transaction. */
        boolean intermediateSeen;
        /** For AUTH: the exchange it opened, or -1 for an AUTH without mechanism. */
        long exchange;

        private void set(long seq, SmtpVerb verb, long exchange) {
            this.seq = seq;
            this.verb = verb;
            this.intermediateSeen = false;
            this.exchange = exchange;
        }
    }

    private static final int INITIAL_SLOTS = 4;

    private final int capacity;
    private Entry[] ring;
    private int head;
    private int size;
    private long nextSeq;

    PendingCommands(int capacity) {
        this.capacity = capacity;
        ring = new Entry[Math.min(capacity, INITIAL_SLOTS)];
    }

    boolean isFull() {
        return size == capacity;
    }

    /** Slots of the ring now: it grows with the commands in flight, up to the capacity. */
    int slots() {
        return ring.length;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds a command; the caller makes room first when full.
     *
     * @return the entry's sequence number
     */
    long add(SmtpVerb verb, long exchange) {
        if (isFull()) {
            throw new IllegalStateException("pending queue full");
        }
        if (size == ring.length) {
            grow();
        }
        long seq = nextSeq++;
        int slot = (head + size) % ring.length;
        if (ring[slot] == null) {
            ring[slot] = new Entry();
        }
        ring[slot].set(seq, verb, exchange);
        size++;
        return seq;
    }

    /** Doubles the ring (up to the capacity), the oldest entry first in the new one. */
    private void grow() {
        Entry[] bigger = new Entry[Math.min(capacity, ring.length * 2)];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }

    /** The oldest entry, or null. */
    Entry oldest() {
        return size == 0 ? null : ring[head];
    }

    void removeOldest() {
        if (size > 0) {
            head = (head + 1) % ring.length;
            size--;
        }
    }

    boolean contains(SmtpVerb verb) {
        for (int i = 0; i < size; i++) {
            if (ring[(head + i) % ring.length].verb == verb) {
                return true;
            }
        }
        return false;
    }
}
