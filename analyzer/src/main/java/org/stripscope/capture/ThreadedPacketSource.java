package org.stripscope.capture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads another {@link PacketSource} on a thread of its own, so that reading the capture (the
 * records of a file, and with a {@link ReaderStage} their decoding) overlaps the analysis on the
 * caller's thread.
 *
 * <p>The two threads meet in a single-producer single-consumer ring of preallocated slots. Each
 * slot owns a byte array that holds one frame; nothing is allocated per packet. The reader copies
 * a frame into the next free slot and publishes it with an ordered store of the producer index;
 * the consumer releases a slot when it asks for the next packet, since {@link #data()} must stay
 * valid until then. Each side reads the other's index only when its cached copy says the ring is
 * empty (consumer) or full (reader), so in steady state a packet costs no shared-cache traffic
 * beyond its own bytes.
 *
 * <p>Memory is bounded: {@link #SLOTS} slots of {@link #SLOT_BYTES} bytes each. A larger frame
 * (jumbo frames, TSO/GRO-merged frames of a capture taken on the sending host) grows its slot;
 * once the slots together hold more than {@link #GROWN_BYTES_LIMIT}, the reader waits until the
 * consumer has released every slot and shrinks the grown ones back before growing another.
 *
 * <p>Order and errors: packets come out in the order the source returned them, with the
 * source's frame numbers. When the source fails, the {@link CaptureException} (or runtime
 * exception) is thrown by {@link #next()} after every packet read before it was delivered,
 * exactly as the source itself would have thrown it.
 *
 * <p>A {@link ReaderStage} given to {@link #start(PacketSource, ReaderStage)} does more of the
 * work on the reader thread: it processes each frame where the source holds it (the analysis
 * decodes frames there) and keeps its result in a state object of the slot, which the consumer
 * reads with {@link #stageState()} until it asks for the next packet. Only the frames the stage
 * asks for are copied into their slot; {@link #data()} is meaningful for those alone.
 *
 * <p>{@link #close()} stops the reader, waits for it, then closes the source, so the source is
 * never closed under a read in progress. The source's {@code next()} must return in bounded time
 * (files do; a live source uses its read timeout).
 */
public final class ThreadedPacketSource implements PacketSource {

    /** Slots in the ring; a power of two. */
    static final int SLOTS = 1024;
    /** The initial size of a slot: an Ethernet frame with a VLAN tag or two fits. */
    static final int SLOT_BYTES = 2048;
    /** Bytes the slots may hold in arrays grown beyond {@link #SLOT_BYTES} before they are shrunk. */
    static final int GROWN_BYTES_LIMIT = 64 << 20;

    private static final int MASK = SLOTS - 1;
    /** Busy-wait rounds before a waiting side starts to sleep; a shared machine punishes spinning. */
    private static final int SPINS = 64;
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest wait for the reader to notice close() before the source is closed anyway. */
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final PacketSource source;
    private final ReaderStage stage;
    private final String name;
    private final int linkType;
    private final Slot[] slots = new Slot[SLOTS];
    private final Thread reader;

    /** Slots published by the reader (written by the reader only). */
    private final PaddedCounter published = new PaddedCounter();
    /** Slots released by the consumer (written by the consumer only). */
    private final PaddedCounter released = new PaddedCounter();

    /** Set by the reader after its last packet was published; then {@link #failure} is final. */
    private volatile boolean readerDone;
    private Throwable failure;
    private volatile boolean closing;

    // Consumer-side state.
    private long cachedPublished;
    private boolean holding;
    private Slot current;
    private boolean failureThrown;
    private boolean closed;

    // Reader-side state.
    private long cachedReleased;
    private long grownBytes;

    private ThreadedPacketSource(PacketSource source, ReaderStage stage) {
        this.source = source;
        this.stage = stage;
        this.name = source.name();
        this.linkType = source.linkType();
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot(stage == null ? null : stage.newSlotState());
        }
        this.reader = new Thread(this::readLoop, "stripscope-reader");
        reader.setDaemon(true);
    }

    /**
     * Starts reading {@code source} on a new thread. The returned source owns {@code source}:
     * closing it closes both.
     */
    public static ThreadedPacketSource start(PacketSource source) {
        return start(source, null);
    }

    /**
     * Starts reading {@code source} on a new thread, which also runs {@code stage} on every frame
     * (null: none). The returned source owns {@code source}: closing it closes both.
     */
    public static ThreadedPacketSource start(PacketSource source, ReaderStage stage) {
        ThreadedPacketSource threaded = new ThreadedPacketSource(source, stage);
        threaded.reader.start();
        return threaded;
    }

    /**
     * Whether a reader thread can help on this machine: with one processor the two threads would
     * only take turns, adding the hand-over to the cost of every packet. The system property
     * {@code stripscope.readerThread=false} turns it off (to compare, or to spare a core).
     */
    public static boolean helps() {
        return !"false".equals(System.getProperty("stripscope.readerThread"))
                && java.lang.Runtime.getRuntime().availableProcessors() > 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public boolean next() throws CaptureException {
        if (closed) {
            return false;
        }
        long index = released.valueOwn();
        if (holding) {
            holding = false;
            current = null;
            index++;
            released.release(index);
        }
        if (index == cachedPublished) {
            cachedPublished = awaitPublished(index);
            if (index == cachedPublished) {
                return end();
            }
        }
        current = slots[(int) index & MASK];
        holding = true;
        return true;
    }

    /** Waits until the reader published beyond {@code index} or finished; returns what it published. */
    private long awaitPublished(long index) {
        int idle = 0;
        while (true) {
            long p = published.acquire();
            if (p != index) {
                return p;
            }
            if (readerDone) {
                // readerDone is written after the last publication: read the index once more.
                return published.acquire();
            }
            idle = pause(idle);
        }
    }

    /** The ring is drained and the reader finished: its failure, if any, is thrown once. */
    private boolean end() throws CaptureException {
        Throwable f = failure;
        if (f == null || failureThrown) {
            return false;
        }
        failureThrown = true;
        if (f instanceof CaptureException e) {
            throw e;
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) f;
    }

    @Override
    public long frame() {
        return current.frame;
    }

    @Override
    public long timestampMicros() {
        return current.timestampMicros;
    }

    @Override
    public int capturedLength() {
        return current.capturedLength;
    }

    @Override
    public int wireLength() {
        return current.wireLength;
    }

    @Override
    public byte[] data() {
        return current.data;
    }

    /** The current frame's result of the {@link ReaderStage} (null without one). */
    public Object stageState() {
        return current.stageState;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        closing = true;
        LockSupport.unpark(reader);
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        while (reader.isAlive() && System.nanoTime() < deadline) {
            try {
                reader.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        source.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        try {
            long index = 0;
            while (!closing && source.next()) {
                if (index - cachedReleased == SLOTS) {
                    cachedReleased = awaitReleased(index - SLOTS + 1);
                    if (closing) {
                        break;
                    }
                }
                Slot slot = slots[(int) index & MASK];
                int length = source.capturedLength();
                boolean copy = stage == null || stage.process(linkType, source.inPlaceData(), source.inPlaceOffset(),
                        length, slot.stageState);
                if (copy) {
                    if (length > slot.data.length) {
                        grow(slot, length, index);
                        if (closing) {
                            break;
                        }
                    }
                    source.copyData(slot.data);
                    if (stage != null) {
                        stage.copied(slot.data, source.inPlaceOffset(), slot.stageState);
                    }
                }
                slot.frame = source.frame();
                slot.timestampMicros = source.timestampMicros();
                slot.capturedLength = length;
                slot.wireLength = source.wireLength();
                index++;
                published.release(index);
            }
        } catch (CaptureException | RuntimeException | Error e) {
            failure = e;
        } finally {
            readerDone = true;
        }
    }

    /** Waits until the consumer released at least {@code atLeast} slots, or close() began. */
    private long awaitReleased(long atLeast) {
        int idle = 0;
        while (true) {
            long r = released.acquire();
            if (r >= atLeast || closing) {
                return r;
            }
            idle = pause(idle);
        }
    }

    /**
     * Gives {@code slot} an array for {@code length} bytes. Past the limit on grown bytes, first
     * waits for the ring to drain ({@code index} slots released) and shrinks every grown slot.
     */
    private void grow(Slot slot, int length, long index) {
        int size = Integer.highestOneBit(length - 1) << 1;
        if (size < length) {
            size = length;
        }
        if (grownBytes + size > GROWN_BYTES_LIMIT) {
            cachedReleased = awaitReleased(index);
            if (closing) {
                return;
            }
            for (Slot s : slots) {
                if (s.data.length > SLOT_BYTES) {
                    s.data = new byte[SLOT_BYTES];
                }
            }
            grownBytes = 0;
        }
        grownBytes += size - slot.data.length;
        slot.data = new byte[size];
    }

    /** Spins a little, then yields, then sleeps for growing times up to {@link #MAX_SLEEP_NANOS}. */
    private static int pause(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else if (idle < SPINS + 8) {
            Thread.yield();
        } else {
            long nanos = Math.min(MAX_SLEEP_NANOS, 1_000L << Math.min(10, idle - SPINS - 8));
            LockSupport.parkNanos(nanos);
        }
        return idle + 1;
    }

    /** One frame in the ring. Plain fields: publication through the counters orders them. */
    private static final class Slot {
        final Object stageState;
        byte[] data = new byte[SLOT_BYTES];
        long frame;
        long timestampMicros;
        int capturedLength;
        int wireLength;

        Slot(Object stageState) {
            this.stageState = stageState;
        }
    }

    /**
     * Work done on the reader thread for every frame after its bytes are copied into their slot,
     * so that it overlaps the consumer's work. It must not keep the frame array: the slot is
     * reused once the consumer has moved past it.
     */
    public interface ReaderStage {
        /** A state object for one slot; the stage fills it for each frame the slot holds. */
        Object newSlotState();

        /**
         * Processes one frame, {@code capturedLength} bytes of {@code frame} from index
         * {@code start} (the source's own buffer, valid during this call only), into
         * {@code state}.
         *
         * @return whether the consumer needs the frame's bytes: they are then copied into the
         *     slot and {@link #copied} is called
         */
        boolean process(int linkType, byte[] frame, int start, int capturedLength, Object state);

        /** The frame's bytes, from {@code start} of the array {@link #process} saw, are now in {@code copy} from index 0. */
        void copied(byte[] copy, int start, Object state);
    }

    /**
     * A counter written by one thread and read by the other, padded so the two counters do not
     * share a cache line (each write would otherwise invalidate the other side's line).
     */
    @SuppressWarnings("unused")
    private static final class PaddedCounter extends AtomicLong {
        private long p1, p2, p3, p4, p5, p6, p7;

        /** Read by the writing thread itself: its own last write. */
        long valueOwn() {
            return getPlain();
        }

        /** Publishes {@code v}: everything written before is visible to a thread that acquires it. */
        void release(long v) {
            setRelease(v);
        }

        long acquire() {
            return getAcquire();
        }
    }
}
