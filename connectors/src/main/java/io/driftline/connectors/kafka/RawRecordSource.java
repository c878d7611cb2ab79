package io.driftline.connectors.kafka;

import io.driftline.events.RawRecord;
import java.util.Map;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka source every Driftline job reads its topics with: raw bytes with their position (so bad
 * input becomes a dead letter downstream), {@code read_committed} (our producers write
 * transactionally), offsets from the job's checkpoints, or the group's committed offsets, or the
 * beginning of the topic on a first start.
 */
public final class RawRecordSource {

    private RawRecordSource() {}

    public static KafkaSource<RawRecord> create(
            String bootstrapServers,
            String groupId,
            Map<String, String> properties,
            String... topics) {
        return builder(bootstrapServers, groupId, properties, topics).build();
    }

    /**
     * The source's builder with every setting {@link #create} uses, for callers that change one (a
     * benchmark bounds it to the end of the topic).
     */
    public static KafkaSourceBuilder<RawRecord> builder(
            String bootstrapServers,
            String groupId,
            Map<String, String> properties,
            String... topics) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(topics)
                        .setGroupId(groupId)
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new RawRecordDeserializationSchema())
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperty("isolation.level", "read_committed");
        properties.forEach(builder::setProperty);
        return builder;
    }
}
