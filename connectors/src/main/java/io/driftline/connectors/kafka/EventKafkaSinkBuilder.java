package io.driftline.connectors.kafka;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkState;

import io.driftline.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import javax.annotation.Nullable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds a {@link KafkaSink} that writes Driftline event records as their JSON contract. Exactly
 * once by default: records become visible to {@code read_committed} consumers when the checkpoint
 * that covers them completes.
 *
 * <pre>{@code
 * KafkaSink<DeadLetter> sink = new EventKafkaSinkBuilder<DeadLetter>()
 *         .setBootstrapServers("localhost:9092")
 *         .setTopic("driftline.dead-letter")
 *         .setTransactionalIdPrefix("driftline-ingest-dlq")
 *         .optKey(DeadLetter::sourceTopic)
 *         .build();
 * }</pre>
 *
 * @param <T> the event record type
 */
public final class EventKafkaSinkBuilder<T> {

    /** Brokers cap transactions at 15 minutes by default; stay under it. */
    static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private String bootstrapServers;
    private String topic;
    private String transactionalIdPrefix;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private SerializableFunction<T, String> keyFunction;
    private final Properties producerProperties = new Properties();

    public EventKafkaSinkBuilder<T> setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    public EventKafkaSinkBuilder<T> setTopic(String topic) {
        this.topic = topic;
        return this;
    }

    /** Required for exactly-once: unique per sink across every job writing to the cluster. */
    public EventKafkaSinkBuilder<T> setTransactionalIdPrefix(String prefix) {
        this.transactionalIdPrefix = prefix;
        return this;
    }

    public EventKafkaSinkBuilder<T> optDeliveryGuarantee(DeliveryGuarantee guarantee) {
        this.deliveryGuarantee = guarantee;
        return this;
    }

    public EventKafkaSinkBuilder<T> optTransactionTimeout(Duration timeout) {
        this.transactionTimeout = timeout;
        return this;
    }

    /** The record key, e.g. the model name so a model's records stay in order on one partition. */
    public EventKafkaSinkBuilder<T> optKey(SerializableFunction<T, String> keyFunction) {
        this.keyFunction = keyFunction;
        return this;
    }

    /** Any other producer property (security settings for a real cluster, say). */
    public EventKafkaSinkBuilder<T> optProducerProperty(String key, String value) {
        producerProperties.setProperty(key, value);
        return this;
    }

    /** {@link #optProducerProperty} for each entry. */
    public EventKafkaSinkBuilder<T> optProducerProperties(
            java.util.Map<String, String> properties) {
        properties.forEach(this::optProducerProperty);
        return this;
    }

    public KafkaSink<T> build() {
        checkArgument(
                bootstrapServers != null && !bootstrapServers.isBlank(),
                "bootstrap servers are required: setBootstrapServers(\"host:9092\")");
        checkArgument(topic != null && !topic.isBlank(), "topic is required: setTopic(...)");
        checkState(
                deliveryGuarantee != DeliveryGuarantee.EXACTLY_ONCE
                        || (transactionalIdPrefix != null && !transactionalIdPrefix.isBlank()),
                "an exactly-once sink to %s needs setTransactionalIdPrefix(...), unique per sink",
                topic);
        Properties props = new Properties();
        props.putAll(producerProperties);
        props.setProperty(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(transactionTimeout.toMillis()));
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        var builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setDeliveryGuarantee(deliveryGuarantee)
                        .setKafkaProducerConfig(props)
                        .setRecordSerializer(new JsonRecordSerializer<>(topic, keyFunction));
        if (transactionalIdPrefix != null) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }

    /** Serializes one event as its JSON contract, with an optional UTF-8 key. */
    static final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

        private static final long serialVersionUID = 1L;

        private final String topic;
        @Nullable private final SerializableFunction<T, String> keyFunction;

        JsonRecordSerializer(String topic, @Nullable SerializableFunction<T, String> keyFunction) {
            this.topic = topic;
            this.keyFunction = keyFunction;
        }

        @Override
        public void open(
                SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {}

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T element, KafkaSinkContext context, Long timestamp) {
            byte[] key = null;
            if (keyFunction != null) {
                String k = keyFunction.apply(element);
                key = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
            }
            // No record timestamp: the producer stamps the send time. The element's Flink
            // timestamp is event time, which brokers refuse when it lies over an hour ahead
            // (message.timestamp.after.max.ms); event time travels in the payload.
            return new ProducerRecord<>(topic, null, null, key, EventJson.toJson(element));
        }
    }
}
