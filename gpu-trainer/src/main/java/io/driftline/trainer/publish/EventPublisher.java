package io.driftline.trainer.publish;

import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;

/** Where the trainer's messages go: new triggers, trigger transitions and published models. */
public interface EventPublisher extends AutoCloseable {

    /** Sends a trigger (e.g. a manual retrain) to the triggers topic, key = model. */
    void trigger(RetrainTrigger trigger) throws PublishException;

    /**
     * Sends one transition to the status topic, key = model. Best effort: the transition is already
     * recorded in MongoDB, so a failure is logged and counted, not thrown.
     *
     * @return whether the broker acknowledged it
     */
    boolean status(RetrainStatus status);

    /** Sends a registered version to the model-updates topic, key = model, and waits for it. */
    void model(ModelPublished published) throws ModelPublishException;

    @Override
    void close();
}
