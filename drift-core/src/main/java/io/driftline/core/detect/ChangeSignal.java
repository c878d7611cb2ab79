package io.driftline.core.detect;

/** What a streaming change detector concluded after one observation. */
public enum ChangeSignal {
    /** The stream looks stationary. */
    NONE,
    /** The stream may be changing; not yet significant at the drift level. */
    WARNING,
    /** A change was detected at the drift level. */
    DRIFT
}
