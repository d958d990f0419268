package org.stripscope.tcp;

/**
 * Bytes of one direction held because they arrived ahead of a hole, with the frame that carried
 * them. {@code data == null} marks bytes known to exist but not captured (cut by the snaplen):
 * they become a gap when their turn comes.
 */
final class BufferedSegment {

    final int seq;
    final int length;
    final byte[] data;
    final long frame;
    final long timeMicros;

    BufferedSegment(int seq, int length, byte[] data, long frame, long timeMicros) {
        this.seq = seq;
        this.length = length;
        this.data = data;
        this.frame = frame;
        this.timeMicros = timeMicros;
    }

    int end() {
        return seq + length;
    }
}
