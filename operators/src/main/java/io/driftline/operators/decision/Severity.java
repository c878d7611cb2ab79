package io.driftline.operators.decision;

/** How bad a window looks: nothing, worth a look, or drifted (retrain candidate). */
public enum Severity {
    NONE("none"),
    WARNING("warning"),
    DRIFT("drift");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in reports. */
    public String wireName() {
        return wireName;
    }

    /** The worse of two severities. */
    public Severity max(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
