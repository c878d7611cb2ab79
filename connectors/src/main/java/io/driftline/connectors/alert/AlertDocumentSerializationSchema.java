package io.driftline.connectors.alert;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.driftline.events.Alert;
import java.util.Map;
import org.apache.flink.connector.mongodb.sink.writer.context.MongoSinkContext;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;

/**
 * Writes an {@link Alert} into the {@code alerts} collection as an upsert keyed by its fingerprint
 * (the document's {@code _id}): one document per alert identity, holding its latest {@code
 * starts_at}, {@code ends_at} and {@code status} ({@code firing} or {@code resolved}).
 */
public final class AlertDocumentSerializationSchema implements MongoSerializationSchema<Alert> {

    private static final long serialVersionUID = 1L;

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    @Override
    public WriteModel<BsonDocument> serialize(Alert alert, MongoSinkContext context) {
        BsonDocument filter = new BsonDocument("_id", new BsonString(alert.fingerprint()));
        return new UpdateOneModel<>(filter, toUpdate(alert), UPSERT);
    }

    /** The update document for one alert; visible for tests. */
    static BsonDocument toUpdate(Alert alert) {
        BsonDocument set = new BsonDocument();
        set.put("alertname", new BsonString(alert.alertname()));
        set.put("fingerprint", new BsonString(alert.fingerprint()));
        set.put("labels", strings(alert.labels()));
        set.put("annotations", strings(alert.annotations()));
        set.put("starts_at", new BsonDateTime(alert.startsAt()));
        set.put(
                "ends_at",
                alert.endsAt() == null ? BsonNull.VALUE : new BsonDateTime(alert.endsAt()));
        set.put("status", new BsonString(alert.resolved() ? "resolved" : "firing"));
        return new BsonDocument("$set", set);
    }

    private static BsonDocument strings(Map<String, String> map) {
        BsonDocument doc = new BsonDocument();
        map.forEach((k, v) -> doc.put(k, new BsonString(v)));
        return doc;
    }
}
