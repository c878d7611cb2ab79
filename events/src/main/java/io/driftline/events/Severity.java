package io.driftline.events;

/** How far a window, feature or model has drifted; JSON {@code none | warning | drift}. */
public enum Severity {
    NONE,
    WARNING,
    DRIFT
}
