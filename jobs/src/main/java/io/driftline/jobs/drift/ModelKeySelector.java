package io.driftline.jobs.drift;

import io.driftline.events.FeedbackEvent;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys feedback by model, or by model and segment ({@code model|segment-value}) when a segment key
 * is configured. Model names cannot contain {@code |}, so the model is always recoverable.
 */
public final class ModelKeySelector implements KeySelector<FeedbackEvent, String> {

    private static final long serialVersionUID = 1L;

    private final String segmentKey;

    public ModelKeySelector(String segmentKey) {
        this.segmentKey = segmentKey;
    }

    @Override
    public String getKey(FeedbackEvent event) {
        if (segmentKey == null) {
            return event.model();
        }
        return event.model() + "|" + event.segment().getOrDefault(segmentKey, "_");
    }
}
