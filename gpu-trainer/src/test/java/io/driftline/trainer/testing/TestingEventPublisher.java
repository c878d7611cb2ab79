package io.driftline.trainer.testing;

import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.publish.EventPublisher;
import io.driftline.trainer.publish.ModelPublishException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what the trainer publishes, in order, instead of sending it to Kafka. */
public final class TestingEventPublisher implements EventPublisher {

    public final List<RetrainTrigger> triggers = new CopyOnWriteArrayList<>();
    public final List<RetrainStatus> statuses = new CopyOnWriteArrayList<>();
    public final List<ModelPublished> models = new CopyOnWriteArrayList<>();
    public volatile boolean failModels;

    @Override
    public void trigger(RetrainTrigger trigger) {
        triggers.add(trigger);
    }

    @Override
    public boolean status(RetrainStatus status) {
        statuses.add(status);
        return true;
    }

    @Override
    public void model(ModelPublished published) throws ModelPublishException {
        if (failModels) {
            throw new ModelPublishException(
                    "could not publish", new IllegalStateException("broker down"));
        }
        models.add(published);
    }

    @Override
    public void close() {}
}
