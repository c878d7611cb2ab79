package io.driftline.core.sketch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bounded frequency map of one categorical stream: exact counts for at most {@code maxDistinct}
 * categories, everything else counted in an "other" bucket.
 *
 * <p>Which categories are kept is decided by a fixed 64-bit hash of the category name, not by
 * arrival order: the map keeps the {@code maxDistinct} categories with the smallest (hash, name)
 * keys among all categories ever seen (a bottom-k sample of the distinct categories). Hence:
 *
 * <ul>
 *   <li>the result is a deterministic function of the multiset of values, independent of order;
 *   <li>merging partials gives exactly the summary of the concatenated stream (a category kept in
 *       the union is kept with its full count in every partial, because each partial saw a subset
 *       of the union's distinct categories), so merge is commutative and associative;
 *   <li>a kept category's count is exact, and once the map is saturated every category whose key is
 *       at most {@link #cutoffKey()} is kept — two summaries can therefore be compared exactly on
 *       the categories below both cutoffs (see {@link #isComparable}).
 * </ul>
 *
 * <p>The price: in a feature with more than {@code maxDistinct} categories a frequent category may
 * fall into "other". Most categorical features stay well below the default 256.
 */
public final class CategoryCounts {

    /** Default maximum number of categories counted individually. */
    public static final int DEFAULT_MAX_DISTINCT = 256;

    /** Name of the bucket holding the categories not counted individually, in reports. */
    public static final String OTHER = "__other__";

    /** Version of the byte format written by {@link #toBytes()}. */
    public static final byte FORMAT_VERSION = 1;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int maxDistinct;
    private final HashMap<String, Entry> entries = new HashMap<>();
    private long otherCount;
    private long total;

    /** The kept entry with the largest key; only maintained while saturated. */
    private Entry largest;

    /** Creates an empty map with {@link #DEFAULT_MAX_DISTINCT}. */
    public CategoryCounts() {
        this(DEFAULT_MAX_DISTINCT);
    }

    /** Creates an empty map keeping at most {@code maxDistinct} (at least 1) categories. */
    public CategoryCounts(int maxDistinct) {
        if (maxDistinct < 1) {
            throw new IllegalArgumentException(
                    "maxDistinct must be at least 1 but was " + maxDistinct);
        }
        this.maxDistinct = maxDistinct;
    }

    /** Counts one occurrence of {@code category}. */
    public void update(String category) {
        add(category, 1);
    }

    /** Counts {@code count} occurrences of {@code category}. */
    public void add(String category, long count) {
        if (category == null) {
            throw new IllegalArgumentException("category must not be null; count it as missing");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative but was " + count);
        }
        if (count == 0) {
            return;
        }
        total += count;
        Entry existing = entries.get(category);
        if (existing != null) {
            existing.count += count;
            return;
        }
        Entry entry = new Entry(category, hash(category), count);
        if (entries.size() < maxDistinct) {
            entries.put(category, entry);
            if (entries.size() == maxDistinct) {
                largest = findLargest();
            }
            return;
        }
        if (entry.compareTo(largest) > 0) {
            otherCount += count;
            return;
        }
        entries.remove(largest.name);
        otherCount += largest.count;
        entries.put(category, entry);
        largest = findLargest();
    }

    /** Adds all counts of {@code other}; both maps must have the same {@code maxDistinct}. */
    public void merge(CategoryCounts other) {
        if (other.maxDistinct != maxDistinct) {
            throw new IllegalArgumentException(
                    String.format(
                            "cannot merge category counts with maxDistinct %s into %s: the"
                                    + " result would not be exact; use the same setting",
                            other.maxDistinct, maxDistinct));
        }
        for (Entry e : other.entries.values()) {
            Entry mine = entries.get(e.name);
            if (mine != null) {
                mine.count += e.count;
            } else {
                entries.put(e.name, new Entry(e.name, e.keyHash, e.count));
            }
        }
        otherCount += other.otherCount;
        total += other.total;
        while (entries.size() > maxDistinct) {
            Entry evict = findLargest();
            entries.remove(evict.name);
            otherCount += evict.count;
        }
        largest = entries.size() == maxDistinct ? findLargest() : null;
    }

    /** Total number of occurrences counted, other bucket included. */
    public long count() {
        return total;
    }

    /** Occurrences of categories not counted individually. */
    public long otherCount() {
        return otherCount;
    }

    /** The configured maximum number of individually counted categories. */
    public int maxDistinct() {
        return maxDistinct;
    }

    /** Exact count of {@code category} if it is kept, else 0. */
    public long countOf(String category) {
        Entry e = entries.get(category);
        return e == null ? 0 : e.count;
    }

    /** The individually counted categories, sorted by name. */
    public Map<String, Long> frequencies() {
        TreeMap<String, Long> out = new TreeMap<>();
        for (Entry e : entries.values()) {
            out.put(e.name, e.count);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Whether some category was pushed into the other bucket; from then on exactly the categories
     * with key at most {@link #cutoffKey()} are counted individually.
     */
    public boolean isSaturated() {
        return otherCount > 0;
    }

    /**
     * The sort key of the largest kept category when saturated; {@code null} when every category
     * seen is kept.
     */
    public CategoryKey cutoffKey() {
        return isSaturated() ? new CategoryKey(largest.keyHash, largest.name) : null;
    }

    /**
     * Whether {@code category} is counted exactly by both {@code a} and {@code b}, i.e. lies at or
     * below both cutoffs. Comparisons between two maps bin all other categories together.
     */
    public static boolean isComparable(String category, CategoryCounts a, CategoryCounts b) {
        CategoryKey key = new CategoryKey(hash(category), category);
        return belowCutoff(key, a.cutoffKey()) && belowCutoff(key, b.cutoffKey());
    }

    private static boolean belowCutoff(CategoryKey key, CategoryKey cutoff) {
        return cutoff == null || key.compareTo(cutoff) <= 0;
    }

    /**
     * The stable 64-bit hash deciding which categories are kept: FNV-1a over the UTF-16 code units,
     * finished with the MurmurHash3 fmix64 avalanche. It must never change, since persisted
     * profiles rely on it.
     */
    public static long hash(String category) {
        long h = FNV_OFFSET;
        for (int i = 0; i < category.length(); i++) {
            h ^= category.charAt(i);
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private Entry findLargest() {
        Entry max = null;
        for (Entry e : entries.values()) {
            if (max == null || e.compareTo(max) > 0) {
                max = e;
            }
        }
        return max;
    }

    /** Serializes as a version byte, maxDistinct, other count and the name-sorted entries. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + entries.size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            writeBody(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads bytes written by {@link #toBytes()}; rejects unknown format versions. */
    public static CategoryCounts fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        String.format(
                                "unsupported category counts format version %s (this build"
                                        + " reads version %s)",
                                version, FORMAT_VERSION));
            }
            return readBody(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt category counts bytes", e);
        }
    }

    /** Writes the unversioned body; the caller's format version covers it. */
    public void writeBody(DataOutputStream out) throws IOException {
        out.writeInt(maxDistinct);
        out.writeLong(otherCount);
        Map<String, Long> sorted = frequencies();
        out.writeInt(sorted.size());
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeLong(e.getValue());
        }
    }

    /** Reads a body written by {@link #writeBody}. */
    public static CategoryCounts readBody(DataInputStream in) throws IOException {
        int maxDistinct = in.readInt();
        long other = in.readLong();
        int size = in.readInt();
        if (maxDistinct < 1 || size < 0 || size > maxDistinct || other < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "corrupt category counts: maxDistinct=%s size=%s other=%s",
                            maxDistinct, size, other));
        }
        Map<String, Long> freq = new HashMap<>();
        for (int i = 0; i < size; i++) {
            int len = in.readInt();
            if (len < 0 || len > in.available()) {
                throw new IllegalArgumentException("corrupt category name length " + len);
            }
            byte[] name = new byte[len];
            in.readFully(name);
            freq.put(new String(name, StandardCharsets.UTF_8), in.readLong());
        }
        return restore(maxDistinct, freq, other);
    }

    /**
     * Rebuilds a map from its public parts (as carried in a reference profile): the kept
     * categories, their counts and the other count. A non-zero other count requires exactly {@code
     * maxDistinct} kept categories, as {@link #add} guarantees.
     */
    public static CategoryCounts restore(
            int maxDistinct, Map<String, Long> frequencies, long otherCount) {
        if (otherCount > 0 && frequencies.size() != maxDistinct) {
            throw new IllegalArgumentException(
                    String.format(
                            "an other bucket (%s) implies %s kept categories but there are %s",
                            otherCount, maxDistinct, frequencies.size()));
        }
        if (frequencies.size() > maxDistinct) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s categories exceed maxDistinct %s",
                            frequencies.size(), maxDistinct));
        }
        CategoryCounts counts = new CategoryCounts(maxDistinct);
        for (Map.Entry<String, Long> e : frequencies.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() <= 0) {
                throw new IllegalArgumentException(
                        "category counts must be positive, got " + e.getKey() + "=" + e.getValue());
            }
            counts.add(e.getKey(), e.getValue());
        }
        if (otherCount < 0) {
            throw new IllegalArgumentException("other count must not be negative");
        }
        counts.otherCount = otherCount;
        counts.total += otherCount;
        return counts;
    }

    /** An independent copy. */
    public CategoryCounts copy() {
        CategoryCounts c = new CategoryCounts(maxDistinct);
        c.merge(this);
        return c;
    }

    @Override
    public String toString() {
        return "CategoryCounts{kept=" + entries.size() + ", other=" + otherCount + "}";
    }

    /** The total order deciding which categories are kept: hash first, name on a collision. */
    public record CategoryKey(long hash, String name) implements Comparable<CategoryKey> {
        @Override
        public int compareTo(CategoryKey o) {
            int c = Long.compare(hash, o.hash);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    private static final class Entry implements Comparable<Entry> {
        final String name;
        final long keyHash;
        long count;

        Entry(String name, long keyHash, long count) {
            this.name = name;
            this.keyHash = keyHash;
            this.count = count;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(keyHash, o.keyHash);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }
}
