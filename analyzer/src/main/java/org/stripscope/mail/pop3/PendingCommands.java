package org.stripscope.mail.pop3;

/**
 * Commands sent and not yet answered, oldest first: a bounded ring of reusable entries. POP3
 * responses come in command order, also when commands are pipelined (RFC 2449 §6.6), so the
 * oldest entry is the one a response answers.
 *
 * <p>The ring starts small and doubles when full, up to the capacity; entries are made when a slot
 * is first used and reused after. Most sessions never have more than a few commands in flight.
 */
final class PendingCommands {

    /** One command awaiting its response. */
    static final class Entry {
        Pop3Verb verb;
        /** A +OK answer is a multi-line response ending in "." (RFC 1939 §3). */
        boolean multiLine;
        /** The login or SASL exchange the command belongs to, or -1. */
        long exchange;
        /** The command line, escaped, for a command whose answer names it (RETR, TOP); or null. */
        String evidence;

        private void set(Pop3Verb verb, boolean multiLine, long exchange, String evidence) {
            this.verb = verb;
            this.multiLine = multiLine;
            this.exchange = exchange;
            this.evidence = evidence;
        }
    }

    private static final int INITIAL_SLOTS = 4;

    private final int capacity;
    private Entry[] ring;
    private int head;
    private int size;

    PendingCommands(int capacity) {
        this.capacity = capacity;
        ring = new Entry[Math.min(capacity, INITIAL_SLOTS)];
    }

    boolean isFull() {
        return size == capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Slots of the ring now: it grows with the commands in flight, up to the capacity. */
    int slots() {
        return ring.length;
    }

    /** Adds a command; the caller makes room first when full. */
    void add(Pop3Verb verb, boolean multiLine, long exchange, String evidence) {
        if (isFull()) {
            throw new IllegalStateException("pending queue full");
        }
        if (size == ring.length) {
            grow();
        }
        int slot = (head + size) % ring.length;
        if (ring[slot] == null) {
            ring[slot] = new Entry();
        }
        ring[slot].set(verb, multiLine, exchange, evidence);
        size++;
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
            ring[head].evidence = null;
            head = (head + 1) % ring.length;
            size--;
        }
    }

    boolean contains(Pop3Verb verb) {
        for (int i = 0; i < size; i++) {
            if (ring[(head + i) % ring.length].verb == verb) {
                return true;
            }
        }
        return false;
    }
}
