package io.driftline.events;

/**
 * What a {@link DriftReport} measured; JSON {@code feature | metric}. A feature report compares a
 * window of feedback against the model's reference profile; a metric report carries the verdicts on
 * the model's metric streams (latency, error counts, accuracy gauges) and has no reference.
 *
 * <p>Reports written before this field existed told a metric report by {@code reference_version =
 * "metrics"}; the decoder still reads them that way ({@link #LEGACY_METRICS_REFERENCE}).
 */
public enum ReportKind {
    FEATURE,
    METRIC;

    /** The {@code reference_version} that marked a metric report before {@code kind} existed. */
    public static final String LEGACY_METRICS_REFERENCE = "metrics";
}
