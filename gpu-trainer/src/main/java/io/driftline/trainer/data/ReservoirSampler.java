package io.driftline.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A uniform sample of at most {@code capacity} items from a stream of unknown length (Vitter's
 * algorithm R): every item offered has the same chance, {@code capacity / seen}, to be kept.
 *
 * @param <T> the item type
 */
public final class ReservoirSampler<T> {

    private final int capacity;
    private final RandomGenerator random;
    private final List<T> reservoir;
    private long seen;

    /** A sampler keeping at most {@code capacity} items, drawing from {@code random}. */
    public ReservoirSampler(int capacity, RandomGenerator random) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.random = random;
        this.reservoir = new ArrayList<>(Math.min(capacity, 1 << 16));
    }

    /** Offers one item. */
    public void offer(T item) {
        seen++;
        if (reservoir.size() < capacity) {
            reservoir.add(item);
            return;
        }
        long j = random.nextLong(seen);
        if (j < capacity) {
            reservoir.set((int) j, item);
        }
    }

    /** Items offered so far. */
    public long seen() {
        return seen;
    }

    /** Whether more items were offered than kept. */
    public boolean sampled() {
        return seen > capacity;
    }

    /** The kept items (in no particular order); the sampler's own list, do not modify. */
    public List<T> items() {
        return reservoir;
    }
}
