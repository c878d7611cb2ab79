package io.driftline.trainer.registry;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.driftline.events.EventDocuments;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModelRegistry} on MongoDB ({@code model_registry}): one document per version in the
 * events JSON form of {@link ModelPublished} ({@code model}, {@code version}, {@code stage}, {@code
 * metrics}, {@code parent_version}, {@code trigger_id}, {@code artifact_uri}, {@code sha256},
 * {@code reference_profile}, {@code published_at}) plus {@code data_until} (the newest feedback
 * time the version was trained on). Versions 1, 2, 3 … are allocated atomically by a unique {@code
 * (model, version)} index; the newest {@code keepLast} artifacts are kept, and the production one
 * always.
 */
public final class MongoModelRegistry implements ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MongoModelRegistry.class);
    private static final String DATA_UNTIL = "data_until";
    private static final String ARTIFACT_DELETED = "artifact_deleted";
    private static final String PRODUCTION = "production";
    private static final String ARCHIVED = "archived";
    private static final int MAX_ALLOCATION_TRIES = 64;

    private final MongoCollection<Document> collection;
    private final ArtifactStore artifacts;
    private final int keepLast;
    private final Clock clock;

    /**
     * A registry on {@code db.collectionName} with artifacts in {@code artifacts}; creates the
     * unique {@code (model, version)} index.
     */
    public MongoModelRegistry(
            MongoDatabase db,
            String collectionName,
            ArtifactStore artifacts,
            int keepLast,
            Clock clock) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        }
        this.collection = db.getCollection(collectionName);
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.keepLast = keepLast;
        this.clock = Objects.requireNonNull(clock, "clock");
        collection.createIndex(
                Indexes.ascending("model", "version"), new IndexOptions().unique(true));
    }

    /** The artifact store. */
    public ArtifactStore artifacts() {
        return artifacts;
    }

    @Override
    public List<String> models() {
        List<String> names = new ArrayList<>();
        collection.distinct("model", String.class).into(names);
        names.sort(null);
        return names;
    }

    @Override
    public List<ModelPublished> versions(String model) {
        List<ModelPublished> out = new ArrayList<>();
        for (Document doc :
                collection.find(Filters.eq("model", model)).sort(Sorts.descending("version"))) {
            out.add(fromDocument(doc));
        }
        return out;
    }

    @Override
    public Optional<ModelPublished> production(String model) {
        return Optional.ofNullable(productionDocument(model)).map(MongoModelRegistry::fromDocument);
    }

    /** The newest feedback time the production version was trained on, if recorded. */
    public OptionalLong productionDataUntil(String model) {
        Document doc = productionDocument(model);
        return doc != null && doc.get(DATA_UNTIL) instanceof Number n
                ? OptionalLong.of(n.longValue())
                : OptionalLong.empty();
    }

    /**
     * The artifact directory of {@code entry} after its sha256 check.
     *
     * @throws ArtifactIntegrityException if the artifact is missing or altered
     */
    public Path verifiedArtifact(ModelPublished entry) throws ArtifactIntegrityException {
        return artifacts.verified(entry.model(), entry.version(), entry.sha256());
    }

    /**
     * Registers a new version from a staged artifact and puts it into production: allocates the
     * next version, records {@code draft} (its version, artifact URI and stage are replaced) with
     * {@code sha256}, moves the artifact to its version directory, archives the previous production
     * version and deletes artifacts beyond the newest {@code keepLast}.
     *
     * @param dataUntil newest feedback time in the training data
     * @return the entry as registered, stage production
     */
    public ModelPublished register(ModelPublished draft, Path staged, String sha256, long dataUntil)
            throws IOException {
        String model = draft.model();
        ModelPublished entry = null;
        for (int attempt = 0; entry == null; attempt++) {
            if (attempt == MAX_ALLOCATION_TRIES) {
                throw new IllegalStateException(
                        "could not allocate a version of "
                                + model
                                + " after "
                                + attempt
                                + " tries");
            }
            int version = latestVersion(model) + 1;
            ModelPublished candidate =
                    new ModelPublished(
                            model,
                            version,
                            draft.parentVersion(),
                            draft.triggerId(),
                            artifactUri(model, version),
                            sha256,
                            draft.metrics(),
                            ModelStage.STAGING,
                            draft.referenceProfile(),
                            draft.publishedAt());
            Document doc = toDocument(candidate).append(DATA_UNTIL, dataUntil);
            try {
                collection.insertOne(doc);
                entry = candidate;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                LOG.debug(
                        "version {} of {} taken by another trainer, trying the next",
                        version,
                        model);
            }
        }
        artifacts.commit(staged, model, entry.version());
        promote(model, entry.version(), entry.publishedAt());
        enforceRetention(model);
        return withStage(entry, ModelStage.PRODUCTION, entry.publishedAt());
    }

    @Override
    public ModelPublished rollback(String model, int version) {
        Document doc =
                collection
                        .find(
                                Filters.and(
                                        Filters.eq("model", model), Filters.eq("version", version)))
                        .first();
        if (doc == null) {
            throw new IllegalArgumentException("no version " + version + " of model " + model);
        }
        if (Boolean.TRUE.equals(doc.getBoolean(ARTIFACT_DELETED))) {
            throw new IllegalArgumentException(
                    "artifact of " + model + " v" + version + " was deleted (keep-last-N)");
        }
        ModelPublished entry = fromDocument(doc);
        try {
            verifiedArtifact(entry);
        } catch (ArtifactIntegrityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        long now = clock.millis();
        promote(model, version, now);
        LOG.info("model {}: rolled back to v{}", model, version);
        return withStage(entry, ModelStage.PRODUCTION, now);
    }

    /**
     * Deletes the artifacts of versions older than the newest {@code keepLast}, never production's;
     * their registry entries stay, marked {@code artifact_deleted}.
     *
     * @return the number of artifacts deleted
     */
    public int enforceRetention(String model) {
        int deleted = 0;
        int seen = 0;
        for (Document doc :
                collection
                        .find(Filters.eq("model", model))
                        .projection(Projections.include("version", "stage", ARTIFACT_DELETED))
                        .sort(Sorts.descending("version"))) {
            seen++;
            if (seen <= keepLast
                    || PRODUCTION.equals(doc.getString("stage"))
                    || Boolean.TRUE.equals(doc.getBoolean(ARTIFACT_DELETED))) {
                continue;
            }
            int version = ((Number) doc.get("version")).intValue();
            try {
                artifacts.deleteTree(artifacts.versionDir(model, version));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            collection.updateOne(
                    Filters.and(Filters.eq("model", model), Filters.eq("version", version)),
                    Updates.combine(
                            Updates.set(ARTIFACT_DELETED, true), Updates.set("stage", ARCHIVED)));
            deleted++;
            LOG.info(
                    "model {}: deleted the artifact of v{} (keeping the last {})",
                    model,
                    version,
                    keepLast);
        }
        return deleted;
    }

    /** Puts {@code version} into production, then archives any other production version. */
    private void promote(String model, int version, long publishedAt) {
        collection.updateOne(
                Filters.and(Filters.eq("model", model), Filters.eq("version", version)),
                Updates.combine(
                        Updates.set("stage", PRODUCTION),
                        Updates.set("published_at", publishedAt)));
        collection.updateMany(
                Filters.and(
                        Filters.eq("model", model),
                        Filters.eq("stage", PRODUCTION),
                        Filters.ne("version", version)),
                Updates.set("stage", ARCHIVED));
    }

    private Document productionDocument(String model) {
        return collection
                .find(Filters.and(Filters.eq("model", model), Filters.eq("stage", PRODUCTION)))
                .sort(Sorts.descending("version"))
                .first();
    }

    private int latestVersion(String model) {
        Bson filter = Filters.eq("model", model);
        Document latest =
                collection
                        .find(filter)
                        .projection(Projections.include("version"))
                        .sort(Sorts.descending("version"))
                        .first();
        return latest == null ? 0 : ((Number) latest.get("version")).intValue();
    }

    /** The {@code file:} URI of a version's artifact directory, with a trailing slash. */
    private String artifactUri(String model, int version) {
        String uri = artifacts.versionDir(model, version).toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private static ModelPublished withStage(ModelPublished e, ModelStage stage, long publishedAt) {
        return new ModelPublished(
                e.model(),
                e.version(),
                e.parentVersion(),
                e.triggerId(),
                e.artifactUri(),
                e.sha256(),
                e.metrics(),
                stage,
                e.referenceProfile(),
                publishedAt);
    }

    /** The registry document of an entry: its contract form ({@link EventDocuments}). */
    static Document toDocument(ModelPublished entry) {
        return EventDocuments.toMongoDocument(entry);
    }

    /** The entry of a registry document, read with the events contract's own decoder. */
    static ModelPublished fromDocument(Document doc) {
        // _id is left out and the registry's own fields (data_until, artifact_deleted) are unknown
        // to the contract
        ParseResult<ModelPublished> parsed = EventDocuments.fromDocument(doc, ModelPublished.class);
        if (!parsed.isValid()) {
            throw new IllegalStateException(
                    "registry document of "
                            + doc.get("model")
                            + " v"
                            + doc.get("version")
                            + " is invalid: "
                            + parsed.reason());
        }
        return parsed.value();
    }
}
