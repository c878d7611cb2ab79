package io.driftline.connectors.mongo;

import com.mongodb.client.model.Filters;
import io.driftline.events.RawRecord;
import org.apache.flink.connector.mongodb.source.MongoSource;
import org.apache.flink.connector.mongodb.source.enumerator.splitter.PartitionStrategy;

/**
 * The bounded source the drift job starts from: every production model in the {@code
 * model_registry} collection, as raw ModelPublished bytes (validated downstream like the Kafka
 * updates), so a restarted job knows its references before the first update arrives.
 */
public final class RegistrySnapshotSource {

    private RegistrySnapshotSource() {}

    public static MongoSource<RawRecord> create(String uri, String database, String collection) {
        return MongoSource.<RawRecord>builder()
                .setUri(uri)
                .setDatabase(database)
                .setCollection(collection)
                .setFilter(Filters.eq("stage", "production"))
                // mongo-java-server (the embedded stack) has no splitVector
                .setPartitionStrategy(PartitionStrategy.SINGLE)
                .setDeserializationSchema(new RegistryDocumentDeserializationSchema(collection))
                .build();
    }
}
