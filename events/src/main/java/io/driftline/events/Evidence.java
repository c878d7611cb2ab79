package io.driftline.events;

import java.util.List;
import java.util.Map;

/**
 * What made a retrain trigger fire: the drift reports and the statistics that crossed their
 * thresholds, so every retrain can be traced to its windows.
 *
 * @param reportIds ids of the {@link DriftReport}s behind the decision; empty when none
 * @param statistics statistic name to value, e.g. {@code age.psi -> 0.31}; empty when none
 * @param summary a short human-readable explanation, nullable
 */
public record Evidence(List<String> reportIds, Map<String, Double> statistics, String summary) {

    /** Evidence with no reports, no statistics and no summary (scheduled and manual triggers). */
    public static final Evidence EMPTY = new Evidence(List.of(), Map.of(), null);

    public Evidence {
        reportIds = WireCollections.list(reportIds, "reportIds");
        statistics = WireCollections.map(statistics, "statistics");
    }
}
