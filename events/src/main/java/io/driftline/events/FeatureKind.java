package io.driftline.events;

/** Whether a feature is numeric or categorical; JSON {@code numeric | categorical}. */
public enum FeatureKind {
    NUMERIC,
    CATEGORICAL
}
