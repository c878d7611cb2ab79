package io.driftline.trainer.data;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.driftline.trainer.core.ModelFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads a model's training rows from {@code ml_feedback} (the documents the ingest job writes:
 * {@code _id}, {@code model}, {@code ts}, {@code features}, {@code actual}), validates them, bounds
 * them by reservoir sampling, and marks the rows a promoted version used.
 *
 * <p>Rows are read in {@code (ts, _id)} order so that, for a given seed, the sample is the same on
 * every run.
 */
public final class FeedbackStore {

    /** Reason: a family that learns from outcomes got a row without one. */
    public static final String MISSING_ACTUAL = "missing actual";

    /** Reason: a regressor or forecaster got a categorical outcome. */
    public static final String NON_NUMERIC_LABEL = "non-numeric label";

    /** Reason: fewer non-missing features than the minimum. */
    public static final String TOO_FEW_FEATURES = "too few features";

    /** Reason: {@code ts} absent or not a number. */
    public static final String MISSING_TS = "missing ts";

    /** Reason: a feature or outcome of a type training cannot use (boolean, object, array). */
    public static final String UNSUPPORTED_VALUE = "unsupported value type";

    /** Reason: NaN or an infinity. */
    public static final String NON_FINITE = "non-finite value";

    private static final int MARK_BATCH = 10_000;

    private final MongoCollection<Document> feedback;

    /** A store over {@code feedback} (the {@code ml_feedback} collection). */
    public FeedbackStore(MongoCollection<Document> feedback) {
        this.feedback = feedback;
    }

    /**
     * Reads the valid rows of {@code model} with {@code fromExclusive < ts <= toInclusive}.
     *
     * @param maxRows most rows returned; above it a uniform sample seeded with {@code seed}
     * @param minFeatures fewest non-missing features a valid row has
     */
    public LoadedFeedback load(
            String model,
            ModelFamily family,
            long fromExclusive,
            long toInclusive,
            int maxRows,
            int minFeatures,
            long seed) {
        Bson filter =
                Filters.and(
                        Filters.eq("model", model),
                        Filters.gt("ts", fromExclusive),
                        Filters.lte("ts", toInclusive));
        ReservoirSampler<FeedbackRow> sampler =
                new ReservoirSampler<>(maxRows, new SplittableRandom(seed));
        Map<String, Long> invalid = new HashMap<>();
        for (Document doc :
                feedback.find(filter)
                        .projection(Projections.include("_id", "ts", "features", "actual"))
                        .sort(Sorts.ascending("ts", "_id"))
                        .batchSize(10_000)) {
            String reason = validate(doc, family, minFeatures);
            if (reason != null) {
                invalid.merge(reason, 1L, Long::sum);
                continue;
            }
            sampler.offer(toRow(doc, family));
        }
        List<FeedbackRow> rows = new ArrayList<>(sampler.items());
        if (sampler.sampled()) {
            rows.sort(Comparator.comparingLong(FeedbackRow::ts).thenComparing(FeedbackRow::id));
        }
        long newest = rows.isEmpty() ? -1 : rows.get(rows.size() - 1).ts();
        return new LoadedFeedback(rows, sampler.seen(), invalid, sampler.sampled(), newest);
    }

    /**
     * Sets {@code used_for_training: true} and {@code trained_version} on the given rows.
     *
     * @return the number of documents updated
     */
    public long markUsed(List<FeedbackRow> rows, int version) {
        long updated = 0;
        // One update per _id in a bulk write: an equality on _id uses the index everywhere,
        // where an $in over thousands of ids is a collection scan on some servers (the embedded
        // mongo-java-server among them), which stalled the store under load.
        Bson set =
                Updates.combine(
                        Updates.set("used_for_training", true),
                        Updates.set("trained_version", version));
        for (int from = 0; from < rows.size(); from += MARK_BATCH) {
            List<UpdateOneModel<Document>> batch =
                    new ArrayList<>(Math.min(MARK_BATCH, rows.size() - from));
            for (FeedbackRow row : rows.subList(from, Math.min(rows.size(), from + MARK_BATCH))) {
                batch.add(new UpdateOneModel<>(Filters.eq("_id", row.id()), set));
            }
            updated +=
                    feedback.bulkWrite(batch, new BulkWriteOptions().ordered(false))
                            .getModifiedCount();
        }
        return updated;
    }

    /** Why {@code doc} is unusable for {@code family}, or {@code null} when it is valid. */
    static String validate(Document doc, ModelFamily family, int minFeatures) {
        if (!(doc.get("ts") instanceof Number)) {
            return MISSING_TS;
        }
        if (!(doc.get("_id") instanceof String)) {
            return UNSUPPORTED_VALUE;
        }
        Object actual = doc.get("actual");
        if (family.needsLabel()) {
            if (actual == null) {
                return MISSING_ACTUAL;
            }
            if (actual instanceof Number n) {
                if (!Double.isFinite(n.doubleValue())) {
                    return NON_FINITE;
                }
            } else if (!(actual instanceof String)) {
                return UNSUPPORTED_VALUE;
            } else if (family.numericLabel()) {
                return NON_NUMERIC_LABEL;
            }
        }
        Object features = doc.get("features");
        if (features != null && !(features instanceof Document)) {
            return UNSUPPORTED_VALUE;
        }
        int present = 0;
        if (features != null) {
            for (Object value : ((Document) features).values()) {
                if (value == null) {
                    continue;
                }
                if (value instanceof Number n) {
                    if (!Double.isFinite(n.doubleValue())) {
                        return NON_FINITE;
                    }
                } else if (!(value instanceof String)) {
                    return UNSUPPORTED_VALUE;
                }
                present++;
            }
        }
        return present < minFeatures ? TOO_FEW_FEATURES : null;
    }

    private static FeedbackRow toRow(Document doc, ModelFamily family) {
        Map<String, Object> features = new LinkedHashMap<>();
        Object raw = doc.get("features");
        if (raw instanceof Document d) {
            for (Map.Entry<String, Object> e : d.entrySet()) {
                Object v = e.getValue();
                features.put(e.getKey(), v instanceof Number n ? (Object) n.doubleValue() : v);
            }
        }
        Object actual = doc.get("actual");
        if (actual instanceof Number n) {
            actual = n.doubleValue();
        }
        return new FeedbackRow(
                doc.getString("_id"),
                ((Number) doc.get("ts")).longValue(),
                features,
                family.needsLabel() ? actual : null);
    }
}
