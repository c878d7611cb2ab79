package io.driftline.jobs.drift;

import io.driftline.events.FeedbackEvent;
import io.driftline.operators.window.SpreadKeys;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys feedback for the first window stage: the model (or {@code model|segment}, {@link
 * ModelKeySelector}) spread by event id over every subtask ({@link SpreadKeys}), so one busy model
 * keeps all of them busy and a prediction meets its late outcome.
 */
public final class SpreadKeySelector implements KeySelector<FeedbackEvent, String> {

    private static final long serialVersionUID = 1L;

    private final ModelKeySelector model;
    private final SpreadKeys keys;

    public SpreadKeySelector(String segmentKey, int parallelism, int maxParallelism) {
        this.model = new ModelKeySelector(segmentKey);
        this.keys = new SpreadKeys(parallelism, maxParallelism);
    }

    @Override
    public String getKey(FeedbackEvent event) {
        return keys.key(model.getKey(event), event.eventId());
    }
}
