package org.stripscope.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of {@link LiveFrame}s circulating between the reader threads and the analysis
 * thread: readers take an empty frame, fill it and pass it on; the analysis hands it back when it
 * is done with it. Both queues are bounded by the number of frames, so memory is fixed. When the
 * analysis falls behind, readers wait for an empty frame and the kernel ring buffer fills; what
 * then does not fit is dropped by the kernel and reported by {@code pcap_stats}.
 */
final class LiveRing {

    private final ArrayBlockingQueue<LiveFrame> empty;
    private final ArrayBlockingQueue<LiveFrame> filled;

    LiveRing(int frames) {
        empty = new ArrayBlockingQueue<>(frames);
        filled = new ArrayBlockingQueue<>(frames);
        for (int i = 0; i < frames; i++) {
            empty.add(new LiveFrame());
        }
    }

    /** An empty frame, or null when none came free within the wait. */
    LiveFrame takeEmpty(long waitMillis) throws InterruptedException {
        return empty.poll(waitMillis, TimeUnit.MILLISECONDS);
    }

    /** A filled frame goes to the analysis; never blocks (each frame has its place). */
    void pass(LiveFrame frame) {
        filled.add(frame);
    }

    /** The next filled frame, or null when none arrived within the wait. */
    LiveFrame takeFilled(long waitMillis) throws InterruptedException {
        return filled.poll(waitMillis, TimeUnit.MILLISECONDS);
    }

    /** A frame the analysis is done with. */
    void recycle(LiveFrame frame) {
        empty.add(frame);
    }

    boolean hasFilled() {
        return !filled.isEmpty();
    }
}
