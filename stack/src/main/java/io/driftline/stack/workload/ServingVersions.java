package io.driftline.stack.workload;

import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.ParseResult;
import io.driftline.stack.kafka.TopicFollower;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The synthetic workload's serving layer: follows {@code driftline.model-updates} and remembers
 * which version of each model is in production, as a model server would. When the drift starts, the
 * versions then serving are noted; a later production version was trained on drifted data and has
 * learned the new concept (a rollback to an older version has not).
 */
final class ServingVersions implements AutoCloseable {

    private final Map<String, Integer> serving = new ConcurrentHashMap<>();
    private final Map<String, Integer> atDrift = new ConcurrentHashMap<>();
    private final TopicFollower follower;
    private volatile boolean driftNoted;

    ServingVersions(String bootstrapServers, String topic) {
        // serving starts with what is in production already: the topic is read from its start
        follower =
                new TopicFollower(
                        bootstrapServers,
                        topic,
                        "driftline-workload-serving",
                        this::onUpdate,
                        e -> {});
    }

    private void onUpdate(byte[] value) {
        ParseResult<ModelPublished> p = EventJson.parseModelPublished(value, EventLimits.DEFAULTS);
        if (p.isValid() && p.value().stage() == ModelStage.PRODUCTION) {
            serving.put(p.value().model(), p.value().version());
        }
    }

    /** Notes the versions serving when the drift starts (once). */
    void driftStarted() {
        if (!driftNoted) {
            driftNoted = true;
            atDrift.putAll(serving);
        }
    }

    /** Whether {@code model} is served by a version published after the drift started. */
    boolean retrainedSinceDrift(String model) {
        Integer now = serving.get(model);
        return driftNoted && now != null && now > atDrift.getOrDefault(model, 0);
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
