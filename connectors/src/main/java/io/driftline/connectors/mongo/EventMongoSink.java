package io.driftline.connectors.mongo;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.mongodb.sink.MongoSink;
import org.apache.flink.util.function.SerializableFunction;

/**
 * MongoDB sinks for event records (drift reports, retrain triggers): at-least-once delivery,
 * flushed on checkpoints, over idempotent upserts keyed by the event's id.
 *
 * <pre>{@code
 * MongoSink<DriftReport> reports = EventMongoSink.create(uri, "driftline", "drift_reports",
 *         DriftReport::reportId, EventDocumentSerializationSchema.Mode.REPLACE);
 * }</pre>
 */
public final class EventMongoSink {

    private EventMongoSink() {}

    public static <T> MongoSink<T> create(
            String uri,
            String database,
            String collection,
            SerializableFunction<T, String> id,
            EventDocumentSerializationSchema.Mode mode) {
        return MongoSink.<T>builder()
                .setUri(uri)
                .setDatabase(database)
                .setCollection(collection)
                .setBatchSize(200)
                .setBatchIntervalMs(500)
                .setMaxRetries(5)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setSerializationSchema(new EventDocumentSerializationSchema<>(id, mode))
                .build();
    }
}
