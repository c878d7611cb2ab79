package io.driftline.connectors.mongo;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.Map;
import org.apache.flink.connector.mongodb.sink.writer.context.MongoSinkContext;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Writes a {@link FeedbackEvent} into {@code ml_feedback} as an idempotent upsert keyed by {@code
 * event_id} (the document's {@code _id}). Replaying an event after a restart rewrites the same
 * document, and an outcome that arrives later in a second event with the same {@code event_id} only
 * sets {@code actual} on the prediction's document, leaving features and prediction intact.
 */
public final class FeedbackDocumentSerializationSchema
        implements MongoSerializationSchema<FeedbackEvent> {

    private static final long serialVersionUID = 1L;

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    @Override
    public WriteModel<BsonDocument> serialize(FeedbackEvent event, MongoSinkContext context) {
        BsonDocument filter = new BsonDocument("_id", new BsonString(event.eventId()));
        return new UpdateOneModel<>(filter, toUpdate(event), UPSERT);
    }

    /** The update document for one event; visible for tests. */
    static BsonDocument toUpdate(FeedbackEvent event) {
        BsonDocument set = new BsonDocument();
        set.put("event_id", new BsonString(event.eventId()));
        set.put("model", new BsonString(event.model()));
        if (event.prediction() != null) {
            // a prediction event: everything it carries
            set.put("ts", new BsonInt64(event.ts()));
            set.put("event_time", new BsonDateTime(event.ts()));
            if (event.modelVersion() != null) {
                set.put("model_version", new BsonString(event.modelVersion()));
            }
            BsonDocument features = new BsonDocument();
            for (Map.Entry<String, FeatureValue> f : event.features().entrySet()) {
                features.put(f.getKey(), toBson(f.getValue()));
            }
            set.put("features", features);
            set.put("prediction", toBson(event.prediction()));
            if (event.confidenceScore() != null) {
                set.put("confidence_score", new BsonDouble(event.confidenceScore()));
            }
            if (!event.segment().isEmpty()) {
                BsonDocument segment = new BsonDocument();
                event.segment().forEach((k, v) -> segment.put(k, new BsonString(v)));
                set.put("segment", segment);
            }
        }
        if (event.hasOutcome()) {
            set.put("actual", toBson(event.actual()));
            set.put("actual_ts", new BsonInt64(event.ts()));
        }
        BsonDocument onInsert = new BsonDocument("used_for_training", BsonBoolean.FALSE);
        return new BsonDocument("$set", set).append("$setOnInsert", onInsert);
    }

    static BsonValue toBson(FeatureValue value) {
        if (value instanceof FeatureValue.Numeric n) {
            return new BsonDouble(n.value());
        }
        if (value instanceof FeatureValue.Categorical c) {
            return new BsonString(c.value());
        }
        return BsonNull.VALUE;
    }
}
