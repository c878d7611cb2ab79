package io.driftline.events;

import java.time.Duration;

/**
 * Bounds a parsed message must stay within, so one bad producer cannot exhaust a job's memory or
 * hijack its event time.
 *
 * @param maxPayloadBytes largest payload, checked before parsing (default 1 MiB)
 * @param maxFeatures most entries in a feature map, a feature list, a profile, a frequency map or a
 *     list of report ids (default 1000)
 * @param maxStringLength longest string value in chars (default 4096); base64 blobs ({@code
 *     sketch}, {@code payload_base64}, {@code payload_text}) are bounded by the payload size only
 * @param maxKeyLength longest map key in chars (default 256)
 * @param maxLabels most entries in labels, segment, statistics, metrics and baseline maps (default
 *     64)
 * @param maxEventLeadMillis how far a feedback event's or metric sample's {@code ts} may lie ahead
 *     of the processing time of the job that reads it (default 1 hour); checked by {@link
 *     #checkEventTime}, not by the parser, which knows no clock
 * @param maxEventAgeMillis how far it may lie behind (default 30 days); older is "too late"
 */
public record EventLimits(
        int maxPayloadBytes,
        int maxFeatures,
        int maxStringLength,
        int maxKeyLength,
        int maxLabels,
        long maxEventLeadMillis,
        long maxEventAgeMillis)
        implements java.io.Serializable {

    /** Default bound on how far event time may run ahead of processing time. */
    public static final Duration DEFAULT_MAX_EVENT_LEAD = Duration.ofHours(1);

    /** Default bound on how far event time may lag behind processing time. */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofDays(30);

    /**
     * The defaults: 1 MiB, 1000 features, 4096-char strings, 256-char keys, 64 labels, 1 h, 30 d.
     */
    public static final EventLimits DEFAULTS = new EventLimits(1 << 20, 1000, 4096, 256, 64);

    public EventLimits {
        requirePositive(maxPayloadBytes, "maxPayloadBytes");
        requirePositive(maxFeatures, "maxFeatures");
        requirePositive(maxStringLength, "maxStringLength");
        requirePositive(maxKeyLength, "maxKeyLength");
        requirePositive(maxLabels, "maxLabels");
        requirePositive(maxEventLeadMillis, "maxEventLeadMillis");
        requirePositive(maxEventAgeMillis, "maxEventAgeMillis");
    }

    /** Structural bounds with the default event-time window. */
    public EventLimits(
            int maxPayloadBytes,
            int maxFeatures,
            int maxStringLength,
            int maxKeyLength,
            int maxLabels) {
        this(
                maxPayloadBytes,
                maxFeatures,
                maxStringLength,
                maxKeyLength,
                maxLabels,
                DEFAULT_MAX_EVENT_LEAD.toMillis(),
                DEFAULT_MAX_EVENT_AGE.toMillis());
    }

    /** These bounds with another event-time window. */
    public EventLimits withEventTimeWindow(Duration maxLead, Duration maxAge) {
        return new EventLimits(
                maxPayloadBytes,
                maxFeatures,
                maxStringLength,
                maxKeyLength,
                maxLabels,
                maxLead.toMillis(),
                maxAge.toMillis());
    }

    /**
     * Checks an event time against the processing time {@code now}.
     *
     * @return null when {@code ts} lies within [now - maxEventAge, now + maxEventLead], else the
     *     reason: {@code too late: ts ...} or {@code too far in the future: ts ...}
     */
    public String checkEventTime(long ts, long now) {
        if (ts > now && ts - now > maxEventLeadMillis) {
            return "too far in the future: ts is "
                    + human(ts - now)
                    + " ahead of processing time (limit "
                    + human(maxEventLeadMillis)
                    + ")";
        }
        if (ts < now && now - ts > maxEventAgeMillis) {
            return "too late: ts is "
                    + human(now - ts)
                    + " behind processing time (limit "
                    + human(maxEventAgeMillis)
                    + ")";
        }
        return null;
    }

    /**
     * A rough, readable length of time: {@code 90 s}, {@code 12 min}, {@code 3 h}, {@code 45 days}.
     */
    static String human(long millis) {
        if (millis < 0) {
            return "-" + human(-millis);
        }
        long seconds = millis / 1000;
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 72) {
            return hours + " h";
        }
        return hours / 24 + " days";
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
