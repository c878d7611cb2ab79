package io.driftline.trainer.claim;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.driftline.events.DefaultNames;
import io.driftline.events.EventDocuments;
import io.driftline.events.ParseResult;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.TriggerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The retrain triggers in MongoDB ({@code retraining_triggers}, {@code _id} = trigger id) and the
 * atomic compare-and-set operations trainers coordinate through: insert-if-absent, claim with a
 * lease, renew, and the recorded transitions.
 *
 * <p>A document is the trigger's contract ({@link EventDocuments}) plus {@code _id} and {@code
 * updated_at}. A claim is one {@code findOneAndUpdate} whose filter only matches a pending trigger
 * or a running one whose lease has expired, so of two trainers racing for the same trigger exactly
 * one wins, and a completed, failed, rejected or resolved trigger is never trained again.
 */
public final class TriggerStore {

    /** Default collection name. */
    public static final String COLLECTION = DefaultNames.TRIGGERS_COLLECTION;

    static final String ID = "_id";
    static final String STATUS = "status";
    static final String TRAINER_ID = "trainer_id";
    static final String LEASE_UNTIL = "lease_until";
    static final String ATTEMPTS = "attempts";
    static final String UPDATED_AT = "updated_at";

    private final MongoCollection<Document> triggers;

    public TriggerStore(MongoDatabase database) {
        this(database.getCollection(COLLECTION));
    }

    public TriggerStore(MongoCollection<Document> triggers) {
        this.triggers = Objects.requireNonNull(triggers, "triggers");
    }

    /** The trigger with this id, if stored. */
    public Optional<RetrainTrigger> find(String triggerId) {
        return Optional.ofNullable(triggers.find(Filters.eq(ID, triggerId)).first())
                .map(TriggerStore::decode);
    }

    /**
     * Stores {@code delivered} as a fresh pending trigger unless one with its id exists.
     *
     * @return the stored pending trigger when this call created it, empty when it existed
     */
    public Optional<RetrainTrigger> insertIfAbsent(RetrainTrigger delivered, long now) {
        RetrainTrigger pending = delivered.asPending();
        try {
            triggers.insertOne(encode(pending, now));
            return Optional.of(pending);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Claims the trigger for {@code trainerId} until {@code leaseUntil}, atomically, if it is
     * pending or running with a lease that ended before {@code now}.
     *
     * @return the claim, or empty when the trigger is absent, running under a live lease, or in a
     *     final status
     */
    public Optional<TriggerClaim> claim(
            String triggerId, String trainerId, long now, long leaseUntil) {
        Bson claimable =
                Filters.and(
                        Filters.eq(ID, triggerId),
                        Filters.or(
                                Filters.eq(STATUS, wire(TriggerStatus.PENDING)),
                                Filters.and(
                                        Filters.eq(STATUS, wire(TriggerStatus.RUNNING)),
                                        Filters.lt(LEASE_UNTIL, now))));
        Bson update =
                Updates.combine(
                        Updates.set(STATUS, wire(TriggerStatus.RUNNING)),
                        Updates.set(TRAINER_ID, trainerId),
                        Updates.set(LEASE_UNTIL, leaseUntil),
                        Updates.set("started_at", now),
                        Updates.set("completed_at", null),
                        Updates.set("error", null),
                        Updates.inc(ATTEMPTS, 1),
                        Updates.set(UPDATED_AT, now));
        Document before =
                triggers.findOneAndUpdate(
                        claimable,
                        update,
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return Optional.empty();
        }
        RetrainTrigger previous = decode(before);
        RetrainTrigger from =
                previous.status() == TriggerStatus.RUNNING
                        ? previous.withStatus(TriggerStatus.PENDING, now)
                        : previous;
        RetrainTrigger claimed =
                from.withStatus(TriggerStatus.RUNNING, now).withClaim(trainerId, leaseUntil);
        return Optional.of(new TriggerClaim(previous, claimed));
    }

    /**
     * Extends the lease of a trigger this trainer still holds.
     *
     * @return false when the claim was lost (taken over after expiry, or resolved manually)
     */
    public boolean renew(String triggerId, String trainerId, long leaseUntil, long now) {
        return triggers.updateOne(
                                held(triggerId, trainerId),
                                Updates.combine(
                                        Updates.set(LEASE_UNTIL, leaseUntil),
                                        Updates.set(UPDATED_AT, now)))
                        .getMatchedCount()
                == 1;
    }

    /**
     * Records {@code next} (a transition out of running) if {@code claimed}'s trainer still holds
     * the claim.
     *
     * @return false when the claim was lost and nothing was written
     */
    public boolean record(RetrainTrigger claimed, RetrainTrigger next, long now) {
        return triggers.updateOne(
                                held(claimed.triggerId(), claimed.trainerId()),
                                lifecycle(next, now))
                        .getMatchedCount()
                == 1;
    }

    /**
     * Marks the trigger resolved_manually, whatever trainer holds it.
     *
     * @return the trigger before and after
     * @throws NoSuchElementException if no trigger has this id
     * @throws IllegalStateException if it is already completed, rejected or resolved
     */
    public TriggerClaim resolve(String triggerId, long now) {
        for (int attempt = 0; attempt < 10; attempt++) {
            RetrainTrigger before =
                    find(triggerId)
                            .orElseThrow(
                                    () ->
                                            new NoSuchElementException(
                                                    "no trigger with id " + triggerId));
            RetrainTrigger after = before.withStatus(TriggerStatus.RESOLVED_MANUALLY, now);
            Bson unchanged =
                    Filters.and(
                            Filters.eq(ID, triggerId),
                            Filters.eq(STATUS, wire(before.status())),
                            Filters.eq(ATTEMPTS, before.attempts()));
            if (triggers.updateOne(unchanged, lifecycle(after, now)).getMatchedCount() == 1) {
                return new TriggerClaim(before, after);
            }
        }
        throw new IllegalStateException("trigger " + triggerId + " kept changing; try again");
    }

    /** Triggers, newest first, optionally only those in {@code status}. */
    public List<RetrainTrigger> list(Optional<TriggerStatus> status, int limit) {
        Bson filter = status.map(s -> Filters.eq(STATUS, wire(s))).orElse(new Document());
        List<RetrainTrigger> out = new ArrayList<>();
        for (Document d :
                triggers.find(filter).sort(Sorts.descending("triggered_at")).limit(limit)) {
            out.add(decode(d));
        }
        return out;
    }

    /**
     * Triggers a sweeping trainer should try to claim: running with a lease that ended before
     * {@code now} (their trainer died), or pending and untouched since {@code staleBefore} (their
     * Kafka record was handled by a trainer that skipped or lost them).
     */
    public List<RetrainTrigger> orphans(long now, long staleBefore, int limit) {
        Bson filter =
                Filters.or(
                        Filters.and(
                                Filters.eq(STATUS, wire(TriggerStatus.RUNNING)),
                                Filters.lt(LEASE_UNTIL, now)),
                        Filters.and(
                                Filters.eq(STATUS, wire(TriggerStatus.PENDING)),
                                Filters.lt(UPDATED_AT, staleBefore)));
        List<RetrainTrigger> out = new ArrayList<>();
        for (Document d :
                triggers.find(filter).sort(Sorts.ascending("triggered_at")).limit(limit)) {
            out.add(decode(d));
        }
        return out;
    }

    /** A pending or running trigger of {@code model}, if there is one. */
    public Optional<RetrainTrigger> active(String model) {
        Bson filter =
                Filters.and(
                        Filters.eq("model", model),
                        Filters.in(
                                STATUS, wire(TriggerStatus.PENDING), wire(TriggerStatus.RUNNING)));
        return Optional.ofNullable(triggers.find(filter).first()).map(TriggerStore::decode);
    }

    /** Names of the models with at least one trigger. */
    public List<String> models() {
        return triggers.distinct("model", String.class).into(new ArrayList<>());
    }

    /** The JSON value of a status, e.g. {@code resolved_manually}. */
    public static String wire(TriggerStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Bson held(String triggerId, String trainerId) {
        return Filters.and(
                Filters.eq(ID, triggerId),
                Filters.eq(STATUS, wire(TriggerStatus.RUNNING)),
                Filters.eq(TRAINER_ID, trainerId));
    }

    private static Bson lifecycle(RetrainTrigger t, long now) {
        return Updates.combine(
                Updates.set(STATUS, wire(t.status())),
                Updates.set(ATTEMPTS, t.attempts()),
                Updates.set("error", t.error()),
                Updates.set(LEASE_UNTIL, t.leaseUntil()),
                Updates.set(TRAINER_ID, t.trainerId()),
                Updates.set("started_at", t.startedAt()),
                Updates.set("completed_at", t.completedAt()),
                Updates.set("model_version", t.modelVersion()),
                Updates.set(UPDATED_AT, now));
    }

    static Document encode(RetrainTrigger trigger, long now) {
        Document d = EventDocuments.toMongoDocument(trigger);
        d.put(ID, trigger.triggerId());
        d.put(UPDATED_AT, now);
        return d;
    }

    static RetrainTrigger decode(Document document) {
        // _id is left out and the store's own fields (updated_at) are unknown to the contract
        ParseResult<RetrainTrigger> parsed =
                EventDocuments.fromDocument(document, RetrainTrigger.class);
        if (!parsed.isValid()) {
            throw new IllegalStateException(
                    COLLECTION
                            + " document "
                            + document.get(ID)
                            + " is not a valid trigger: "
                            + parsed.reason());
        }
        return parsed.value();
    }
}
