package io.driftline.core.window;

import java.util.Objects;

/**
 * One part of a window's summary: what the events of one part of the traffic (the drift job spreads
 * a model over its subtasks) added to the window of {@code key} starting at {@code windowStart}.
 * The summaries are mergeable, so the evaluating stage merges a window's parts into the whole
 * window; a part sent again (a late outcome changed it) replaces the one sent before.
 *
 * @param key the model, or {@code model|segment}
 * @param part which part of the key's traffic (the spread key's suffix)
 * @param windowStart the window's start, epoch millis
 * @param accumulator the part's summary of the window
 */
public record WindowPartial(
        String key, String part, long windowStart, WindowAccumulator accumulator) {

    public WindowPartial {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(accumulator, "accumulator");
    }
}
