package org.stripscope.mail.imap;

import org.stripscope.mail.SaslExchange;

/**
 * Tagged commands sent and not yet completed, oldest first, found by tag: RFC 9051 §5.5 lets a
 * client send several commands before their completions, and the server may complete them in
 * any order, so the tag (§2.2.1), not the position, says which command a completion ends.
 * Bounded; entries are made when a slot is first used and reused after.
 */
final class PendingTags {

    /** One command awaiting its tagged completion. */
    static final class Entry {
        /** Numbers the commands of the session in order, to tell reused entries apart. */
        long seq;
        final byte[] tag;
        int tagLength;
        ImapVerb verb;
        long frame;
        long timeMicros;
        /** For LOGIN: the attempt, completed by the tagged response. */
        LoginAttempt login;
        /** For AUTHENTICATE: the SASL exchange it opened. */
        SaslExchange exchange;

        Entry(int maxTagLength) {
            tag = new byte[maxTagLength];
        }

        String tagText() {
            return Ascii.text(tag, 0, tagLength);
        }
    }

    private static final int INITIAL_SLOTS = 4;

    private final int capacity;
    private final int maxTagLength;
    private Entry[] entries;
    private int size;
    private long nextSeq;

    PendingTags(int capacity, int maxTagLength) {
        this.capacity = capacity;
        this.maxTagLength = maxTagLength;
        entries = new Entry[Math.min(capacity, INITIAL_SLOTS)];
    }

    boolean isFull() {
        return size == capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Whether a tag of this length can be kept. */
    boolean fits(int tagLength) {
        return tagLength <= maxTagLength;
    }

    /** Adds a command; the caller makes room first when full and checks {@link #fits}. */
    Entry add(byte[] b, int tagFrom, int tagTo, ImapVerb verb, long frame, long timeMicros) {
        if (isFull() || !fits(tagTo - tagFrom)) {
            throw new IllegalStateException("pending tags full or tag too long");
        }
        if (size == entries.length) {
            Entry[] bigger = new Entry[Math.min(capacity, entries.length * 2)];
            System.arraycopy(entries, 0, bigger, 0, size);
            entries = bigger;
        }
        Entry e = entries[size];
        if (e == null) {
            e = new Entry(maxTagLength);
            entries[size] = e;
        }
        size++;
        e.seq = nextSeq++;
        System.arraycopy(b, tagFrom, e.tag, 0, tagTo - tagFrom);
        e.tagLength = tagTo - tagFrom;
        e.verb = verb;
        e.frame = frame;
        e.timeMicros = timeMicros;
        e.login = null;
        e.exchange = null;
        return e;
    }

    /** The command with this tag (RFC 9051 §2.2.1: tags are compared as sent), or null. */
    Entry find(byte[] b, int tagFrom, int tagTo) {
        int length = tagTo - tagFrom;
        for (int i = 0; i < size; i++) {
            Entry e = entries[i];
            if (e.tagLength == length && java.util.Arrays.equals(e.tag, 0, length, b, tagFrom,
                    tagTo)) {
                return e;
            }
        }
        return null;
    }

    /** The oldest entry, or null. */
    Entry oldest() {
        return size == 0 ? null : entries[0];
    }

    /** Entry {@code i}, oldest first. */
    Entry get(int i) {
        return entries[i];
    }

    /** Removes an entry; its object is kept for reuse, so read it before the next add. */
    void remove(Entry e) {
        for (int i = 0; i < size; i++) {
            if (entries[i] == e) {
                System.arraycopy(entries, i + 1, entries, i, size - i - 1);
                entries[size - 1] = e;
                size--;
                return;
            }
        }
    }
}
