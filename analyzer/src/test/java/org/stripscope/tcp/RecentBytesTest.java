package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentBytesTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sameBytesAtTheSameDistance_match() {
        RecentBytes recent = new RecentBytes(16);
        recent.append(ascii("HELLO"), 0, 5);
        recent.append(ascii("WORLD"), 0, 5);

        // "LOWO" starts 7 bytes before the end of "HELLOWORLD".
        assertEquals(0, recent.compare(7, ascii("LOWO"), 0, 4));
    }

    @Test
    void differentBytes_conflict() {
        RecentBytes recent = new RecentBytes(16);
        recent.append(ascii("HELLOWORLD"), 0, 10);

        assertEquals(RecentBytes.CONFLICT, recent.compare(5, ascii("WXRLD"), 0, 5));
    }

    @Test
    void bytesOlderThanTheWindow_areUnchecked_newerOnesStillCompared() {
        RecentBytes recent = new RecentBytes(4);
        recent.append(ascii("ABCDEFGH"), 0, 8);

        assertEquals(RecentBytes.UNCHECKED, recent.compare(8, ascii("ABCDEFGH"), 0, 8));
        assertEquals(RecentBytes.UNCHECKED | RecentBytes.CONFLICT, recent.compare(8, ascii("ABCDEFGX"), 0, 8));
    }

    @Test
    void ringWrapsAndGrows_keepingTheNewestBytes() {
        RecentBytes recent = new RecentBytes(600);
        byte[] stream = new byte[1000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) (i * 7);
        }
        for (int i = 0; i < stream.length; i += 37) {
            recent.append(stream, i, Math.min(37, stream.length - i));
        }

        assertEquals(0, recent.compare(600, stream, 400, 600));
        assertEquals(RecentBytes.UNCHECKED, recent.compare(601, stream, 399, 1));
    }

    @Test
    void afterClear_nothingCanBeChecked() {
        RecentBytes recent = new RecentBytes(16);
        recent.append(ascii("HELLO"), 0, 5);
        recent.clear();

        assertEquals(RecentBytes.UNCHECKED, recent.compare(5, ascii("HELLO"), 0, 5));
    }

    @Test
    void distanceThatOverflowed_isUncheckedNotACrash() {
        // Found by fuzzing (FuzzCaptureFileTestInputs/.../sequence-2-pow-31-apart): a segment
        // whose sequence number lies about 2^31 behind the stream gives a negative distance.
        RecentBytes r = new RecentBytes(256);
        r.append(new byte[] {1, 2, 3, 4}, 0, 4);
        assertEquals(RecentBytes.UNCHECKED, r.compare(Integer.MIN_VALUE + 5, new byte[] {1, 2, 3}, 0, 3));
        assertEquals(RecentBytes.UNCHECKED, r.compare(-3, new byte[] {1}, 0, 1));
    }

    @Test
    void anySequenceOfAppends_remembersExactlyTheNewestBytesUpToTheLimit() {
        java.util.Random random = new java.util.Random(42);
        for (int limit : new int[] {1, 7, 256, 300, 4096}) {
            RecentBytes recent = new RecentBytes(limit);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int round = 0; round < 300; round++) {
                byte[] chunk = new byte[random.nextInt(round % 50 == 0 ? 5000 : 300)];
                random.nextBytes(chunk);
                recent.append(chunk, 0, chunk.length);
                all.write(chunk, 0, chunk.length);
                byte[] stream = all.toByteArray();
                int known = Math.min(limit, stream.length);
                // Every remembered byte compares equal at its distance; a changed one conflicts.
                int distance = 1 + random.nextInt(Math.max(1, known));
                if (known > 0) {
                    byte[] expect = java.util.Arrays.copyOfRange(stream, stream.length - distance,
                            stream.length - distance + 1);
                    assertEquals(0, recent.compare(distance, expect, 0, 1), "limit " + limit + " distance " + distance);
                    expect[0] ^= 1;
                    assertEquals(RecentBytes.CONFLICT, recent.compare(distance, expect, 0, 1));
                }
                if (stream.length > limit) {
                    assertEquals(RecentBytes.UNCHECKED, recent.compare(limit + 1, new byte[1], 0, 1) & RecentBytes.UNCHECKED);
                }
            }
        }
    }
}
