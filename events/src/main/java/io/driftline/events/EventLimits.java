package io.driftline.events;

/**
 * Bounds a parsed message must stay within, so one bad producer cannot exhaust a job's memory.
 *
 * @param maxPayloadBytes largest payload, checked before parsing (default 1 MiB)
 * @param maxFeatures most entries in a feature map, a feature list, a profile, a frequency map or a
 *     list of report ids (default 1000)
 * @param maxStringLength longest string value in chars (default 4096); base64 blobs ({@code
 *     sketch}, {@code payload_base64}, {@code payload_text}) are bounded by the payload size only
 * @param maxKeyLength longest map key in chars (default 256)
 * @param maxLabels most entries in labels, segment, statistics, metrics and baseline maps (default
 *     64)
 */
public record EventLimits(
        int maxPayloadBytes, int maxFeatures, int maxStringLength, int maxKeyLength, int maxLabels)
        implements java.io.Serializable {

    /** The defaults: 1 MiB, 1000 features, 4096-char strings, 256-char keys, 64 labels. */
    public static final EventLimits DEFAULTS = new EventLimits(1 << 20, 1000, 4096, 256, 64);

    public EventLimits {
        requirePositive(maxPayloadBytes, "maxPayloadBytes");
        requirePositive(maxFeatures, "maxFeatures");
        requirePositive(maxStringLength, "maxStringLength");
        requirePositive(maxKeyLength, "maxKeyLength");
        requirePositive(maxLabels, "maxLabels");
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
