package io.driftline.connectors.mongo;

import io.driftline.events.FeedbackEvent;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.mongodb.sink.MongoSink;

/**
 * The {@code ml_feedback} sink: flink-connector-mongodb's {@link MongoSink} with at-least-once
 * delivery (flushed on every checkpoint) over idempotent upserts, which together give each event
 * exactly one document after any replay.
 *
 * <pre>{@code
 * Sink<FeedbackEvent> sink = FeedbackMongoSink.create("mongodb://localhost:27017", "driftline", "ml_feedback");
 * }</pre>
 */
public final class FeedbackMongoSink {

    private FeedbackMongoSink() {}

    public static MongoSink<FeedbackEvent> create(String uri, String database, String collection) {
        return MongoSink.<FeedbackEvent>builder()
                .setUri(uri)
                .setDatabase(database)
                .setCollection(collection)
                .setBatchSize(500)
                .setBatchIntervalMs(500)
                .setMaxRetries(5)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setSerializationSchema(new FeedbackDocumentSerializationSchema())
                .build();
    }
}
