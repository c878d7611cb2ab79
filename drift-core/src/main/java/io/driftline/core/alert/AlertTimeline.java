package io.driftline.core.alert;

/**
 * Since when each of one model's report alerts has been active (the event time of the window that
 * raised it), and, while any alert is active, the newest feature window seen (cleared when the
 * model is healthy); {@code null} where an alert is not active. This is all {@link DriftAlertRules}
 * remembers per model; the Flink function keeps it in keyed state.
 */
public final class AlertTimeline {

    private Long lastWindowEnd;
    private Long driftSince;
    private Long degradedSince;
    private Long anomalySince;
    private Long schemaSince;

    public AlertTimeline() {}

    public AlertTimeline(
            Long lastWindowEnd,
            Long driftSince,
            Long degradedSince,
            Long anomalySince,
            Long schemaSince) {
        this.lastWindowEnd = lastWindowEnd;
        this.driftSince = driftSince;
        this.degradedSince = degradedSince;
        this.anomalySince = anomalySince;
        this.schemaSince = schemaSince;
    }

    public Long lastWindowEnd() {
        return lastWindowEnd;
    }

    public Long driftSince() {
        return driftSince;
    }

    public Long degradedSince() {
        return degradedSince;
    }

    public Long anomalySince() {
        return anomalySince;
    }

    public Long schemaSince() {
        return schemaSince;
    }

    void lastWindowEnd(Long value) {
        lastWindowEnd = value;
    }

    void driftSince(Long value) {
        driftSince = value;
    }

    void degradedSince(Long value) {
        degradedSince = value;
    }

    void anomalySince(Long value) {
        anomalySince = value;
    }

    void schemaSince(Long value) {
        schemaSince = value;
    }

    /** Nothing active and nothing to remember: a healthy model keeps no state. */
    public boolean isEmpty() {
        return lastWindowEnd == null
                && driftSince == null
                && degradedSince == null
                && anomalySince == null
                && schemaSince == null;
    }
}
