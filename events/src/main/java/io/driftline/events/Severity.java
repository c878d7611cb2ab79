package io.driftline.events;

/** How far a window, feature or model has drifted; JSON {@code none | warning | drift}. */
public enum Severity {
    NONE,
    WARNING,
    DRIFT;

    /** The worse of this and {@code other}. */
    public Severity max(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
