package io.driftline.core.metrics;

import io.driftline.events.DriftReport;
import io.driftline.events.Severity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on one metric series in one window: a {@code threshold} signal for every {@link
 * MetricRule} it breaks (the first one also becomes the report's performance block), and a {@code
 * baseline} signal when the value is an anomaly against the series' own {@link SeriesBaseline},
 * which then takes the value in.
 */
public final class MetricAnomalyRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<MetricRule> rules;
    private final int minBaselineWindows;
    private final double zThreshold;

    public MetricAnomalyRules(List<MetricRule> rules, int minBaselineWindows, double zThreshold) {
        this.rules = List.copyOf(rules);
        this.minBaselineWindows = minBaselineWindows;
        this.zThreshold = zThreshold;
    }

    /** What one window of a series showed. */
    public record Verdict(
            List<DriftReport.DetectorSignal> signals, DriftReport.PerformanceDrift breach) {}

    /**
     * Judges the window of {@code series} (e.g. {@code latency_seconds{pod="a"}}) ending at {@code
     * windowEnd} and updates its baseline in place.
     */
    public Verdict evaluate(
            String series, SeriesWindow window, SeriesBaseline baseline, long windowEnd) {
        String name = metricName(series);
        double value = window.value(name);
        List<DriftReport.DetectorSignal> signals = new ArrayList<>();
        DriftReport.PerformanceDrift breach = null;
        for (MetricRule rule : rules) {
            if (rule.metric().equals(name) && rule.breachedBy(value)) {
                signals.add(new DriftReport.DetectorSignal("threshold", series, "drift"));
                if (breach == null) {
                    breach =
                            new DriftReport.PerformanceDrift(
                                    name,
                                    value,
                                    rule.threshold(),
                                    SeriesWindow.clamp(value - rule.threshold()),
                                    Severity.DRIFT);
                }
            }
        }
        if (baseline.isAnomalous(value, minBaselineWindows, zThreshold)) {
            signals.add(new DriftReport.DetectorSignal("baseline", series, "drift"));
        }
        baseline.update(value, windowEnd);
        return new Verdict(signals, breach);
    }

    /** The metric name of a series key: the part before the labels. */
    static String metricName(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }
}
