package io.driftline.operators.window;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Keys that spread one model's traffic over every subtask of the summarizing stage: {@code
 * base#part}, where {@code base} is the model (or {@code model|segment}) and the part follows from
 * the event id, so a prediction and its late outcome always meet. For each base and subtask a part
 * is chosen that Flink assigns to that subtask, so a single hot model keeps all subtasks equally
 * busy (with plain hashing a few keys land unevenly). Model names cannot contain {@code #}, and the
 * part is the last {@code #}, so base and part are always recoverable.
 *
 * <p>The parts depend on the parallelism: after a rescale, events of one id go to a new part, and
 * an outcome whose prediction was pending in the old part is counted as unmatched. Correctness of
 * the windows never depends on the placement, only the balance does.
 */
public final class SpreadKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final char SEPARATOR = '#';
    private static final int MAX_TRIES = 100_000;

    private final int parallelism;
    private final int maxParallelism;
    private transient Map<String, String[]> keysByBase;

    /**
     * @param parallelism subtasks of the summarizing stage (1: no spreading)
     * @param maxParallelism its maximum parallelism (the number of key groups)
     */
    public SpreadKeys(int parallelism, int maxParallelism) {
        if (parallelism < 1 || maxParallelism < parallelism) {
            throw new IllegalArgumentException(
                    "parallelism " + parallelism + ", max parallelism " + maxParallelism);
        }
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
    }

    /** The spread key of an event of {@code base} with id {@code eventId}. */
    public String key(String base, String eventId) {
        if (keysByBase == null) {
            keysByBase = new HashMap<>();
        }
        String[] keys = keysByBase.computeIfAbsent(base, this::keysFor);
        return keys[Math.floorMod(mix(eventId.hashCode()), parallelism)];
    }

    private String[] keysFor(String base) {
        String[] keys = new String[parallelism];
        int found = 0;
        for (int part = 0; part < MAX_TRIES && found < parallelism; part++) {
            String key = base + SEPARATOR + part;
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            key, maxParallelism, parallelism);
            if (keys[subtask] == null) {
                keys[subtask] = key;
                found++;
            }
        }
        for (int i = 0; i < parallelism; i++) {
            if (keys[i] == null) {
                keys[i] = base + SEPARATOR + "s" + i; // unreachable in practice: still a valid key
            }
        }
        return keys;
    }

    /** The model, or {@code model|segment}, of a spread key (a key without a part is its base). */
    public static String baseOf(String key) {
        int at = key.lastIndexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }

    /** The part of a spread key ("" for a key without one). */
    public static String partOf(String key) {
        int at = key.lastIndexOf(SEPARATOR);
        return at < 0 ? "" : key.substring(at + 1);
    }

    /** The model of a key: {@code model}, {@code model|segment}, with or without a part. */
    public static String modelOf(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '|' || c == SEPARATOR) {
                return key.substring(0, i);
            }
        }
        return key;
    }

    /** Spreads the bits of a string hash (which clusters for similar ids) before the modulo. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
