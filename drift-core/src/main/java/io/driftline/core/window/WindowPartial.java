package io.driftline.core.window;

import java.util.Objects;

/**
 * One part of a window's summary: what one subtask's share of the traffic (a model's predictions on
 * one subtask of the first window stage, or the outcomes joined on one subtask of the outcome join)
 * added to the window of {@code key} starting at {@code windowStart}. The summaries are mergeable,
 * so the evaluating stage merges a window's parts into the whole window; a part sent again (late
 * data changed it) replaces the one sent before.
 *
 * @param key the model, or {@code model|segment}
 * @param part which share of the key's traffic: the stage's prefix and its subtask, e.g. {@code l0}
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
