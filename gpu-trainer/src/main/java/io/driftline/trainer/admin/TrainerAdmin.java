package io.driftline.trainer.admin;

import com.mongodb.client.MongoCollection;
import io.driftline.events.EventJson;
import io.driftline.events.Evidence;
import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.trainer.claim.TriggerClaim;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.publish.EventPublisher;
import io.driftline.trainer.publish.ModelPublishException;
import io.driftline.trainer.publish.PublishException;
import io.driftline.trainer.registry.ModelRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.bson.Document;

/**
 * The operator's actions, shared by the admin HTTP API and the CLI: request a manual retrain, roll
 * a model back (and publish the restored version), resolve a trigger by hand.
 */
public final class TrainerAdmin {

    /** A request the current state does not allow (e.g. a retrain while one is active). */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConflictException(String message) {
            super(message);
        }
    }

    /** What a retrain request did for one model. */
    public record Requested(String model, String triggerId, boolean sent, String detail) {}

    private final TriggerStore triggers;
    private final ModelRegistry registry;
    private final EventPublisher publisher;
    private final MongoCollection<Document> feedback;
    private final Clock clock;

    /**
     * @param feedback {@code ml_feedback}, to find every model for {@code all}; may be null
     */
    public TrainerAdmin(
            TriggerStore triggers,
            ModelRegistry registry,
            EventPublisher publisher,
            MongoCollection<Document> feedback,
            Clock clock) {
        this.triggers = triggers;
        this.registry = registry;
        this.publisher = publisher;
        this.feedback = feedback;
        this.clock = clock;
    }

    /**
     * Sends a manual trigger for {@code model}, or for every known model when {@code model} is
     * empty. Without {@code force}, a model with a pending or running trigger is skipped.
     *
     * @throws IllegalArgumentException if no model is named and none is known
     * @throws ConflictException if the one named model has an active trigger and force is off
     */
    public List<Requested> retrain(Optional<String> model, boolean force) throws PublishException {
        List<String> models = model.map(List::of).orElseGet(this::knownModels);
        if (models.isEmpty()) {
            throw new IllegalArgumentException(
                    "no models known (none registered, triggered or with feedback)");
        }
        long now = clock.millis();
        List<Requested> out = new ArrayList<>();
        for (String m : models) {
            Optional<RetrainTrigger> active = force ? Optional.empty() : triggers.active(m);
            if (active.isPresent()) {
                String detail =
                        "trigger "
                                + active.get().triggerId()
                                + " is "
                                + TriggerStore.wire(active.get().status())
                                + "; use force to retrain anyway";
                if (model.isPresent()) {
                    throw new ConflictException(m + ": " + detail);
                }
                out.add(new Requested(m, active.get().triggerId(), false, detail));
                continue;
            }
            RetrainTrigger trigger =
                    RetrainTrigger.pending(
                            m,
                            now,
                            TriggerReason.MANUAL,
                            Severity.NONE,
                            new Evidence(List.of(), Map.of(), "manual retrain request"),
                            now,
                            force);
            Optional<String> invalid = EventJson.validate(trigger);
            if (invalid.isPresent()) {
                throw new IllegalArgumentException(invalid.get());
            }
            publisher.trigger(trigger);
            out.add(new Requested(m, trigger.triggerId(), true, "sent"));
        }
        return out;
    }

    /**
     * Puts {@code version} of {@code model} back into production and publishes it.
     *
     * @throws IllegalArgumentException if the registry refuses (unknown version, missing artifact)
     */
    public ModelPublished rollback(String model, int version) throws ModelPublishException {
        ModelPublished restored = registry.rollback(model, version);
        publisher.model(restored);
        return restored;
    }

    /**
     * Marks a trigger resolved_manually and publishes the transition.
     *
     * @throws java.util.NoSuchElementException if there is no such trigger
     * @throws ConflictException if it is already completed, rejected or resolved
     */
    public RetrainTrigger resolve(String triggerId) {
        TriggerClaim change;
        try {
            change = triggers.resolve(triggerId, clock.millis());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        publisher.status(RetrainStatus.of(change.previous(), change.claimed(), clock.millis()));
        return change.claimed();
    }

    /** Triggers, newest first. */
    public List<RetrainTrigger> triggers(Optional<TriggerStatus> status, int limit) {
        return triggers.list(status, limit);
    }

    /** Models registered, triggered, or with feedback, sorted. */
    public List<String> knownModels() {
        TreeSet<String> models = new TreeSet<>(registry.models());
        models.addAll(triggers.models());
        if (feedback != null) {
            feedback.distinct("model", String.class).into(models);
        }
        return new ArrayList<>(models);
    }
}
