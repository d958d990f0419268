package org.stripscope.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live capture on one or more interfaces, delivered to one analysis thread in arrival order.
 *
 * <p>Each interface has its own handle and reader thread; the readers copy packets into a fixed
 * ring of frames ({@link LiveRing}) that the analysis thread drains with {@link #poll}. One
 * handle per interface (rather than libpcap's "any" device) keeps each interface's own link type,
 * kernel filter, promiscuous mode and {@code pcap_stats} counters, and captures only the
 * interfaces asked for. Frame numbers count the packets delivered by {@link #poll}, across all
 * interfaces.
 *
 * <p>{@link #stop} may be called from any thread (a signal handler): it sets a flag the readers
 * check after each packet, and breaks their blocked reads; they then empty the kernel buffer (for
 * two seconds at most) and end. Packets already in the ring are still delivered; {@link #poll}
 * reports {@link #END} once every reader has ended and the ring is empty. {@link #close} aborts:
 * readers end at once, their blocked reads broken with {@code pcap_breakloop}.
 */
public final class LiveCapture implements AutoCloseable {

    /** poll: a packet is current. */
    public static final int PACKET = 1;
    /** poll: nothing arrived within the wait. */
    public static final int IDLE = 0;
    /** poll: every reader has ended and every packet was delivered. */
    public static final int END = -1;

    /** Frames in the ring: with the kernel buffer, enough for a burst while the analysis is busy. */
    static final int RING_FRAMES = 8192;

    private final List<LiveInterface> interfaces;
    private final LiveRing ring = new LiveRing(RING_FRAMES);
    private final AtomicInteger readersRunning = new AtomicInteger();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile boolean aborted;

    /** What a reader asks while it reads. */
    interface Control {
        boolean stopRequested();

        boolean aborted();
    }

    private final Control control = new Control() {
        @Override
        public boolean stopRequested() {
            return stopRequested;
        }

        @Override
        public boolean aborted() {
            return aborted;
        }
    };
    private LiveFrame current;
    private long frame;
    private boolean started;
    /** Guarded by this: handles are not touched after they are closed. */
    private boolean closed;

    /** Per interface: seen down by {@link #linkChanges} and not up again since. */
    private final boolean[] linkDown;

    private LiveCapture(List<LiveInterface> interfaces) {
        this.interfaces = interfaces;
        this.linkDown = new boolean[interfaces.size()];
    }

    /** Opens every device with the process-wide libpcap binding. */
    public static LiveCapture open(List<String> devices, LiveSettings settings) throws CaptureException {
        return open(LibPcapLive.load(), devices, settings);
    }

    /**
     * Opens every device; when one can't be opened, those already open are closed and the
     * device's error is thrown (a capture that silently misses an interface would mislead).
     */
    public static LiveCapture open(LibPcapLive pcap, List<String> devices, LiveSettings settings)
            throws CaptureException {
        List<LiveInterface> opened = new ArrayList<>();
        boolean ok = false;
        try {
            for (String device : devices) {
                opened.add(LiveInterface.open(pcap, device, opened.size(), settings));
            }
            ok = true;
            return new LiveCapture(List.copyOf(opened));
        } finally {
            if (!ok) {
                opened.forEach(LiveInterface::close);
            }
        }
    }

    /** The warnings of activation (e.g. promiscuous mode refused), one line each. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (LiveInterface i : interfaces) {
            if (i.warning() != null) {
                warnings.add(i.warning());
            }
        }
        return warnings;
    }

    /** The device names, in the order given. */
    public List<String> devices() {
        return interfaces.stream().map(LiveInterface::device).toList();
    }

    /** The link type of every interface when they share one, otherwise -1. */
    public int commonLinkType() {
        int type = interfaces.get(0).linkType();
        for (LiveInterface i : interfaces) {
            if (i.linkType() != type) {
                return -1;
            }
        }
        return type;
    }

    /** Starts one reader thread per interface. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        readersRunning.set(interfaces.size());
        for (LiveInterface i : interfaces) {
            Thread reader = new Thread(() -> {
                try {
                    i.readInto(ring, control);
                } finally {
                    readersRunning.decrementAndGet();
                }
            }, "capture-" + i.device());
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    /**
     * Waits up to {@code waitMillis} for the next packet.
     *
     * @return {@link #PACKET} (the accessors describe it until the next poll), {@link #IDLE}, or
     *     {@link #END}
     */
    public int poll(long waitMillis) throws InterruptedException {
        if (current != null) {
            ring.recycle(current);
            current = null;
        }
        // Read the count before looking at the ring: a reader passes its last frame before it
        // counts itself out, so "no readers and an empty ring" really is the end.
        boolean readersDone = readersRunning.get() == 0;
        LiveFrame next = ring.takeFilled(readersDone ? 0 : waitMillis);
        if (next == null) {
            return readersDone ? END : IDLE;
        }
        current = next;
        frame++;
        return PACKET;
    }

    /** Asks every reader to stop after emptying the kernel buffer; safe from any thread, any number of times. */
    public synchronized void stop() {
        if (stopRequested || closed) {
            stopRequested = true;
            return;
        }
        stopRequested = true;
        for (LiveInterface i : interfaces) {
            i.breakLoop();
        }
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Ends every reader at once; safe from any thread, also after close. */
    private synchronized void abort() {
        stopRequested = true;
        aborted = true;
        if (!closed) {
            for (LiveInterface i : interfaces) {
                i.breakLoop();
            }
        }
    }

    /** 1-based number of the current packet across all interfaces. */
    public long frame() {
        return frame;
    }

    public long timestampMicros() {
        return current.timestampMicros;
    }

    public int capturedLength() {
        return current.capturedLength;
    }

    public int wireLength() {
        return current.wireLength;
    }

    /** The current packet's bytes, valid until the next poll. */
    public byte[] data() {
        return current.data;
    }

    public int linkType() {
        return interfaces.get(current.source).linkType();
    }

    /**
     * What changed in the links since the last call, one line each: "eth1: the interface went
     * down ..." or "eth1: the interface is up again". Reads each interface's state from sysfs; call
     * it about once a second.
     */
    public List<String> linkChanges() {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < interfaces.size(); i++) {
            LiveInterface live = interfaces.get(i);
            int state = live.linkState();
            if (state == 0 && !linkDown[i]) {
                linkDown[i] = true;
                changes.add(live.device() + ": the interface went down; capturing goes on if it comes back up");
            } else if (state == 1 && linkDown[i]) {
                linkDown[i] = false;
                changes.add(live.device() + ": the interface is up again");
            }
        }
        return changes;
    }

    /** The interfaces whose capture ended by itself (e.g. went down), one line each. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        for (LiveInterface i : interfaces) {
            if (i.failure() != null) {
                failures.add(i.failure());
            }
        }
        return failures;
    }

    /**
     * The final counters of each interface; call after {@link #poll} returned {@link #END} or
     * after {@link #close}.
     */
    public List<LiveInterfaceStats> stats() {
        List<LiveInterfaceStats> stats = new ArrayList<>();
        for (LiveInterface i : interfaces) {
            LiveInterfaceStats s = i.finalStats();
            stats.add(s == null ? LiveInterfaceStats.unknown(i.device()) : s);
        }
        return stats;
    }

    /** Ends the readers at once, waits for them and closes the handles. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        abort();
        boolean interrupted = false;
        for (Thread reader : readers) {
            while (reader.isAlive()) {
                try {
                    reader.join(1000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (reader.isAlive()) {
                    // A read that missed the first break request (it started just after it).
                    abort();
                }
            }
        }
        synchronized (this) {
            closed = true;
            interfaces.forEach(LiveInterface::close);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
