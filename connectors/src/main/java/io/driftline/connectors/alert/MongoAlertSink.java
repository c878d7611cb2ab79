package io.driftline.connectors.alert;

import io.driftline.events.Alert;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.mongodb.sink.MongoSink;

/**
 * The alert sink for stacks without Alertmanager: upserts each {@link Alert} by fingerprint into a
 * MongoDB collection ({@code alerts} by default), at least once and idempotent, so the collection
 * shows every alert's current status.
 *
 * <pre>{@code
 * Sink<Alert> sink = MongoAlertSink.create("mongodb://localhost:27017", "driftline", "alerts");
 * }</pre>
 */
public final class MongoAlertSink {

    private MongoAlertSink() {}

    public static MongoSink<Alert> create(String uri, String database, String collection) {
        return MongoSink.<Alert>builder()
                .setUri(uri)
                .setDatabase(database)
                .setCollection(collection)
                .setBatchSize(100)
                .setBatchIntervalMs(1_000)
                .setMaxRetries(5)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setSerializationSchema(new AlertDocumentSerializationSchema())
                .build();
    }
}
