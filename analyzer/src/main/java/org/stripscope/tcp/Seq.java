package org.stripscope.tcp;

/**
 * TCP sequence number arithmetic, the only place that compares sequence numbers. Sequence
 * numbers are unsigned 32-bit values that wrap at 2^32 (RFC 9293 §3.4); they are held in an
 * {@code int} and compared through the signed difference, as Suricata's {@code SEQ_LT} does, so
 * that {@code a} is "before" {@code b} when {@code b} is less than 2^31 ahead of it.
 */
final class Seq {

    private Seq() {
    }

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean le(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** The signed distance from {@code b} to {@code a}; positive when {@code a} is after {@code b}. */
    static int diff(int a, int b) {
        return a - b;
    }

    static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }
}
