package io.driftline.core.decision;

import io.driftline.core.sketch.CategoryCounts;
import io.driftline.core.summary.FeatureSummary;
import io.driftline.core.summary.ObservedKind;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.DriftReport;
import io.driftline.events.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the shape of a window with its reference: features that changed kind, appeared or
 * stopped arriving, and categories the reference never saw. Pure; the drift job puts the result in
 * each report's {@code schema_drift} block and alerts on it ({@code ModelSchemaDrift}).
 *
 * <p>Severity: {@code drift} when a reference feature is missing from a window that has events, or
 * when more than {@link #DRIFT_SHARE} of a feature's values changed kind or are unseen categories;
 * {@code warning} for any smaller schema change (a new feature, a few odd values); {@code none}
 * otherwise.
 */
public final class SchemaDriftRule {

    /** Share of a feature's values beyond which kind changes or unseen categories are drift. */
    public static final double DRIFT_SHARE = 0.10;

    private SchemaDriftRule() {}

    /** The schema drift of {@code window} against {@code reference}. */
    public static DriftReport.SchemaDrift compare(WindowSummary reference, WindowSummary window) {
        Map<String, Long> kindChanges = new TreeMap<>();
        Map<String, Long> unseen = new TreeMap<>();
        List<String> added = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean drift = false;
        for (Map.Entry<String, FeatureSummary> e : window.features().entrySet()) {
            String name = e.getKey();
            FeatureSummary current = e.getValue();
            FeatureSummary ref = reference.features().get(name);
            long values = current.count() + current.kindMismatches();
            if (ref == null || ref.kind() == ObservedKind.UNKNOWN) {
                if (ref == null) {
                    added.add(name);
                }
                if (current.kindMismatches() > 0) {
                    kindChanges.put(name, current.kindMismatches());
                    drift |= share(current.kindMismatches(), values) > DRIFT_SHARE;
                }
                continue;
            }
            long changed;
            if (current.kind() == ObservedKind.UNKNOWN) {
                changed = current.kindMismatches();
            } else if (current.kind() == ref.kind()) {
                changed = current.kindMismatches();
            } else {
                // the window's first value had the other kind: what it summarised is the change
                changed = current.count();
            }
            if (changed > 0) {
                kindChanges.put(name, changed);
                drift |= share(changed, values) > DRIFT_SHARE;
            }
            if (current.kind() == ObservedKind.CATEGORICAL
                    && ref.kind() == ObservedKind.CATEGORICAL) {
                long notSeen = unseenCategories(ref.categoryCounts(), current.categoryCounts());
                if (notSeen > 0) {
                    unseen.put(name, notSeen);
                    drift |= share(notSeen, values) > DRIFT_SHARE;
                }
            }
        }
        if (window.eventCount() > 0) {
            for (Map.Entry<String, FeatureSummary> e : reference.features().entrySet()) {
                FeatureSummary ref = e.getValue();
                if (ref.count() > 0 && !window.features().containsKey(e.getKey())) {
                    missing.add(e.getKey());
                    drift = true;
                }
            }
        }
        boolean any =
                !kindChanges.isEmpty()
                        || !unseen.isEmpty()
                        || !added.isEmpty()
                        || !missing.isEmpty();
        Severity severity = drift ? Severity.DRIFT : any ? Severity.WARNING : Severity.NONE;
        if (severity == Severity.NONE) {
            return DriftReport.SchemaDrift.NONE;
        }
        return new DriftReport.SchemaDrift(kindChanges, added, missing, unseen, severity);
    }

    /**
     * Values of categories the reference provably never saw: kept exactly by both maps (below both
     * cutoffs of the bounded counts) yet absent from the reference.
     */
    static long unseenCategories(CategoryCounts reference, CategoryCounts window) {
        long unseen = 0;
        for (Map.Entry<String, Long> c : window.frequencies().entrySet()) {
            if (reference.countOf(c.getKey()) == 0
                    && CategoryCounts.isComparable(c.getKey(), reference, window)) {
                unseen += c.getValue();
            }
        }
        return unseen;
    }

    private static double share(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }
}
