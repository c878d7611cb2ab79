package io.driftline.connectors.mongo;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.driftline.events.EventDocuments;
import org.apache.flink.connector.mongodb.sink.writer.context.MongoSinkContext;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Writes a Driftline event record as a MongoDB document: its JSON contract, with {@code _id} the
 * event's id, as an idempotent upsert. {@link Mode#REPLACE} keeps the latest version (a drift
 * report re-evaluated after late data); {@link Mode#INSERT_IF_ABSENT} never overwrites (a retrain
 * trigger whose status the trainer has since moved on must not be reset by a replay).
 *
 * @param <T> the event record type
 */
public final class EventDocumentSerializationSchema<T> implements MongoSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** How an existing document with the same id is treated. */
    public enum Mode {
        REPLACE,
        INSERT_IF_ABSENT
    }

    private final SerializableFunction<T, String> id;
    private final Mode mode;

    public EventDocumentSerializationSchema(SerializableFunction<T, String> id, Mode mode) {
        this.id = id;
        this.mode = mode;
    }

    @Override
    public WriteModel<BsonDocument> serialize(T event, MongoSinkContext context) {
        return toWriteModel(event);
    }

    WriteModel<BsonDocument> toWriteModel(T event) {
        BsonString key = new BsonString(id.apply(event));
        BsonDocument document = EventDocuments.toDocument(event);
        document.put("_id", key);
        BsonDocument filter = new BsonDocument("_id", key);
        return switch (mode) {
            case REPLACE ->
                    new ReplaceOneModel<>(filter, document, new ReplaceOptions().upsert(true));
            case INSERT_IF_ABSENT ->
                    new UpdateOneModel<>(
                            filter,
                            new BsonDocument("$setOnInsert", document),
                            new UpdateOptions().upsert(true));
        };
    }
}
